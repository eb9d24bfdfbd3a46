"""Start and stop Cog's runtime (``coglet``) for one predictor, without Docker.

:class:`CogRuntime` gives the runtime what a container would: a private working
directory holding the model's OpenAPI schema (see :mod:`.cog_openapi`) plus
symlinks to every top-level entry of the model's project directory (so that
``import helper`` and relative file paths in ``predict.py`` behave as in a
container), a ``python`` on ``PATH`` for its worker, and a free port on
``127.0.0.1``. The runtime and its worker share a process group, which
:meth:`CogRuntime.stop` terminates; if the parent process dies, the runtime
notices its stdin closing and cleans up after itself.

Example:
    >>> from replicate_emulator.cog_project import resolve_ref
    >>> project, rel_file, name = resolve_ref("examples/cog-hello", Path.cwd())  # doctest: +SKIP
    >>> runtime = CogRuntime("examples/cog-hello")  # doctest: +SKIP
    >>> runtime.start(project, rel_file, name, deadline=time.monotonic() + 300)  # doctest: +SKIP
    >>> runtime.client.get("/health-check").json()["status"]  # doctest: +SKIP
    'READY'
    >>> runtime.stop()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from . import cog_openapi

__all__ = ["CogRuntime"]


def _group_running(pgid: int) -> bool:
    """Tell whether a process of group ``pgid`` is still running (not a zombie)."""
    proc_dir = Path("/proc")
    if not proc_dir.is_dir():  # not Linux: a signal 0 is the best we can do
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    for stat in proc_dir.glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process exited while we looked
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


_STATUS_READY = "READY"
_STATUS_FATAL = frozenset({"SETUP_FAILED", "DEFUNCT"})

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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _tail(path: Path | None, max_chars: int = 4000) -> str:
    if path is None:
        return ""
    try:
        with path.open("rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - max_chars))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _environment(tmp: Path) -> dict[str, str]:
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


class CogRuntime:
    """One Cog runtime subprocess serving one predictor over HTTP on ``127.0.0.1``.

    Not thread-safe: its owner serializes :meth:`start` and :meth:`stop`.

    Args:
        ref: The predictor reference, as the user gave it (for error messages).

    Attributes:
        proc: The runtime process (also its process group leader), if started.
        client: An HTTP client for the runtime, if started.
        streaming: Whether the model opted in to streaming (``@cog.streaming``).
        iterator_output: Whether the model's output is an iterator.
    """

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.proc: subprocess.Popen[bytes] | None = None
        self.client: httpx.Client | None = None
        self.streaming = False
        self.iterator_output = False
        self._tmp: Path | None = None
        self._stderr: Path | None = None

    def start(self, project: Path, rel_file: str, name: str, deadline: float) -> None:
        """Generate the schema, start the runtime and wait for the model's ``setup()``.

        If it raises, call :meth:`stop` to clean up.

        Args:
            project: The model's project directory.
            rel_file: The predictor file, relative to ``project``.
            name: The predictor's name in that file.
            deadline: :func:`time.monotonic` value by which the runtime must be ready.

        Raises:
            RuntimeError: If the predictor cannot be loaded, setup fails, or the
                runtime is not ready in time; the message includes the relevant
                part of the runtime's output.
        """
        tmp = self._tmp = Path(tempfile.mkdtemp(prefix="cog-predictor-"))
        run_dir = tmp / "src"
        (run_dir / ".cog").mkdir(parents=True)
        (tmp / "tmp").mkdir()
        for entry in project.iterdir():
            if entry.name != ".cog":
                (run_dir / entry.name).symlink_to(entry, entry.is_dir())
        env = _environment(tmp)

        # 1. The OpenAPI schema `cog build` would have baked into the image.
        schema = cog_openapi.generate(
            self.ref,
            rel_file,
            name,
            run_dir=run_dir,
            env=env,
            out=tmp / "schema.json",
            deadline=deadline,
        )
        self.streaming = schema.streaming
        self.iterator_output = schema.iterator_output
        cog_openapi.bake(run_dir, schema)

        # 2. The runtime itself.
        self._stderr = tmp / "runtime.log"
        for attempt in range(3):
            port = _free_port()
            with self._stderr.open("ab") as log_file:
                self.proc = subprocess.Popen(  # noqa: S603
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
            self.client = httpx.Client(
                base_url=f"http://127.0.0.1:{port}",
                timeout=httpx.Timeout(30.0, read=None),
                trust_env=False,
            )
            if self._wait_ready(deadline):
                return
            if attempt < 2 and "Address already in use" in _tail(self._stderr):
                self._kill()
                continue
            raise self.died("the Cog runtime exited before it was ready")

    def _wait_ready(self, deadline: float) -> bool:
        """Poll the health check; False if the process exited before answering."""
        assert self.proc is not None
        assert self.client is not None
        delay = 0.02
        while True:
            if self.proc.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError, ValueError):
                health = self.client.get("/health-check", timeout=5).json()
                status = health.get("status")
                if status == _STATUS_READY or status == "BUSY":
                    return True
                if status in _STATUS_FATAL:
                    logs = (health.get("setup") or {}).get("logs") or ""
                    raise self.died(
                        f"Cog predictor {self.ref!r} failed to start ({status}):\n{logs.strip()}"
                    )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"Cog predictor {self.ref!r} not ready in time; runtime output:\n"
                    + _tail(self._stderr)
                )
            time.sleep(delay)
            delay = min(delay * 1.5, 0.25)

    def http(self) -> httpx.Client:
        """The HTTP client for the runtime.

        Raises:
            RuntimeError: If the runtime is not started.
        """
        client = self.client
        if client is None:
            raise RuntimeError("CogPredictor is not started; call start() first")
        return client

    def died(self, message: str) -> RuntimeError:
        """An error for ``message``, followed by the end of the runtime's output.

        Args:
            message: What went wrong.

        Returns:
            The error, to raise.
        """
        tail = _tail(self._stderr)
        return RuntimeError(f"{message}; runtime output:\n{tail}" if tail else message)

    def _kill(self) -> None:
        proc, self.proc = self.proc, None
        client, self.client = self.client, None
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
        # SIGKILL is delivered asynchronously: return only once no member of
        # the group still runs (a zombie awaiting its reaper does not count).
        deadline = time.monotonic() + 5
        while _group_running(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop the runtime (and its worker) and delete its working files; idempotent."""
        self._kill()
        tmp, self._tmp = self._tmp, None
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
