"""The command line and the pytest plugin, each run in a subprocess."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(
    r"^Replicate emulator ready at (http://127\.0\.0\.1:\d+/v1) \(token: (r8_\S+)\)$"
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_cli_prints_ready_line_and_serves(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "replicate_emulator",
            "--port",
            "0",
            "--token",
            "r8_cli",
            "--data-dir",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().rstrip("\n")
        match = READY.match(line)
        assert match, line
        base_url, token = match.groups()
        assert token == "r8_cli"
        response = httpx.get(f"{base_url}/account", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert (tmp_path / "emulator.sqlite3").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--model", "nonsense", "invalid --model"),
        ("--fault", "GET /x nope", "invalid --fault: unknown fault kind 'nope'"),
    ],
)
def test_cli_rejects_bad_specs(option: str, value: str, message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "replicate_emulator", "--port", "0", option, value],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    assert message in result.stderr


def test_pytest_plugin_fixture(tmp_path: Path) -> None:
    """A user's suite gets the fixtures from the entry point alone (no -p, no conftest)."""
    test_file = tmp_path / "test_uses_plugin.py"
    test_file.write_text(
        "import httpx\n\n"
        "def test_emulator(replicate_emulator):\n"
        "    r = httpx.get(replicate_emulator.base_url + '/account',\n"
        "                  headers={'Authorization': 'Bearer ' + replicate_emulator.token})\n"
        "    assert r.status_code == 200\n\n"
        "def test_client(replicate_client):\n"
        "    assert replicate_client.run('replicate-ext/hello', input={'name': 'P'}) == 'hello P'\n\n"
        "async def test_async_client(async_replicate_client):\n"
        "    out = await async_replicate_client.run('replicate-ext/hello', input={})\n"
        "    assert out == 'hello world'\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=auto",
            "-o",
            "asyncio_default_fixture_loop_scope=function",
            "-W",
            "error",
            str(test_file),
        ],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_plugin_imports_without_server_dependencies() -> None:
    code = (
        "import sys\n"
        "import replicate_emulator.pytest_plugin\n"
        "assert 'starlette' not in sys.modules and 'uvicorn' not in sys.modules, sorted(sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_cli_faults_and_concurrency() -> None:
    fault = "GET /account status status=503 times=1"
    command = [sys.executable, "-m", "replicate_emulator", "--port", "0", "--token", "r8_cli"]
    command += ["--fault", fault, "--concurrency", "1"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=_env(), cwd=ROOT)
    try:
        assert proc.stdout is not None
        match = READY.match(proc.stdout.readline().rstrip("\n"))
        assert match, "no ready line"
        auth = {"Authorization": "Bearer r8_cli"}
        with httpx.Client(base_url=match[1], headers=auth, timeout=10) as api:
            assert api.get("/account").status_code == 503
            assert api.get("/account").status_code == 200
            sleeps = [
                api.post(
                    "/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 30}}
                ).json()
                for _ in range(2)
            ]
            first = sleeps[0]
            while first["status"] == "starting":
                time.sleep(0.01)
                first = api.get(f"/predictions/{first['id']}").json()
            assert first["status"] == "processing"
            # One prediction at a time: the second waits for the first.
            assert api.get(f"/predictions/{sleeps[1]['id']}").json()["status"] == "starting"
            for prediction in sleeps:
                api.post(prediction["urls"]["cancel"])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
    assert proc.returncode == 0
