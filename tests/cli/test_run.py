"""``replicate-ext run`` end to end on the emulator: typing, files, streaming, status, exit codes."""

from __future__ import annotations

import _thread
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from replicate_emulator import Emulator

from replicate_ext import InvalidArgumentError, Replicate

from .conftest import CLI, PROGRESS_MODEL, TYPES_MODEL, FakeTerminal, wait_for


def test_run_prints_the_output(cli: CLI) -> None:
    result = cli("run", "replicate-ext/hello", "-i", "name=Ada")
    assert (result.code, result.out, result.err) == (0, "hello Ada\n", "")


def test_inputs_are_typed_by_the_schema(cli: CLI) -> None:
    result = cli("run", "replicate-ext/tokens", "-i", "prompt=42", "-i", "count=3", "--json")
    assert result.code == 0, result.err
    prediction = result.json()
    assert prediction["input"] == {"prompt": "42", "count": 3}
    assert type(prediction["input"]["count"]) is int
    assert prediction["output"] == ["42", " 42", " 42"]
    assert prediction["status"] == "succeeded"


def test_every_schema_type(cli: CLI) -> None:
    result = cli(
        "run",
        TYPES_MODEL,
        *("-i", "n=7", "-i", "ratio=2", "-i", "flag=yes", "-i", 'tags=["a", "b"]'),
        *("-i", 'opts={"k": null}', "-i", "text=true", "-i", "mode=slow", "--json"),
    )
    assert result.code == 0, result.err
    assert result.json()["input"] == {
        "n": 7,
        "ratio": 2,
        "flag": True,
        "tags": ["a", "b"],
        "opts": {"k": None},
        "text": "true",
        "mode": "slow",
    }


def test_input_json_file_and_overrides(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text('{"n": 1, "text": "from file"}')
    result = cli(
        "run", TYPES_MODEL, "--input-json", str(tmp_path / "in.json"), "-i", "n=2", "--json"
    )
    assert result.code == 0, result.err
    assert result.json()["input"] == {"n": 2, "text": "from file"}
    piped = cli("run", TYPES_MODEL, "--input-json", "-", "--json", stdin=b'{"flag": true}')
    assert piped.json()["input"] == {"flag": True}


def test_best_effort_typing_without_a_schema(cli: CLI) -> None:
    result = cli(
        "run",
        "replicate-ext/echo",
        *("-i", "n=3", "-i", "x=1.5", "-i", "b=false", "-i", "s=hello world", "-i", "l=[1]"),
        *("-i", "eq=a=b", "-i", "nan=NaN", "--json"),
    )
    assert result.code == 0, result.err
    assert result.json()["output"] == {
        "n": 3,
        "x": 1.5,
        "b": False,
        "s": "hello world",
        "l": [1],
        "eq": "a=b",
        "nan": "NaN",
    }
    assert result.err == ""


def test_file_input_is_uploaded(cli: CLI, cli_emulator: Emulator, tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(b"\x89PNG fake")
    uploads = cli_emulator.requests.count("POST", "/v1/files")
    result = cli("run", "replicate-ext/echo", "-i", f"image=@{photo}", "-i", "at=@@me", "--json")
    assert result.code == 0, result.err
    output = result.json()["output"]
    assert output["image"].startswith(cli_emulator.base_url + "/files/")
    assert output["at"] == "@me"
    assert cli_emulator.requests.count("POST", "/v1/files") == uploads + 1


def test_output_files_are_saved_under_unique_names(cli: CLI, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    first = cli("run", "replicate-ext/image", "-i", "width=4", "--output-dir", str(out_dir))
    assert first.code == 0, first.err
    saved = Path(first.out.strip())
    assert saved.parent == out_dir and saved.suffix == ".png"
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    second = cli("run", "replicate-ext/image", "--output-dir", str(out_dir), "--json")
    assert second.code == 0, second.err
    data = second.json()
    (path,) = data["saved_files"]
    assert path != str(saved) and Path(path).read_bytes().startswith(b"\x89PNG")
    assert data["output"].startswith("http")
    plain = cli("run", "replicate-ext/image")
    assert plain.out.startswith("http") and plain.out.strip().endswith(".png")


def test_stream_prints_tokens_as_they_arrive(cli: CLI) -> None:
    writes: list[str] = []

    class Recorder(FakeTerminal):
        def isatty(self) -> bool:
            return False

        def write(self, text: str) -> int:
            writes.append(text)
            return super().write(text)

    result = cli(
        "run", "replicate-ext/tokens", "-i", "prompt=a b", "-i", "count=4", "--stream",
        stdout=Recorder(),
    )  # fmt: skip
    assert result.code == 0, result.err
    assert writes == ["a", " b", " a", " b", "\n"]
    piped = cli("run", "replicate-ext/tokens", "-i", "prompt=x", "-i", "count=2", "--stream")
    assert piped.out == "x x\n"


def test_stream_json_prints_the_prediction_only(cli: CLI) -> None:
    result = cli("run", "replicate-ext/tokens", "-i", "count=2", "--stream", "--json")
    assert result.code == 0, result.err
    assert result.json()["output"] == ["hello", " world"]


def test_stream_falls_back_to_waiting(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_stream(prediction: object) -> str:
        raise InvalidArgumentError("Prediction has no stream URL")

    monkeypatch.setattr("replicate_ext.resources.predictions.stream_url", no_stream)
    result = cli("run", "replicate-ext/tokens", "-i", "prompt=a", "-i", "count=2", "--stream")
    assert (result.code, result.out) == (0, "a a\n")
    assert "does not stream" in result.err


def test_model_failure_exits_1(cli: CLI) -> None:
    result = cli("run", "replicate-ext/fail", "-i", "message=boom")
    assert result.code == 1
    assert re.fullmatch(
        r"error: Prediction (\w+) failed: boom\nhint: see its logs: replicate-ext predictions get \1\n",
        result.err,
    ), result.err
    assert result.out == ""
    as_json = cli("run", "replicate-ext/fail", "--json")
    assert as_json.code == 1 and as_json.json()["status"] == "failed"
    streamed = cli("run", "replicate-ext/fail", "--stream")
    assert streamed.code == 1 and "failed" in streamed.err
    streamed_json = cli("run", "replicate-ext/fail", "--stream", "--json")
    assert streamed_json.code == 1 and streamed_json.json()["error"] == "Something went wrong"


def test_no_wait_creates_and_returns(cli: CLI, api: Replicate) -> None:
    result = cli("run", "replicate-ext/hello", "--no-wait")
    assert result.code == 0, result.err
    pid = re.fullmatch(r"Created prediction (\w+) \(status: \w+\)\n", result.out)
    assert pid, result.out
    assert api.wait(pid.group(1), timeout=5).output == "hello world"
    as_json = cli("run", "replicate-ext/hello", "--no-wait", "--json")
    assert as_json.json()["id"]


def test_usage_errors_exit_2(cli: CLI, tmp_path: Path) -> None:
    for args in (
        ["run", "replicate-ext/tokens", "-i", "count=abc"],
        ["run", "replicate-ext/tokens", "-i", "count"],
        ["run", TYPES_MODEL, "-i", "flag=maybe"],
        ["run", TYPES_MODEL, "-i", "mode=medium"],
        ["run", TYPES_MODEL, "-i", "tags=a,b"],
        ["run", "replicate-ext/echo", "-i", f"f=@{tmp_path / 'missing.png'}"],
        ["run", "replicate-ext/echo", "--input-json", str(tmp_path / "missing.json")],
        ["run", "not a ref"],
        ["run", "replicate-ext/hello", "--stream", "--no-wait"],
        ["run"],
        ["run", "replicate-ext/hello", "--bogus"],
        ["nonsense"],
        [],
        ["predictions"],
    ):
        result = cli(*args)
        assert result.code == 2, (args, result)
        assert "error" in result.err and result.out == "", (args, result)


def test_unknown_model_exits_3(cli: CLI) -> None:
    result = cli("run", "nobody/nothing", "-i", "x=1")
    assert result.code == 3
    assert result.err.startswith("error: 404") and "hint:" in result.err


def test_status_line_on_a_terminal(cli: CLI) -> None:
    terminal = FakeTerminal()
    result = cli("run", PROGRESS_MODEL, stderr=terminal)
    assert (result.code, result.out) == (0, "done\n")
    drawn = terminal.getvalue()
    frames = [f for f in drawn.split("\r\x1b[K") if f]
    assert any(re.search(r"(starting|processing)  \d+\.\ds", f) for f in frames), frames
    assert any(re.search(r"\] +\d+% [1-4]/4", f) for f in frames), frames
    assert drawn.endswith("\r\x1b[K"), "the line is erased at the end"
    quiet = FakeTerminal()
    assert cli("run", PROGRESS_MODEL, "--json", stderr=quiet).code == 0
    assert quiet.getvalue() == "", "no status line with --json"


def _interrupt_soon(delay: float) -> threading.Timer:
    timer = threading.Timer(delay, _thread.interrupt_main)
    timer.start()
    return timer


def test_ctrl_c_cancels_the_prediction(cli: CLI, api: Replicate) -> None:
    timer = _interrupt_soon(0.6)
    try:
        result = cli("run", "replicate-ext/sleep", "-i", "seconds=10")
    finally:
        timer.cancel()
    assert result.code == 130
    match = re.search(r"Canceled prediction (\w+)", result.err)
    assert match, result.err
    assert wait_for(lambda: api.predictions.get(match.group(1)).status == "canceled")


def test_ctrl_c_cancels_a_stream(cli: CLI, api: Replicate) -> None:
    timer = _interrupt_soon(0.6)
    try:
        result = cli("run", "replicate-ext/tokens", "-i", "count=50", "-i", "delay=0.2", "--stream")
    finally:
        timer.cancel()
    assert result.code == 130
    assert result.out.startswith("hello") and result.out.endswith("\n")
    match = re.search(r"Canceled prediction (\w+)", result.err)
    assert match, result.err
    assert wait_for(lambda: api.predictions.get(match.group(1)).status == "canceled")


def test_a_closed_output_cancels_the_stream(cli_emulator: Emulator, api: Replicate) -> None:
    # ``run ... --stream | head``: before, exit 1 ("the model failed"), silently, and the
    # prediction went on running (and costing) after the reader had gone.
    env = {
        **os.environ,
        "REPLICATE_API_TOKEN": cli_emulator.token,
        "REPLICATE_BASE_URL": cli_emulator.base_url,
    }
    command = [sys.executable, "-m", "replicate_ext.cli", "run", "replicate-ext/tokens"]
    command += ["-i", "count=3000", "-i", "delay=0.001", "--stream"]
    with subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(20).startswith("hello")
        proc.stdout.close()  # as head does once it has its lines
        err = proc.stderr.read()
        assert proc.wait(timeout=30) == 141
    match = re.search(r"The output was closed: canceled prediction (\w+)", err)
    assert match, err
    assert "Traceback" not in err
    assert wait_for(lambda: api.predictions.get(match.group(1)).status == "canceled")
