"""The pytest plugin in a user's suite: async fixtures in strict mode, isolation, unmatched
faults, and models that are not replaced by accident (issue 13, item 8)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import httpx
import pytest
from replicate_emulator import Emulator
from replicate_emulator.faults import Faults, UnmatchedFaultWarning
from replicate_emulator.pytest_plugin import fresh_replicate_emulator

from .helpers import AUTH, TOKEN

ROOT = Path(__file__).resolve().parents[2]


def _pytest(tmp_path: Path, suite: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``suite`` as a user's test file in a fresh pytest process."""
    (tmp_path / "test_user_suite.py").write_text(textwrap.dedent(suite))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"),
            *("-o", "asyncio_default_fixture_loop_scope=function", *args, "test_user_suite.py"),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


ASYNC_SUITE = """
    import pytest

    @pytest.mark.asyncio
    async def test_asyncio(async_replicate_client):
        out = await async_replicate_client.run("replicate-ext/hello", input={"name": "A"})
        assert out == "hello A"

    @pytest.mark.anyio
    async def test_anyio(async_replicate_client):
        out = await async_replicate_client.run("replicate-ext/hello", input={})
        assert out == "hello world"

    @pytest.mark.asyncio
    async def test_second_asyncio_test_gets_a_working_client(async_replicate_client):
        p = await async_replicate_client.predictions.create(model="replicate-ext/hello", input={})
        assert (await async_replicate_client.wait(p)).status == "succeeded"

    def test_sync(replicate_client):
        assert replicate_client.run("replicate-ext/hello", input={}) == "hello world"
"""


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_async_client_fixture_in_strict_and_auto_mode(tmp_path: Path, mode: str) -> None:
    """pytest-asyncio's default strict mode cannot set up an async fixture it was not told
    about; the client fixtures are synchronous, and nothing leaks (warnings are errors)."""
    result = _pytest(tmp_path, ASYNC_SUITE, "-o", f"asyncio_mode={mode}", "-W", "error")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


ISOLATION_SUITE = """
    def test_first_leaves_state(replicate_client, replicate_emulator):
        replicate_client.run("replicate-ext/hello", input={})
        replicate_client.files.create(b"data", filename="a.txt")
        assert replicate_emulator.requests

    def test_second_starts_clean(replicate_client, replicate_emulator):
        assert not replicate_emulator.requests
        assert list(replicate_client.predictions.list()) == []
        assert list(replicate_client.files.list()) == []
        assert replicate_client.run("replicate-ext/hello", input={}) == "hello world"

    def test_fresh_emulator_alone(fresh_replicate_emulator):
        fresh_replicate_emulator.faults.add("GET", "/account", "status", status=503)

    def test_after_it(replicate_emulator):
        assert not replicate_emulator.requests and not list(replicate_emulator.faults)
"""


def test_each_test_starts_with_a_clean_emulator(tmp_path: Path) -> None:
    result = _pytest(tmp_path, ISOLATION_SUITE, "-W", "error", "-W", "default::UserWarning")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout


UNMATCHED_SUITE = """
    def test_wrong_pattern(replicate_emulator, replicate_client):
        replicate_emulator.faults.add("POST", "/predictions", "status", status=500)
        assert replicate_client.run("replicate-ext/hello", input={}) == "hello world"

    def test_right_pattern(replicate_emulator, replicate_client):
        replicate_emulator.faults.add("POST", "/models/*/predictions", "status", status=500)
        try:
            replicate_client.run("replicate-ext/hello", input={})
        except Exception:
            pass
"""


def test_unmatched_fault_warns_at_teardown(tmp_path: Path) -> None:
    """The docs' old example never matched ``run()``; now the test that added it hears so
    (an error here, since warnings are errors), and the right pattern stays quiet."""
    result = _pytest(tmp_path, UNMATCHED_SUITE, "-W", "error")
    out = result.stdout
    assert result.returncode == 1, out + result.stderr
    assert "2 passed, 1 error" in out
    assert "ERROR test_user_suite.py::test_wrong_pattern" in out
    assert "1 emulator fault(s) matched no request: POST '/predictions' status" in out


# -- in process ----------------------------------------------------------------------------


def test_faults_unmatched_lists_faults_no_request_matched() -> None:
    faults = Faults()
    docs_example = faults.add("POST", "/predictions", "status", status=429, retry_after=2)
    right = faults.add("POST", "/models/*/predictions", "status", status=429, times=None)
    assert faults.take("POST", "/v1/models/acme/upper/predictions") is right
    assert faults.unmatched() == [docs_example]
    assert faults.take("POST", "/v1/predictions") is docs_example
    assert faults.unmatched() == []


def test_fixture_teardown_warns_and_resets() -> None:
    with Emulator(token=TOKEN) as emu:
        emu.faults.add("GET", "/nowhere", "reset", times=None)
        fixture = fresh_replicate_emulator.__wrapped__(emu)  # type: ignore[attr-defined]
        assert next(fixture) is emu
        with pytest.warns(UnmatchedFaultWarning, match="GET '/nowhere' reset"):
            next(fixture, None)
        assert len(emu.faults) == 0


def test_reset_forgets_jobs_files_requests_and_faults_but_keeps_models(tmp_path: Path) -> None:
    with (
        Emulator(token=TOKEN, data_dir=tmp_path) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=10) as api,
    ):
        emu.add_model("acme/upper", lambda inp: inp["text"].upper())
        created = api.post(
            "/models/acme/upper/predictions",
            json={"input": {"text": "x"}},
            headers={"Prefer": "wait"},
        )
        assert created.json()["output"] == "X"
        assert api.post("/files", files={"content": ("a.txt", b"hi")}).status_code == 201
        emu.faults.add("GET", "/nowhere", "reset")
        emu.reset()
        assert len(emu.requests) == 0 and len(emu.faults) == 0
        assert api.get("/predictions").json()["results"] == []
        assert api.get("/files").json()["results"] == []
        assert api.get(f"/predictions/{created.json()['id']}").status_code == 404
        assert api.get("/models/acme/upper").status_code == 200
        assert api.get("/account").status_code == 200  # the token still works
    with (
        Emulator(token=TOKEN, data_dir=tmp_path) as emu,
        httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=10) as api,
    ):
        assert api.get("/predictions").json()["results"] == []  # gone from disk too


def test_reset_before_start_clears_faults_and_requests() -> None:
    emu = Emulator()
    emu.faults.add("GET", "/account", "reset")
    emu.reset()
    assert len(emu.faults) == 0


def test_adding_a_model_twice_needs_replace() -> None:
    emu = Emulator(token=TOKEN)
    emu.add_model("acme/m", lambda inp: "one")
    with pytest.raises(ValueError, match="'acme/m' already exists; pass replace=True"):
        emu.add_model("acme/m", lambda inp: "two")
    emu.add_model("acme/m", lambda inp: "two", replace=True)
    with emu, httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=10) as api:
        with pytest.raises(ValueError, match="already exists"):
            emu.add_model("replicate-ext/hello", lambda inp: "not hello")
        with pytest.raises(ValueError, match="already exists"):
            emu.add_model("acme/m", lambda inp: "three")
        body: dict[str, object] = {"input": {}}
        out = api.post("/models/acme/m/predictions", json=body, headers={"Prefer": "wait"})
        assert out.json()["output"] == "two"
        emu.add_model("acme/m", lambda inp: "three", replace=True)
        out = api.post("/models/acme/m/predictions", json=body, headers={"Prefer": "wait"})
        assert out.json()["output"] == "three"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        emu.start()  # a restart registers the same models again without complaint
        emu.stop()


def test_the_same_code_may_be_registered_again() -> None:
    """A function-scoped fixture that adds its model for every test keeps working."""
    emu = Emulator(token=TOKEN)

    def fixture(schema: dict[str, object] | None = None) -> None:
        emu.add_model("acme/fixture", lambda inp: "same", schema=schema)

    fixture()
    fixture()
    with pytest.raises(ValueError, match="already exists"):
        fixture({"openapi": "3.0.2"})  # same code, other options: a different model


def test_adding_a_cog_model_under_a_taken_name_needs_replace() -> None:
    emu = Emulator(token=TOKEN)
    emu.add_model("acme/m", lambda inp: "one")
    with pytest.raises(ValueError, match="'acme/m' already exists; pass replace=True"):
        emu.add_cog_model("acme/m", "examples/cog-hello/predict.py:Predictor")
