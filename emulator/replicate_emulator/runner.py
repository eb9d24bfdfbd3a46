"""Running predictions and trainings the way the platform does, on worker threads."""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .config import Config
from .context import ModelFn, PredictionCanceled, RunContext, Runner, set_context
from .jobs import Job
from .outputs import materialize
from .records import Version
from .state import Store
from .timeutil import now
from .training import default_trainer
from .webhooks import WebhookSender

__all__ = ["Engine", "error_event", "model_traceback"]

log = logging.getLogger("replicate_emulator.runner")
_DONE = "{}"
_CANCELED = '{"reason":"canceled"}'


_PACKAGE = Path(__file__).resolve().parent


def _chunk_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def error_event(message: str) -> str:
    """The data of an SSE ``error`` event: a JSON object with the message in ``detail``.

    Example:
        >>> error_event("out of memory")
        '{"detail": "out of memory"}'
    """
    return json.dumps({"detail": message})


def _emulator_frame(frame: traceback.FrameSummary) -> bool:
    try:
        return Path(frame.filename).resolve().is_relative_to(_PACKAGE)
    except (OSError, ValueError):
        return False


def _drop_emulator_frames(exc: traceback.TracebackException, seen: set[int]) -> None:
    if id(exc) in seen:
        return
    seen.add(id(exc))
    kept = [frame for frame in exc.stack if not _emulator_frame(frame)]
    exc.stack = traceback.StackSummary.from_list(kept)
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None:
            _drop_emulator_frames(linked, seen)


def model_traceback(exc: BaseException) -> str:
    """The traceback of a model's exception, without the emulator's own frames.

    The model's frames and the exception line stay; frames from the
    ``replicate_emulator`` package (the runner calling the model) are dropped, as
    are the ``Traceback`` header of an exception raised by the emulator itself.

    Args:
        exc: The exception the model function raised.

    Returns:
        The formatted traceback, ending with a newline.

    Example:
        >>> model_traceback(RuntimeError("boom"))
        'RuntimeError: boom\\n'
    """
    summary = traceback.TracebackException.from_exception(exc)
    _drop_emulator_frames(summary, set())
    return "".join(summary.format())


class Engine:
    """Queue, run, cancel and expire jobs; emit their SSE events and webhooks.

    ``config.concurrency`` worker threads take jobs in order; a job waits ``starting``
    while all workers are busy, boots for ``config.boot_time`` and then runs
    ``processing`` until it succeeds, fails or is canceled.

    Example:
        >>> from .config import Config
        >>> from .state import Store
        >>> config = Config(token="r8_x", concurrency=1)
        >>> store = Store(config)
        >>> hooks = WebhookSender(config, store.webhook_secret)
        >>> engine = Engine(store, config, hooks)
        >>> engine.stop(); hooks.stop()
    """

    def __init__(self, store: Store, config: Config, webhooks: WebhookSender) -> None:
        self.store = store
        self.config = config
        self.webhooks = webhooks
        self.runners: dict[str, Runner] = {}
        self.trainers: dict[str, Runner] = {}
        self._queue: queue.Queue[tuple[Job, dict[str, Any]] | None] = queue.Queue()
        self._stopping = threading.Event()
        self._active: dict[str, Runner] = {}
        from .scheduler import Scheduler

        self.scheduler = Scheduler()
        self._threads = [
            threading.Thread(target=self._work, name=f"emulator-worker-{i}", daemon=True)
            for i in range(max(1, config.concurrency))
        ]
        for thread in self._threads:
            thread.start()

    def register(
        self,
        key: str,
        fn: ModelFn,
        train: ModelFn | None = None,
        cancel: Callable[[], Any] | None = None,
    ) -> None:
        """Make ``fn`` the function run by versions whose ``runner`` is ``key``.

        ``cancel`` (optional) interrupts a running ``fn``; such models run one job at a time.
        """
        self.runners[key] = Runner.wrap(fn, cancel)
        if train is not None:
            self.trainers[key] = Runner.wrap(train)

    # -- lifecycle -----------------------------------------------------------------------

    def submit(self, job: Job, run_input: dict[str, Any]) -> None:
        """Store a new job and queue it; ``run_input`` is its input with defaults applied."""
        self.store.add_job(job)
        if job.deadline is not None:
            self.scheduler.at(job.deadline, lambda: self.cancel(job, deadline=True))
        self._queue.put((job, run_input))

    def changed(self, job: Job, event: str | None) -> None:
        """Persist ``job``, wake its watchers and send the webhook for ``event``."""
        self.store.save_job(job)
        if event is None or not job.webhook or event not in job.webhook_events_filter:
            return
        with self.store.lock:
            body = json.dumps(job.as_json(self.config.base_url)).encode()
        self.webhooks.enqueue(job.id, job.webhook, event, body)

    def cancel(self, job: Job, *, deadline: bool = False) -> None:
        """Cancel ``job``; a deadline reached before it ran makes it ``aborted``."""
        with self.store.lock:
            if job.terminal:
                return
            job.status = "aborted" if deadline and job.status == "starting" else "canceled"
            job.completed_at = now()
            job.add_event("done", _CANCELED)
            job.cancel_event.set()
            runner = self._active.get(job.id)
        if runner is not None and runner.cancel is not None:
            threading.Thread(target=runner.cancel, name="emulator-cancel", daemon=True).start()
        self.changed(job, "completed")

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            job, run_input = item
            try:
                self._run(job, run_input)
            except Exception:
                log.exception("job %s crashed the emulator", job.id)

    def _run(self, job: Job, run_input: dict[str, Any]) -> None:
        try:
            runner = self._runner_for(job)
        except RuntimeError as exc:
            self._fail(job, exc)
            return
        if runner.lock is not None:
            while not runner.lock.acquire(timeout=0.02):
                if job.cancel_event.is_set() or self._stopping.is_set():
                    return
        try:
            self._run_with(job, runner, run_input)
        finally:
            if runner.lock is not None:
                runner.lock.release()

    def _run_with(self, job: Job, runner: Runner, run_input: dict[str, Any]) -> None:
        if job.terminal or job.cancel_event.wait(self.config.scaled(self.config.boot_time)):
            return
        with self.store.lock:
            if job.terminal:
                return
            job.status = "processing"
            job.started_at = now()
            self._active[job.id] = runner
        self.changed(job, "start")
        set_context(RunContext(job.cancel_event, self.config.speed))
        try:
            output, streamed = self._call(job, runner, run_input)
            if job.kind == "training":
                output = self._finish_training(job, output)
        except PredictionCanceled:
            return
        except Exception as exc:
            self._fail(job, exc)
            return
        finally:
            set_context(None)
            with self.store.lock:
                self._active.pop(job.id, None)
        self._succeed(job, output, streamed)

    def _runner_for(self, job: Job) -> Runner:
        found = self.store.versions.get(job.version_id)
        key = found[1].runner if found else ""
        if job.kind == "training":
            return self.trainers.get(key) or Runner.wrap(default_trainer)
        runner = self.runners.get(key)
        if runner is None:
            raise RuntimeError(f"No model function is registered for {job.model}")
        return runner

    def _log(self, job: Job, text: str) -> None:
        with self.store.lock:
            if job.terminal or job.data_removed:
                return
            job.logs += text if text.endswith("\n") else text + "\n"
            job.add_event("logs", text.rstrip("\n"))
        self.changed(job, "logs")

    def _call(self, job: Job, runner: Runner, run_input: dict[str, Any]) -> tuple[Any, bool]:
        result = runner(run_input, lambda text: self._log(job, str(text)))
        if not isinstance(result, Iterator):
            return materialize(self.store, self.config, job.id, result), False
        with self.store.lock:
            job.output = []
        try:
            for chunk in result:
                if job.cancel_event.is_set():
                    raise PredictionCanceled
                value = materialize(self.store, self.config, job.id, chunk)
                with self.store.lock:
                    if job.terminal:
                        raise PredictionCanceled
                    job.output.append(value)
                    job.add_event("output", _chunk_text(value))
                self.changed(job, "output")
        finally:
            close = getattr(result, "close", None)
            if callable(close):
                close()
        return job.output, True

    def _succeed(self, job: Job, output: Any, streamed: bool) -> None:
        with self.store.lock:
            if job.terminal:
                return
            if not streamed:
                job.add_event("output", _chunk_text(output))
            job.output = output
            job.status = "succeeded"
            job.completed_at = now()
            job.add_event("done", _DONE)
        self.changed(job, "completed")

    def _fail(self, job: Job, exc: Exception) -> None:
        trace = model_traceback(exc)
        with self.store.lock:
            if job.terminal:
                return
            job.logs += trace
            job.error = str(exc) or type(exc).__name__
            job.status = "failed"
            job.completed_at = now()
            job.add_event("error", error_event(job.error))
            job.add_event("done", _DONE)
        self.changed(job, "completed")

    def _finish_training(self, job: Job, output: Any) -> dict[str, Any]:
        base = self.store.versions.get(job.version_id)
        dest = self.store.models.get(job.destination or "")
        if base is None or dest is None:
            raise RuntimeError("training destination or base version disappeared")
        version_id = hashlib.sha256(f"training:{job.id}".encode()).hexdigest()
        version = Version(version_id, now(), base[1].openapi_schema, base[1].runner)
        with self.store.lock:
            dest.versions.append(version)
            self.store.save_model(dest)
        weights = output.get("weights") if isinstance(output, dict) else None
        result = {"version": f"{dest.full_name}:{version_id}"}
        if isinstance(weights, str):
            result["weights"] = weights
        return result

    def stop(self) -> None:
        """Cancel every unfinished job and stop the worker threads."""
        self._stopping.set()
        for table in (self.store.predictions, self.store.trainings):
            for job in list(table.values()):
                if not job.terminal:
                    job.cancel_event.set()
        for _ in self._threads:
            self._queue.put(None)
        for thread in self._threads:
            thread.join(2.0)
        self.scheduler.stop()
