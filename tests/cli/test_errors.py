"""Failures: one ``error:`` line and a hint, the documented exit code, never a traceback or the token."""

from __future__ import annotations

import io

import pytest
from replicate_emulator import Emulator

from replicate_ext.cli import main
from replicate_ext.cli.errors import describe, report
from replicate_ext.errors import APIConnectionError, ReplicateError

from .conftest import CLI


def test_missing_token(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    result = cli("predictions", "list")
    assert result.code == 3
    lines = result.err.splitlines()
    assert lines[0] == "error: No API token: REPLICATE_API_TOKEN is not set."
    assert lines[1].startswith("hint: export REPLICATE_API_TOKEN=r8_...")
    assert len(lines) == 2 and result.out == ""


def test_commands_without_the_api_need_no_token(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    assert cli("--help").code == 0
    assert cli("run", "--help").code == 0
    assert cli("webhooks", "verify", "--secret", "whsec_AAAA", stdin=b"{}").code == 1


def test_wrong_token_is_never_shown(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = "r8_wrong_but_secret_0123456789"
    monkeypatch.setenv("REPLICATE_API_TOKEN", wrong)
    result = cli("run", "replicate-ext/hello")
    assert result.code == 3
    assert (
        result.err.startswith("error: 401") and "hint: check that REPLICATE_API_TOKEN" in result.err
    )
    assert wrong not in result.err + result.out


def test_connection_error(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("REPLICATE_MAX_RETRIES", "0")
    result = cli("models", "get", "replicate-ext/hello")
    assert result.code == 3
    assert result.err.startswith("error: Could not reach the API")
    assert "hint: is the API reachable at http://127.0.0.1:9/v1?" in result.err


def test_server_error(cli: CLI, cli_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_MAX_RETRIES", "0")
    cli_emulator.faults.add("GET", "/predictions/*", "status", status=500, times=None)
    result = cli("predictions", "get", "abc")
    assert result.code == 3 and result.err.startswith("error: 500")
    assert len(result.err.splitlines()) <= 2


def test_bad_base_url_is_usage(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_BASE_URL", "ftp://example.com")
    result = cli("predictions", "list")
    assert result.code == 2 and result.err.startswith("error: base_url")


def test_the_token_is_redacted_from_any_message(
    monkeypatch: pytest.MonkeyPatch, cli_emulator: Emulator
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", cli_emulator.token)
    err = io.StringIO()
    code = report(ReplicateError(f"server echoed Bearer {cli_emulator.token}"), err)
    assert code == 3 and cli_emulator.token not in err.getvalue()
    assert "Bearer r8_***" in err.getvalue()


def test_unexpected_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(ctx: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("replicate_ext.cli.files.cmd_files_list", explode)
    out, err = io.StringIO(), io.StringIO()
    assert main(["files", "list"], stdout=out, stderr=err) == 1
    assert err.getvalue() == (
        "error: unexpected RuntimeError: kaboom\nhint: this is a bug; please report it\n"
    )


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (APIConnectionError("refused"), 3),
        (FileNotFoundError(2, "No such file or directory", "x.png"), 1),
        (ValueError("odd"), 1),
    ],
)
def test_describe(exc: BaseException, code: int) -> None:
    assert describe(exc)[0] == code
