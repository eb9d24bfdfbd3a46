"""The two drivers of a batch :class:`~replicate_ext.batch.engine.Engine`: threads for the
blocking client, tasks for the async one. All decisions are the engine's; a driver only sends
the jobs it is given and hands back their outcomes.

Why not one async core behind a sync wrapper: the blocking client would then need an event
loop of its own (a thread running one, and an ``httpx.AsyncClient`` beside the user's
``httpx.Client``), and calling it from code that already runs in a loop is where such wrappers
break. The engine is plain state, so each driver is a short loop over the client's own sender:
``Replicate.batch`` works anywhere, with the ``http_client`` it was given.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from .._constants import MAX_IN_FLIGHT
from .checks import Job
from .engine import Engine
from .results import BatchResult

if TYPE_CHECKING:
    import asyncio

    from .._http import AsyncHTTP, SyncHTTP

__all__ = ["run_async", "run_sync"]

#: Threads of the blocking driver: the sender's own request slots (ordinary and sync-mode).
WORKERS = 2 * MAX_IN_FLIGHT + 4
#: Seconds a stopped blocking batch waits for the requests under way to end.
STOP_GRACE = 2.0


def run_sync(engine: Engine, http: SyncHTTP) -> Iterator[BatchResult]:
    """Drive ``engine`` with threads; yield results in completion order.

    Stopping early (``break``, Ctrl-C) stops creating at once: jobs not started are dropped,
    and requests under way get ``STOP_GRACE`` seconds to end before the batch returns (a
    create being sent then would otherwise land after it, unseen); what is still held by the
    server after that ends in the background. The journal stays resumable.
    """
    pool = concurrent.futures.ThreadPoolExecutor(WORKERS, thread_name_prefix="replicate-batch")
    pending: dict[concurrent.futures.Future[Any], Job] = {}
    http.failures.throttle_listeners.append(engine.throttled)
    try:
        while True:
            jobs, wake = engine.plan()
            for job in jobs:
                pending[pool.submit(http.call, job.call)] = job
            yield from engine.drain()
            if engine.finished:
                return
            if not pending:  # wait() on nothing returns at once: sleep, never spin
                if wake is None:
                    raise engine.stalled()
                time.sleep(wake)
                continue
            done, _ = concurrent.futures.wait(
                pending, timeout=wake, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for future in done:
                job = pending.pop(future)
                error = future.exception()
                engine.complete(job, None if error else future.result(), error)
    finally:
        http.failures.throttle_listeners.remove(engine.throttled)
        pool.shutdown(wait=False, cancel_futures=True)
        if pending:
            concurrent.futures.wait(pending, timeout=STOP_GRACE)
        if engine.journal is not None:
            engine.journal.close()


async def run_async(engine: Engine, http: AsyncHTTP) -> AsyncIterator[BatchResult]:
    """Drive ``engine`` with asyncio tasks; yield results in completion order.

    Stopping early (``break``, task cancellation) cancels the requests in flight; the
    journal stays resumable (a create cut short is found again by the next run).
    """
    import asyncio

    pending: dict[asyncio.Task[Any], Job] = {}
    http.failures.throttle_listeners.append(engine.throttled)
    try:
        while True:
            jobs, wake = engine.plan()
            for job in jobs:
                pending[asyncio.ensure_future(http.call(job.call))] = job
            for result in engine.drain():
                yield result
            if engine.finished:
                return
            if not pending:
                if wake is None:
                    raise engine.stalled()
                await asyncio.sleep(wake)
                continue
            done, _ = await asyncio.wait(pending, timeout=wake, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                job = pending.pop(task)
                error = task.exception()
                engine.complete(job, None if error else task.result(), error)
    finally:
        http.failures.throttle_listeners.remove(engine.throttled)
        for task in pending:
            task.cancel()
        if pending:  # let them end (their connections close) before the client is closed
            await asyncio.gather(*pending, return_exceptions=True)
        if engine.journal is not None:
            engine.journal.close()
