"""Run the real Cog runtime (coglet) on the example predictors, without Docker."""

from __future__ import annotations

import importlib.util
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator.cog import CogCanceledError, CogInputError, CogPredictor

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("cog") is None or importlib.util.find_spec("coglet") is None,
    reason="Cog's runtime is not installed (pip install cog==0.23.1)",
)

ROOT = Path(__file__).resolve().parents[2]
HELLO = "examples/cog-hello/predict.py:Predictor"
STREAM = "examples/cog-hello/stream.py:Predictor"


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs; a zombie left for init to reap is dead."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            return True
    return not Path("/proc").is_dir()


@pytest.fixture(scope="module")
def hello() -> Iterator[CogPredictor]:
    with CogPredictor(HELLO, cwd=str(ROOT)) as predictor:
        yield predictor


@pytest.fixture(scope="module")
def stream() -> Iterator[CogPredictor]:
    with CogPredictor(STREAM, cwd=str(ROOT)) as predictor:
        yield predictor


def test_schema_describes_input_and_output(hello: CogPredictor) -> None:
    schemas = hello.openapi_schema()["components"]["schemas"]
    name = schemas["Input"]["properties"]["name"]
    assert name["type"] == "string"
    assert name["default"] == "world"
    assert name["description"] == "Who to greet."
    assert "required" not in schemas["Input"]
    assert schemas["Output"] == {"title": "Output", "type": "string"}
    post = hello.openapi_schema()["paths"]["/predictions"]["post"]
    assert "x-cog-streaming" not in post


def test_predict_returns_output_and_forwards_logs(hello: CogPredictor) -> None:
    logs: list[str] = []
    assert hello.predict({"name": "Alice"}, log=logs.append) == "hello Alice"
    assert "".join(logs) == "greeting Alice\n"
    assert hello.last_prediction is not None
    assert hello.last_prediction["status"] == "succeeded"
    assert hello.last_prediction["metrics"]["predict_time"] >= 0


def test_predict_applies_defaults(hello: CogPredictor) -> None:
    assert hello.predict({}) == "hello world"


def test_model_error_raises_runtime_error(hello: CogPredictor) -> None:
    with pytest.raises(RuntimeError, match="refusing to greet 'fail'"):
        hello.predict({"name": "fail"})
    assert hello.predict({"name": "again"}) == "hello again"


def test_invalid_input_is_rejected_by_the_runtime(hello: CogPredictor) -> None:
    with pytest.raises(CogInputError, match="name") as excinfo:
        hello.predict({"name": 3})
    assert excinfo.value.detail[0]["loc"] == ["body", "input", "name"]


def test_concurrent_callers_are_serialized(hello: CogPredictor) -> None:
    results: dict[int, Any] = {}

    def call(i: int) -> None:
        results[i] = hello.predict({"name": str(i)})

    threads = [threading.Thread(target=call, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == {i: f"hello {i}" for i in range(6)}


def test_streaming_output_arrives_while_the_model_runs(stream: CogPredictor) -> None:
    schema = stream.openapi_schema()
    assert schema["paths"]["/predictions"]["post"]["x-cog-streaming"] is True
    assert schema["components"]["schemas"]["Output"]["x-cog-array-type"] == "iterator"

    logs: list[str] = []
    start = time.monotonic()
    chunks = stream.predict({"text": "a b c", "delay": 0.3}, log=logs.append)
    assert not isinstance(chunks, list)
    first = next(iter(chunks))
    assert first == "a "
    assert time.monotonic() - start < 0.5  # before the model finished (~0.9 s)
    assert [first, *chunks] == ["a ", "b ", "c "]
    assert logs == ["word 0\n", "word 1\n", "word 2\n"]


def test_closing_a_stream_early_cancels_it(stream: CogPredictor) -> None:
    chunks = stream.predict({"text": "a b c d e f g h", "delay": 0.2})
    assert next(iter(chunks)) == "a "
    chunks.close()  # type: ignore[union-attr]
    assert stream.last_prediction is not None
    assert stream.last_prediction["status"] == "canceled"
    assert list(stream.predict({"text": "x y", "delay": 0})) == ["x ", "y "]


def test_cancel_from_another_thread(stream: CogPredictor) -> None:
    chunks = stream.predict({"text": "a b c d e f g h", "delay": 0.2})
    timer = threading.Timer(0.3, stream.cancel)
    timer.start()
    with pytest.raises(CogCanceledError):
        list(chunks)
    timer.join()
    assert not stream.cancel()


def test_stop_leaves_no_process_behind() -> None:
    predictor = CogPredictor(HELLO, cwd=str(ROOT))
    predictor.start()
    pid = predictor.pid
    assert pid is not None
    assert predictor.running
    assert predictor.predict({"name": "Bob"}) == "hello Bob"
    predictor.stop()
    assert not predictor.running
    assert not _group_alive(pid)  # the runtime and its worker are gone
    predictor.stop()  # idempotent
    with pytest.raises(RuntimeError, match="not started"):
        predictor.predict({"name": "Bob"})


def test_stop_during_a_stream_and_restart() -> None:
    predictor = CogPredictor(STREAM, cwd=str(ROOT))
    predictor.start()
    chunks = predictor.predict({"text": "a b c d e f", "delay": 0.2})
    assert next(iter(chunks)) == "a "
    pid = predictor.pid
    assert pid is not None
    predictor.stop()
    assert not _group_alive(pid)
    assert list(chunks) == []
    predictor.start()  # the same object can be started again
    try:
        assert list(predictor.predict({"text": "again", "delay": 0})) == ["again "]
    finally:
        predictor.stop()


def test_setup_failure_is_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text(
        "from cog import BasePredictor\n\n"
        "class Predictor(BasePredictor):\n"
        "    def setup(self) -> None:\n"
        "        raise RuntimeError('no weights here')\n\n"
        "    def predict(self, x: int = 1) -> int:\n"
        "        return x\n",
        encoding="utf-8",
    )
    predictor = CogPredictor("broken.py:Predictor", cwd=str(tmp_path))
    with pytest.raises(RuntimeError, match="no weights here"):
        predictor.start()
    assert predictor.pid is None
    predictor.stop()


def test_unloadable_predictor_is_reported(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import does_not_exist_anywhere\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="does_not_exist_anywhere"):
        CogPredictor("bad.py:Predictor", cwd=str(tmp_path)).start()
    with pytest.raises(FileNotFoundError):
        CogPredictor("missing.py:Predictor", cwd=str(tmp_path)).start()


def test_project_files_are_importable_and_cog_yaml_refs_work(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("PREFIX = 'hi '\n", encoding="utf-8")
    (tmp_path / "data.txt").write_text("from a file", encoding="utf-8")
    (tmp_path / "cog.yaml").write_text('predict: "model.py:Runner"\n', encoding="utf-8")
    (tmp_path / "model.py").write_text(
        "from cog import BaseRunner\n"
        "from helper import PREFIX\n\n"
        "class Runner(BaseRunner):\n"
        "    def run(self, name: str) -> str:\n"
        "        with open('data.txt') as f:\n"
        "            return PREFIX + name + ' ' + f.read()\n",
        encoding="utf-8",
    )
    with CogPredictor(str(tmp_path)) as predictor:
        schema = predictor.openapi_schema()["components"]["schemas"]["Input"]
        assert schema["required"] == ["name"]
        assert predictor.predict({"name": "Eve"}) == "hi Eve from a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cog.yaml",
        "data.txt",
        "helper.py",
        "model.py",
    ]
