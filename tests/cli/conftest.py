"""Fixtures of the command line tests: ``cli(...)`` runs ``main()`` in-process on the session emulator.

Every call also checks two promises: no traceback on stderr (stdout may hold a failed model's
logs, which have one), and never the token anywhere.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from replicate_emulator import Emulator, cooperative_sleep
from replicate_emulator.schema import cog_schema

from replicate_ext import Replicate
from replicate_ext.cli import main

#: Test models added to the session emulator, once.
TYPES_MODEL = "cli-test/types"
PROGRESS_MODEL = "cli-test/progress"


@dataclass
class Result:
    """What one command line run produced."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """The standard output parsed as JSON."""
        return json.loads(self.out)


class CLI:
    """Run ``replicate-ext`` in-process, capturing its output."""

    def __init__(self, capsys: pytest.CaptureFixture[str], token: str) -> None:
        self.capsys = capsys
        self.token = token

    def __call__(self, *args: str, stdin: bytes | None = None, **streams: Any) -> Result:
        code = main(list(args), stdin=io.BytesIO(stdin or b""), **streams)
        captured = self.capsys.readouterr()
        result = Result(code, captured.out, captured.err)
        assert "Traceback" not in result.err, result.err
        assert not result.out.startswith("Traceback"), result.out
        assert self.token not in result.out + result.err, "the token was printed"
        return result


class FakeTerminal(io.StringIO):
    """A stderr that claims to be a terminal, recording what was drawn."""

    def isatty(self) -> bool:
        return True


def _types_schema() -> dict[str, Any]:
    schema = cog_schema(
        {
            "type": "object",
            "properties": {
                "n": {"type": "integer", "default": 1},
                "ratio": {"type": "number", "default": 0.5},
                "flag": {"type": "boolean", "default": False},
                "tags": {"type": "array", "items": {"type": "string"}, "default": []},
                "opts": {"type": "object", "default": {}},
                "text": {"type": "string", "default": ""},
                "mode": {"allOf": [{"$ref": "#/components/schemas/mode"}], "default": "fast"},
            },
        },
        {"type": "object"},
    )
    schema["components"]["schemas"]["mode"] = {"type": "string", "enum": ["fast", "slow"]}
    return schema


def _progress(inp: dict[str, Any], log: Any) -> str:
    total = 4
    for step in range(1, total + 1):
        cooperative_sleep(0.15)
        log(f"{step * 100 // total:3d}%|{'#' * step}| {step}/{total} [00:00<00:00]")
    return "done"


@pytest.fixture(scope="session")
def cli_emulator(replicate_emulator: Emulator) -> Emulator:
    """The session emulator, with the CLI's test models added."""
    if replicate_emulator.model(TYPES_MODEL) is None:
        replicate_emulator.add_model(TYPES_MODEL, lambda inp: inp, schema=_types_schema())
    if replicate_emulator.model(PROGRESS_MODEL) is None:
        replicate_emulator.add_model(PROGRESS_MODEL, _progress)
    return replicate_emulator


@pytest.fixture
def cli(
    cli_emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Iterator[CLI]:
    """``cli("run", ...)``: the command line, configured for the session emulator by environment."""
    monkeypatch.setenv("REPLICATE_API_TOKEN", cli_emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", cli_emulator.base_url)
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.02")
    monkeypatch.delenv("REPLICATE_WEBHOOK_SECRET", raising=False)
    yield CLI(capsys, cli_emulator.token)
    cli_emulator.faults.clear()


@pytest.fixture
def api(cli_emulator: Emulator) -> Iterator[Replicate]:
    """A client on the same emulator, to set things up and check what the CLI did."""
    client: Replicate = cli_emulator.client(poll_interval=0.02)
    yield client
    client.close()


def wait_for(check: Any, timeout: float = 5.0) -> Any:
    """Poll ``check()`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {check}")
        time.sleep(0.05)
