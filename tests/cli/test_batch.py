"""``replicate-ext batch``: JSONL and CSV inputs, --out, exit codes, resume, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from .conftest import CLI, TYPES_MODEL


@pytest.fixture(autouse=True)
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPLICATE_BATCH_CREATE_RATE", "60000")
    monkeypatch.setenv("REPLICATE_BATCH_REQUEST_RATE", "60000")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_jsonl_in_results_out_exit_1_when_some_failed(cli: CLI, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"seconds": 0, "value": "a"}\n\n{"seconds": 0, "value": "no", "fail": true}\n')
    out = tmp_path / "out.jsonl"
    result = cli("batch", "replicate-ext/delay", str(rows), "--out", str(out))
    assert result.code == 1
    lines = sorted(_lines(out), key=lambda line: line["index"])
    assert [line["status"] for line in lines] == ["succeeded", "failed"]
    assert lines[0]["output"] == "a" and "no" in lines[1]["error"]
    assert "done 2 / failed 1" in result.err
    assert (tmp_path / "rows.jsonl.journal").exists()  # the default journal


def test_csv_values_are_typed_by_the_schema(cli: CLI, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text('n,flag,tags,text\n3,true,"[""x""]",07\n4,false,,\n')
    result = cli("batch", TYPES_MODEL, str(rows), "--journal", str(tmp_path / "j"))
    assert result.code == 0, result.err
    outputs = sorted(
        (json.loads(line) for line in result.out.splitlines()), key=lambda r: r["index"]
    )
    assert (
        outputs[0]["output"] | {"n": 3, "flag": True, "tags": ["x"], "text": "07"}
        == (outputs[0]["output"])
    )
    assert outputs[1]["output"]["n"] == 4 and outputs[1]["output"]["flag"] is False
    assert outputs[1]["output"]["tags"] == []  # an empty cell is left out: the default


def test_a_csv_with_a_byte_order_mark(cli: CLI, tmp_path: Path) -> None:
    # Excel's "CSV UTF-8" starts with a BOM; before, it became part of the first column's name
    # and every row was refused (422: additional property '\ufeffseconds').
    rows = tmp_path / "rows.csv"
    rows.write_bytes("seconds,value\n0,a\n0,b\n".encode("utf-8-sig"))
    result = cli("batch", "replicate-ext/delay", str(rows))
    assert result.code == 0, result.err
    assert sorted(json.loads(line)["output"] for line in result.out.splitlines()) == ["a", "b"]


def test_a_rerun_resumes_from_the_journal(cli: CLI, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"seconds": 0, "value": f"v{i}"}) + "\n" for i in range(4)))
    first = cli("batch", "replicate-ext/delay", str(rows), "--shard", "1/2")
    again = cli("batch", "replicate-ext/delay", str(rows), "--shard", "1/2")
    assert first.code == again.code == 0
    assert first.out == again.out or sorted(first.out.splitlines()) == sorted(
        again.out.splitlines()
    )
    assert sorted(json.loads(line)["index"] for line in again.out.splitlines()) == [1, 3]


def test_a_bad_line_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"seconds": 0}\n[1, 2]\n')
    result = cli("batch", "replicate-ext/delay", str(rows))
    assert result.code == 2
    assert "rows.jsonl:2: not a JSON object" in result.err


def test_a_missing_inputs_file_is_a_usage_error(cli: CLI, tmp_path: Path) -> None:
    # Before: exit 1 ("some inputs failed"), from the count of inputs made for the ETA.
    result = cli("batch", "replicate-ext/delay", str(tmp_path / "nofile.jsonl"))
    assert result.code == 2
    assert "nofile.jsonl: No such file or directory" in result.err


def test_ctrl_c_stops_and_says_how_to_resume(cli: CLI, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"seconds": 30, "value": "long"}\n{"seconds": 30, "value": "later"}\n')
    # Ctrl-C while the first create is held by the server (sync mode: no id yet).
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    try:
        result = cli(
            "batch",
            "replicate-ext/delay",
            str(rows),
            "--max-in-flight",
            "1",
            "--cancel-on-interrupt",
        )
    finally:
        timer.join()
    assert result.code == 130
    assert "creating stopped" in result.err and "resume with the same command" in result.err
    assert "Canceled 1 prediction(s) in flight." in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--shard", "2/2"], "--shard '2/2'"), (["--max-in-flight", "0"], "max_in_flight")],
)
def test_bad_options(cli: CLI, tmp_path: Path, args: list[str], message: str) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("{}\n")
    result = cli("batch", "replicate-ext/delay", str(rows), *args)
    assert result.code == 2 and message in result.err
