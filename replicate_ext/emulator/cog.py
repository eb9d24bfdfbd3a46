"""Run real Cog predictors locally through Replicate's own runtime, without Docker.

:class:`CogPredictor` starts Cog's prediction server (``coglet``, the Rust HTTP
server shipped on PyPI as ``coglet`` and driven by the ``cog`` Python SDK) as a
subprocess bound to ``127.0.0.1`` on a free port, and talks to it over HTTP:

* ``GET /health-check`` until the model's ``setup()`` has finished,
* ``GET /openapi.json`` for the model's Cog OpenAPI schema,
* ``PUT /predictions/{id}`` with ``Accept: text/event-stream`` to run one
  prediction and receive its ``log``, ``output`` and ``completed`` events live,
* ``POST /predictions/{id}/cancel`` to cancel it.

``cog build`` normally bakes the model's OpenAPI schema into the image as
``.cog/openapi_schema.json``; the runtime reads that file (relative to its working
directory) to serve ``/openapi.json`` and to validate inputs. Without Docker we
generate the same document with the Cog SDK's own introspection (in a short-lived
subprocess) and give the runtime a private working directory that contains it,
plus symlinks to every top-level entry of the model's project directory, so that
``import helper`` and relative file paths in ``predict.py`` behave as in a
container.

Neither ``cog`` nor ``coglet`` is imported by this module: they are only needed
in the interpreter that runs the subprocesses (``sys.executable``).

Example:
    >>> from replicate_ext.emulator.cog import CogPredictor
    >>> with CogPredictor("examples/cog-hello/predict.py:Predictor") as model:  # doctest: +SKIP
    ...     print(model.openapi_schema()["components"]["schemas"]["Input"]["properties"])
    ...     print(model.predict({"name": "Alice"}, log=lambda line: print("log:", line, end="")))
    {'name': {'default': 'world', 'description': 'Who to greet.', 'title': 'Name', ...}}
    log: greeting Alice
    hello Alice
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import httpx

__all__ = ["CogCanceledError", "CogInputError", "CogPredictor"]

#: Where coglet keeps per-prediction input/output files. Not configurable in
#: coglet 0.23.1, so we delete our own prediction's folder after each prediction.
_COGLET_PREDICTIONS_DIR = Path("/tmp/coglet/predictions")  # noqa: S108

_STATUS_READY = "READY"
_STATUS_FATAL = frozenset({"SETUP_FAILED", "DEFUNCT"})

#: Runs in a subprocess, with the runtime's working directory, to generate the
#: OpenAPI schema ``cog build`` would have produced. argv: predictor file
#: (relative to the working directory), predictor name, output path.
_SCHEMA_SCRIPT = r"""
import ast, importlib.util, inspect, json, sys, textwrap, warnings
warnings.simplefilter("ignore")
rel_file, name, out_path = sys.argv[1:4]
from cog import _adt, _inspector
from cog.input import FieldInfo

module_name = rel_file.rsplit("/", 1)[-1].removesuffix(".py")
spec = importlib.util.spec_from_file_location(module_name, rel_file)
if spec is None or spec.loader is None:
    sys.exit(f"cannot load predictor file {rel_file!r}")
module = importlib.util.module_from_spec(spec)
sys.modules[module_name] = module
spec.loader.exec_module(module)
info = _inspector.create_predictor(module_name, name)

target = getattr(module, name)
if inspect.isclass(target):
    fn = _inspector._selected_predict_method(target, f"{module_name}.{name}")[1]
else:
    fn = target
fn = _inspector._unwrap(fn)
params = inspect.signature(fn).parameters

def is_streaming(f):
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(f)))
    except (OSError, TypeError, SyntaxError):
        return False
    node = tree.body[0] if tree.body else None
    for dec in getattr(node, "decorator_list", []):
        if isinstance(dec, ast.Call):
            dec = dec.func
        if (isinstance(dec, ast.Name) and dec.id == "streaming") or (
            isinstance(dec, ast.Attribute) and dec.attr == "streaming"
        ):
            return True
    return False

def title(s):
    return s.replace("_", " ").title()

R = _adt.Repetition
properties, required, enums = {}, [], {}
for field_name, field in info.inputs.items():
    ft = field.type
    raw = params[field_name].default if field_name in params else inspect.Parameter.empty
    explicit = raw is not inspect.Parameter.empty and not (
        isinstance(raw, FieldInfo) and raw.default is None and field.default is None
        and ft.repetition not in (R.OPTIONAL, R.OPTIONAL_REPEATED)
        and ft.primitive is not _adt.PrimitiveType.SECRET
    )
    prop = {"x-order": field.order}
    if field.choices:
        enum_type = ft.primitive.json_type().get("type") or "string"
        enums[field_name] = {
            "title": field_name, "description": "An enumeration.",
            "enum": list(field.choices), "type": enum_type,
        }
        prop["allOf"] = [{"$ref": "#/components/schemas/" + field_name}]
    else:
        prop["title"] = title(field_name)
        prop.update(ft.json_type())
    nullable = ft.repetition in (R.OPTIONAL, R.OPTIONAL_REPEATED)
    if (ft.primitive is _adt.PrimitiveType.SECRET and ft.repetition is R.REQUIRED
            and explicit and field.default is None):
        nullable = True
    has_default = explicit and not (field.default is None and not nullable)
    if not has_default and ft.repetition in (R.REQUIRED, R.REPEATED):
        required.append(field_name)
    if has_default:
        try:
            prop["default"] = None if field.default is None else ft.json_encode(field.default)
        except Exception:
            prop["default"] = field.default
    if nullable:
        prop["nullable"] = True
    for key, value in (
        ("description", field.description), ("minimum", field.ge), ("maximum", field.le),
        ("minLength", field.min_length), ("maxLength", field.max_length),
        ("pattern", field.regex),
    ):
        if value is not None:
            prop[key] = value
    if field.deprecated:
        prop["deprecated"] = True
    accept = getattr(raw, "accept", None) if isinstance(raw, FieldInfo) else None
    if accept:
        prop["x-cog-accept"] = accept
    properties[field_name] = prop

input_schema = {"title": "Input", "type": "object", "properties": properties}
if required:
    input_schema["required"] = required
schemas = {"Input": input_schema, "Output": info.output.json_type(), **enums}
schemas["PredictionRequest"] = {
    "title": "PredictionRequest", "type": "object",
    "properties": {
        "id": {"title": "Id", "type": "string"},
        "input": {"$ref": "#/components/schemas/Input"},
    },
}
schemas["PredictionResponse"] = {
    "title": "PredictionResponse", "type": "object",
    "properties": {
        "input": {"$ref": "#/components/schemas/Input"},
        "output": {"$ref": "#/components/schemas/Output"},
        "id": {"title": "Id", "type": "string"},
        "version": {"title": "Version", "type": "string"},
        "created_at": {"title": "Created At", "type": "string", "format": "date-time"},
        "started_at": {"title": "Started At", "type": "string", "format": "date-time"},
        "completed_at": {"title": "Completed At", "type": "string", "format": "date-time"},
        "status": {"title": "Status", "type": "string"},
        "error": {"title": "Error", "type": "string"},
        "logs": {"title": "Logs", "type": "string"},
        "metrics": {"title": "Metrics", "type": "object"},
    },
}
schemas["Status"] = {
    "title": "Status", "description": "An enumeration.", "type": "string",
    "enum": ["starting", "processing", "succeeded", "canceled", "failed"],
}
schemas["HTTPValidationError"] = {
    "title": "HTTPValidationError", "type": "object",
    "properties": {"detail": {
        "title": "Detail", "type": "array",
        "items": {"$ref": "#/components/schemas/ValidationError"},
    }},
}
schemas["ValidationError"] = {
    "title": "ValidationError", "type": "object", "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {"title": "Location", "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"title": "Message", "type": "string"},
        "type": {"title": "Error Type", "type": "string"},
    },
}

def ok(ref):
    return {"200": {"description": "Successful Response",
                    "content": {"application/json": {"schema": ref}}}}

invalid = {"description": "Validation Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}
predict_op = {
    "summary": "Predict", "description": "Run a single prediction on the model",
    "operationId": "predict_predictions_post",
    "requestBody": {"content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/PredictionRequest"}}}},
    "responses": {**ok({"$ref": "#/components/schemas/PredictionResponse"}), "422": invalid},
}
streaming = is_streaming(fn)
if streaming:
    predict_op["x-cog-streaming"] = True
paths = {
    "/": {"get": {"summary": "Root", "operationId": "root__get", "responses": ok({})}},
    "/health-check": {"get": {"summary": "Healthcheck",
                              "operationId": "healthcheck_health_check_get",
                              "responses": ok({})}},
    "/predictions": {"post": predict_op},
    "/predictions/{prediction_id}/cancel": {"post": {
        "summary": "Cancel", "operationId": "cancel_predictions__prediction_id__cancel_post",
        "parameters": [{"required": True, "name": "prediction_id", "in": "path",
                        "schema": {"title": "Prediction Id", "type": "string"}}],
        "responses": {**ok({}), "422": invalid},
    }},
}

def fix(node):
    if isinstance(node, dict):
        for child in node.values():
            fix(child)
        if "$ref" in node:
            node.pop("title", None)
        variants = node.get("anyOf")
        if isinstance(variants, list) and len(variants) == 2:
            non_null = [v for v in variants if v.get("type") != "null"]
            if len(non_null) == 1:
                del node["anyOf"]
                node.update(non_null[0])
                node["nullable"] = True
    elif isinstance(node, list):
        for child in node:
            fix(child)

document = {"openapi": "3.0.2", "info": {"title": "Cog", "version": "0.1.0"},
            "paths": paths, "components": {"schemas": schemas}}
fix(document)
with open(out_path, "w", encoding="utf-8") as f:
    json.dump({"schema": document, "streaming": streaming}, f)
"""

#: Runs the runtime. argv: predictor ref, port, private temp dir. If the parent
#: closes our stdin (e.g. it crashed), deletes the temp dir and terminates our
#: process group (the runtime and its worker), so nothing is left behind.
_LAUNCH_SCRIPT = r"""
import os, shutil, signal, sys, threading
import coglet

def watch_parent():
    try:
        while sys.stdin.buffer.read(1):
            pass
    except Exception:
        pass
    shutil.rmtree(sys.argv[3], ignore_errors=True)
    os.killpg(os.getpgrp(), signal.SIGTERM)

threading.Thread(target=watch_parent, daemon=True).start()
coglet.server.serve(
    predictor_ref=sys.argv[1],
    host="127.0.0.1",
    port=int(sys.argv[2]),
    output_temp_dir_base=os.path.join(sys.argv[3], "outputs"),
)
"""


class CogInputError(RuntimeError):
    """The runtime rejected a prediction's input (HTTP 422).

    Attributes:
        detail: The runtime's validation errors, each a dict with ``loc``,
            ``msg`` and ``type`` (FastAPI/pydantic style).
    """

    def __init__(self, message: str, detail: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.detail = detail


class CogCanceledError(RuntimeError):
    """The prediction was canceled (see :meth:`CogPredictor.cancel`)."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path, max_chars: int = 4000) -> str:
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - max_chars))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _error_message(payload: dict[str, Any]) -> str:
    message = str(payload.get("error") or "prediction failed")
    prefix = "Prediction failed: "
    while message.startswith(prefix) and len(message) > len(prefix):
        message = message[len(prefix) :]
    return message


def _format_validation(detail: list[dict[str, Any]]) -> str:
    parts = []
    for item in detail:
        loc = [str(x) for x in item.get("loc", []) if x not in ("body", "input")]
        where = ".".join(loc)
        msg = str(item.get("msg", "invalid value"))
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts) or "invalid input"


class _Prediction:
    """One in-flight prediction read as server-sent events.

    Holds the predictor's lock from creation until :meth:`close`.
    """

    def __init__(
        self,
        owner: CogPredictor,
        prediction_id: str,
        response: httpx.Response,
        log: Callable[[str], None] | None,
    ) -> None:
        self.owner = owner
        self.id = prediction_id
        self.response = response
        self.log = log
        self.final: dict[str, Any] | None = None
        self.closed = False
        self._close_lock = threading.Lock()
        self._events = self._parse(response.iter_lines())

    @staticmethod
    def _parse(lines: Iterator[str]) -> Iterator[tuple[str, Any]]:
        event, data = "message", list[str]()
        for line in lines:
            if not line:
                if data:
                    yield event, json.loads("\n".join(data))
                event, data = "message", []
            elif line.startswith(":"):
                continue
            else:
                field, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if field == "event":
                    event = value
                elif field == "data":
                    data.append(value)
        if data:
            yield event, json.loads("\n".join(data))

    def next_chunk(self) -> tuple[bool, Any]:
        """Advance to the next output chunk.

        Returns:
            ``(True, chunk)`` for an output chunk, ``(False, final_payload)`` once
            the prediction is complete.
        """
        try:
            for event, data in self._events:
                if event == "log":
                    if self.log is not None:
                        self.log(str(data.get("data", "")))
                elif event == "output":
                    return True, data.get("chunk")
                elif event == "completed":
                    self.final = data
                    return False, data
                elif event == "error":
                    raise RuntimeError(f"prediction stream error: {data}")
        except httpx.HTTPError as exc:
            raise self.owner._died(f"lost connection to the Cog runtime: {exc}") from exc
        raise self.owner._died("the Cog runtime closed the prediction stream early")

    def result(self, final: dict[str, Any]) -> Any:
        status = final.get("status")
        self.owner.last_prediction = final
        if status == "succeeded":
            return final.get("output")
        if status == "canceled":
            raise CogCanceledError(_error_message(final) if final.get("error") else "canceled")
        raise RuntimeError(_error_message(final))

    def close(self) -> None:
        """Finish with this prediction (cancelling it if still running); idempotent."""
        with self._close_lock:
            if self.closed:
                return
            self.closed = True
        try:
            if self.final is None:
                # Abandoned mid-way: cancel it and wait (boundedly) for the runtime
                # to report it canceled, so its slot is free for the next one.
                self.owner._post_cancel(self.id)
                self.log = None
                give_up = threading.Timer(10.0, self.response.close)
                give_up.start()
                with contextlib.suppress(Exception):
                    while self.next_chunk()[0]:
                        pass
                give_up.cancel()
                if self.final is not None:
                    self.owner.last_prediction = self.final
            self.response.close()
            shutil.rmtree(_COGLET_PREDICTIONS_DIR / self.id, ignore_errors=True)
        finally:
            self.owner._finish(self)


class _OutputStream(Iterator[Any]):
    """Iterator over an iterator-output prediction's chunks, as they are produced.

    Consume it fully or :meth:`close` it (also a context manager): until then the
    predictor is busy. Closing it early cancels the prediction.
    """

    def __init__(self, prediction: _Prediction) -> None:
        self._prediction = prediction

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Any:
        p = self._prediction
        if p.closed:
            raise StopIteration
        try:
            more, value = p.next_chunk()
            if more:
                return value
            p.result(value)
        except BaseException:
            p.close()
            raise
        p.close()
        raise StopIteration

    def close(self) -> None:
        """Stop consuming; cancels the prediction if it is still running."""
        self._prediction.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class CogPredictor:
    """A real Cog predictor served by Cog's own runtime in a local subprocess.

    The runtime is ``coglet`` (``pip install cog==0.23.1``), started with the
    same interpreter as the caller (``sys.executable``). Predictions run one at a
    time; calls from several threads are serialized.

    Args:
        ref: ``path/to/predict.py:Predictor`` (path relative to ``cwd`` or
            absolute), or a directory / ``cog.yaml`` whose ``predict:`` entry
            names the predictor. The model's project directory is the nearest
            directory at or above the file holding a ``cog.yaml``, else the
            file's own directory.
        cwd: Directory that a relative ``ref`` is resolved against (defaults to
            the current working directory).

    Attributes:
        last_prediction: The runtime's final payload (``id``, ``status``,
            ``output``, ``error``, ``logs``, ``metrics``) of the most recently
            completed prediction, or ``None``.

    Example:
        >>> with CogPredictor("examples/cog-hello/predict.py:Predictor") as model:  # doctest: +SKIP
        ...     model.predict({"name": "Alice"})
        'hello Alice'
    """

    def __init__(self, ref: str, *, cwd: str | None = None) -> None:
        self.ref = ref
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        self.last_prediction: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._state_lock = threading.RLock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._tmp: Path | None = None
        self._stderr: Path | None = None
        self._client: httpx.Client | None = None
        self._schema: dict[str, Any] | None = None
        self._streaming = False
        self._iterator_output = False
        self._current: _Prediction | None = None

    # -- lifecycle -----------------------------------------------------------

    def _resolve(self) -> tuple[Path, str, str]:
        """Returns (project dir, predictor file relative to it, predictor name)."""
        ref = self.ref
        target = Path(ref)
        if ":" in ref and not (self.cwd / target).exists():
            file_part, _, name = ref.rpartition(":")
            file_path = Path(file_part)
        else:
            yaml_path = self.cwd / target
            if yaml_path.is_dir():
                yaml_path = yaml_path / "cog.yaml"
            import yaml  # only needed for this form of ref

            config = yaml.safe_load(yaml_path.read_text(encoding="utf-8")) or {}
            predict = config.get("predict") if isinstance(config, dict) else None
            if not isinstance(predict, str) or ":" not in predict:
                raise ValueError(f"{yaml_path} has no 'predict: file.py:Name' entry")
            file_part, _, name = predict.rpartition(":")
            file_path = yaml_path.parent / file_part
        file_path = (self.cwd / file_path).resolve()
        if not file_path.is_file():
            raise FileNotFoundError(f"predictor file not found: {file_path}")
        if not name.isidentifier():
            raise ValueError(f"invalid predictor name {name!r} in {ref!r}")
        project = file_path.parent
        for candidate in (file_path.parent, *file_path.parent.parents):
            if (candidate / "cog.yaml").is_file():
                project = candidate
                break
        return project, file_path.relative_to(project).as_posix(), name

    def _environment(self, tmp: Path) -> dict[str, str]:
        env = dict(os.environ)
        bin_dir = Path(sys.executable).parent
        if not (bin_dir / "python").exists():
            # The runtime starts its worker as the `python` on PATH.
            bin_dir = tmp / "bin"
            bin_dir.mkdir()
            shim = bin_dir / "python"
            shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
            shim.chmod(0o755)
        env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", os.defpath)])
        env["PYTHONUNBUFFERED"] = "1"
        env["TMPDIR"] = str(tmp / "tmp")
        for key in ("PORT", "COG_PREDICT_TYPE_STUB", "COG_TRAIN_TYPE_STUB", "PYTHONSTARTUP"):
            env.pop(key, None)
        return env

    def start(self, timeout: float = 300.0) -> None:
        """Start the runtime and wait until the model's ``setup()`` has finished.

        Args:
            timeout: Seconds to wait for schema generation plus setup.

        Raises:
            RuntimeError: If the predictor cannot be loaded, setup fails, or the
                runtime is not ready in time; the message includes the relevant
                part of the runtime's output.
            FileNotFoundError: If the predictor file does not exist.
        """
        with self._state_lock:
            if self._proc is not None:
                return
            project, rel_file, name = self._resolve()
            tmp = Path(tempfile.mkdtemp(prefix="cog-predictor-"))
            try:
                self._start(tmp, project, rel_file, name, time.monotonic() + timeout)
            except BaseException:
                self.stop()
                shutil.rmtree(tmp, ignore_errors=True)
                raise

    def _start(self, tmp: Path, project: Path, rel_file: str, name: str, deadline: float) -> None:
        self._tmp = tmp
        run_dir = tmp / "src"
        (run_dir / ".cog").mkdir(parents=True)
        (tmp / "tmp").mkdir()
        for entry in project.iterdir():
            if entry.name != ".cog":
                (run_dir / entry.name).symlink_to(entry, entry.is_dir())
        env = self._environment(tmp)

        # 1. The OpenAPI schema `cog build` would have baked into the image.
        generated = tmp / "schema.json"
        try:
            gen = subprocess.run(  # noqa: S603
                [sys.executable, "-c", _SCHEMA_SCRIPT, rel_file, name, str(generated)],
                cwd=run_dir,
                env=env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=max(1.0, deadline - time.monotonic()),
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(f"timed out loading predictor {self.ref!r}") from exc
        if gen.returncode != 0:
            output = (gen.stderr or gen.stdout).decode("utf-8", "replace")[-4000:]
            raise RuntimeError(f"cannot load Cog predictor {self.ref!r}:\n{output}")
        result = json.loads(generated.read_text(encoding="utf-8"))
        self._streaming = bool(result["streaming"])
        output_schema = result["schema"]["components"]["schemas"]["Output"]
        self._iterator_output = output_schema.get("x-cog-array-type") == "iterator"
        runtime_schema = result["schema"]
        # Always let the runtime stream events (SSE), so logs arrive live.
        runtime_schema["paths"]["/predictions"]["post"]["x-cog-streaming"] = True
        (run_dir / ".cog" / "openapi_schema.json").write_text(
            json.dumps(runtime_schema), encoding="utf-8"
        )

        # 2. The runtime itself.
        self._stderr = tmp / "runtime.log"
        for attempt in range(3):
            port = _free_port()
            with self._stderr.open("ab") as log_file:
                self._proc = subprocess.Popen(  # noqa: S603
                    [
                        sys.executable,
                        "-c",
                        _LAUNCH_SCRIPT,
                        f"{rel_file}:{name}",
                        str(port),
                        str(tmp),
                    ],
                    cwd=run_dir,
                    env=env,
                    stdin=subprocess.PIPE,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            self._client = httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                timeout=httpx.Timeout(30.0, read=None),
                trust_env=False,
            )
            if self._wait_ready(deadline):
                return
            if attempt < 2 and "Address already in use" in _tail(self._stderr):
                self._kill()
                continue
            raise self._died("the Cog runtime exited before it was ready")

    def _wait_ready(self, deadline: float) -> bool:
        """Poll the health check; False if the process exited before answering."""
        assert self._proc is not None
        assert self._client is not None
        delay = 0.02
        while True:
            if self._proc.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError, ValueError):
                health = self._client.get("/health-check", timeout=5).json()
                status = health.get("status")
                if status == _STATUS_READY or status == "BUSY":
                    return True
                if status in _STATUS_FATAL:
                    logs = (health.get("setup") or {}).get("logs") or ""
                    raise self._died(
                        f"Cog predictor {self.ref!r} failed to start ({status}):\n{logs.strip()}"
                    )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Cog predictor {self.ref!r} not ready in time; runtime output:\n"
                    + (_tail(self._stderr) if self._stderr else "")
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)

    def _died(self, message: str) -> RuntimeError:
        tail = _tail(self._stderr) if self._stderr else ""
        return RuntimeError(f"{message}; runtime output:\n{tail}" if tail else message)

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        client, self._client = self._client, None
        if client is not None:
            client.close()
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin is not None:
                proc.stdin.close()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        # The worker shares the runtime's process group; make sure it is gone too.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        """Stop the runtime (and its worker) and delete its working files.

        Idempotent; safe to call even if :meth:`start` was never called or failed.
        """
        with self._state_lock:
            current = self._current
            if current is not None:
                # Unblock whoever is reading it, then release the predictor.
                with contextlib.suppress(Exception):
                    current.response.close()
                with contextlib.suppress(Exception):
                    current.close()
            self._kill()
            self._schema = None
            tmp, self._tmp = self._tmp, None
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)

    @property
    def pid(self) -> int | None:
        """Process id of the runtime (also its process group id), if started."""
        proc = self._proc
        return proc.pid if proc is not None else None

    @property
    def running(self) -> bool:
        """Whether the runtime subprocess is alive."""
        proc = self._proc
        return proc is not None and proc.poll() is None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()

    # -- API -----------------------------------------------------------------

    def _http(self) -> httpx.Client:
        client = self._client
        if client is None:
            raise RuntimeError("CogPredictor is not started; call start() first")
        return client

    def openapi_schema(self) -> dict[str, Any]:
        """Return the model's Cog OpenAPI schema, as served by the runtime.

        Returns:
            The OpenAPI document; ``components.schemas.Input`` and ``Output``
            describe the model's inputs and output. ``x-cog-streaming`` is set on
            ``POST /predictions`` only if the model opted in with
            ``@cog.streaming``.

        Example:
            >>> schema = model.openapi_schema()  # doctest: +SKIP
            >>> schema["components"]["schemas"]["Input"]["properties"]["name"]["default"]  # doctest: +SKIP
            'world'
        """
        if self._schema is None:
            response = self._http().get("/openapi.json")
            response.raise_for_status()
            schema: dict[str, Any] = response.json()
            if not self._streaming:
                post = schema.get("paths", {}).get("/predictions", {}).get("post", {})
                post.pop("x-cog-streaming", None)
            self._schema = schema
        return copy.deepcopy(self._schema)

    def predict(
        self, input: dict[str, Any], log: Callable[[str], None] | None = None
    ) -> Any | Iterator[Any]:
        """Run one prediction.

        Args:
            input: The model's inputs (files as ``data:`` or ``http(s)://`` URLs).
            log: Called with each chunk of the model's stdout/stderr as it is
                written (usually one line, including its trailing newline).

        Returns:
            The output (file outputs are ``data:`` URLs). For iterator-output
            models, an iterator yielding each chunk as the model produces it;
            consume it fully or ``close()`` it, as the predictor stays busy until
            then (closing early cancels the prediction).

        Raises:
            CogInputError: If the runtime rejects the input.
            CogCanceledError: If the prediction was canceled.
            RuntimeError: With the model's error message if the prediction fails.

        Example:
            >>> model.predict({"name": "Alice"}, log=print)  # doctest: +SKIP
            greeting Alice
            'hello Alice'
        """
        self._lock.acquire()
        try:
            prediction = self._create(input, log)
        except BaseException:
            self._lock.release()
            raise
        if self._iterator_output:
            return _OutputStream(prediction)
        try:
            while True:
                more, value = prediction.next_chunk()
                if not more:
                    return prediction.result(value)
        finally:
            prediction.close()

    def _create(self, input: dict[str, Any], log: Callable[[str], None] | None) -> _Prediction:
        client = self._http()
        prediction_id = uuid.uuid4().hex
        body = {"id": prediction_id, "input": input}
        deadline = time.monotonic() + 10
        while True:
            try:
                request = client.build_request(
                    "PUT",
                    f"/predictions/{prediction_id}",
                    json=body,
                    headers={"Accept": "text/event-stream"},
                )
                response = client.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise self._died(f"cannot reach the Cog runtime: {exc}") from exc
            if response.status_code == 409 and time.monotonic() < deadline:
                # The previous prediction's slot is still being released.
                response.close()
                time.sleep(0.05)
                continue
            break
        if response.status_code != 200:
            try:
                response.read()
                payload = response.json()
            except (httpx.HTTPError, ValueError):
                payload = {"error": response.text}
            finally:
                response.close()
            if response.status_code == 422 and isinstance(payload.get("detail"), list):
                detail = payload["detail"]
                raise CogInputError(_format_validation(detail), detail)
            raise RuntimeError(
                f"Cog runtime answered {response.status_code}: "
                + _error_message(payload if isinstance(payload, dict) else {})
            )
        prediction = _Prediction(self, prediction_id, response, log)
        self._current = prediction
        return prediction

    def cancel(self) -> bool:
        """Cancel the running prediction, if any.

        Returns:
            Whether a prediction was running. Its :meth:`predict` call (or output
            iterator) then raises :class:`CogCanceledError`.
        """
        current = self._current
        if current is None or current.closed:
            return False
        self._post_cancel(current.id)
        return True

    def _post_cancel(self, prediction_id: str) -> None:
        client = self._client
        if client is not None:
            with contextlib.suppress(httpx.HTTPError):
                client.post(f"/predictions/{prediction_id}/cancel", timeout=5)

    def _finish(self, prediction: _Prediction) -> None:
        if self._current is prediction:
            self._current = None
        self._lock.release()
