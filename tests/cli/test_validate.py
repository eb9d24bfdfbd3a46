"""``replicate-ext run`` checks inputs against the model's schema: every problem, exit 2, nothing sent."""

from __future__ import annotations

from replicate_emulator import Emulator

from .conftest import CLI


def _posts(emulator: Emulator, since: int) -> int:
    return sum(r.method == "POST" for r in emulator.requests[since:])


def test_bad_inputs_are_listed_and_nothing_is_sent(cli: CLI, cli_emulator: Emulator) -> None:
    since = len(cli_emulator.requests)
    result = cli(
        "run",
        "replicate-ext/image",
        *("-i", "widht=64", "-i", "height=0", "-i", "color=red", "-i", "scale=3"),
    )
    assert result.code == 2, result
    assert result.out == ""
    assert result.err == (
        "error: 4 problems with the input of replicate-ext/image:\n"
        "  - widht: unknown input; did you mean 'width'?\n"
        "  - height: 0 is below the minimum, 1\n"
        "  - color: 'red' does not match the pattern '^#?[0-9a-fA-F]{6}$'\n"
        "  - scale: int 3 is not one of the choices: 1, 2, 4\n"
        "hint: see the inputs with `replicate-ext models get OWNER/NAME`; "
        "--no-validate sends them anyway\n"
    )
    assert _posts(cli_emulator, since) == 0


def test_no_validate_sends_anyway(cli: CLI, cli_emulator: Emulator) -> None:
    since = len(cli_emulator.requests)
    result = cli("run", "replicate-ext/hello", "-i", "nam=Ada", "--no-validate")
    assert result.code == 3, result  # the API's 422
    assert "warning: the model has no input 'nam' (its inputs: name)" in result.err
    assert _posts(cli_emulator, since) == 1
    assert cli("run", "replicate-ext/hello", "-i", "name=Ada").out == "hello Ada\n"


def test_stream_and_no_wait_are_checked_too(cli: CLI) -> None:
    for extra in ("--stream", "--no-wait"):
        result = cli("run", "replicate-ext/tokens", "-i", "count=0", extra)
        assert result.code == 2, result
        assert "  - count: 0 is below the minimum, 1\n" in result.err
