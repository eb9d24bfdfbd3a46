"""client.batch against the emulator: results, failures, pacing, journal, shards."""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    APIConnectionError,
    AsyncReplicate,
    BatchProgress,
    InvalidArgumentError,
    ModelError,
    PredictionTimeoutError,
    UnprocessableEntityError,
)
from replicate_ext.batch import BatchOptions
from replicate_ext.batch import creates as batch_creates
from replicate_ext.batch.journal import Entry, Journal, input_hash

from .conftest import Client, collect, creates, made, rows

FAST: BatchOptions = {"create_rate": 60_000, "request_rate": 60_000}


async def test_every_input_gives_one_result(client: Client, emulator: Emulator) -> None:
    inputs: list[Any] = [
        *rows(30),
        {"seconds": 0, "value": "boom", "fail": True},
        {"seconds": "x"},
        {"value": Path("cat.png")},
    ]
    seen: list[BatchProgress] = []
    results = await collect(
        client.batch("replicate-ext/delay", inputs, on_progress=seen.append, **FAST)
    )
    assert sorted(r.index for r in results) == list(range(33))
    by_index = {r.index: r for r in results}
    assert [by_index[i].output for i in range(30)] == [f"v{i}" for i in range(30)]
    assert all(by_index[i].status == "succeeded" and by_index[i].ok for i in range(30))
    failed, refused = by_index[30], by_index[31]
    assert failed.status == "failed" and isinstance(failed.error, ModelError)
    assert failed.prediction_id is not None and "boom" in str(failed.error)
    assert refused.status == "failed" and refused.prediction_id is None
    assert isinstance(refused.error, UnprocessableEntityError)
    assert refused.input == {"seconds": "x"}
    assert isinstance(by_index[32].error, InvalidArgumentError)  # not JSON: never sent
    assert "files must be URLs" in str(by_index[32].error)
    assert creates(emulator) == 32
    assert seen[-1].done == 33 and seen[-1].failed == 3 and seen[-1].in_flight == 0


async def test_results_come_in_completion_order(client: Client) -> None:
    inputs = [{"seconds": 0.6, "value": "slow"}, {"seconds": 0.0, "value": "fast"}]
    results = await collect(client.batch("replicate-ext/delay", inputs, **FAST))
    assert [r.output for r in results] == ["fast", "slow"]


async def test_inputs_are_read_lazily(sync_client: Client) -> None:
    read: list[int] = []

    def source() -> Iterator[dict[str, Any]]:
        for i in range(16):
            read.append(i)
            yield {"seconds": 0.0, "value": str(i)}

    batch = sync_client.batch("replicate-ext/delay", source(), max_in_flight=4, **FAST)
    first = next(batch)
    assert first.status == "succeeded"
    assert len(read) <= 2 * 4 + 1  # those in flight, those just finished, the next
    rest = await collect(batch)
    assert len(rest) == 15


async def test_throttled_creates_are_retried_not_failed(async_client: Client) -> None:
    with Emulator(rate_limits={"create": 600}, rate_limit_burst=1.0) as emu:
        limited = emu.async_client()
        results = await collect(limited.batch("replicate-ext/delay", rows(15), **FAST))
        await limited.close()
        throttled = sum(1 for r in emu.requests if r.method == "POST") - 15
    assert sorted(r.index for r in results) == list(range(15))
    assert all(r.ok for r in results)
    assert throttled >= 1  # the burst (10) was spent, the rest waited for the reset
    assert isinstance(async_client, AsyncReplicate)


async def test_shard_takes_every_nth_input(sync_client: Client, emulator: Emulator) -> None:
    results = await collect(
        sync_client.batch("replicate-ext/delay", rows(10), shard=(1, 3), **FAST)
    )
    assert sorted(r.index for r in results) == [1, 4, 7]
    assert creates(emulator) == 3


async def test_timeout_gives_the_input_back(sync_client: Client) -> None:
    inputs = [{"seconds": 30, "value": "late"}]
    [result] = await collect(sync_client.batch("replicate-ext/delay", inputs, timeout=0.3, **FAST))
    assert isinstance(result.error, PredictionTimeoutError)
    assert result.prediction_id is not None and result.status in ("starting", "processing")
    assert "wait for it by this id" in str(result.error), "no journal: none is offered"


def test_sync_batch_runs_inside_an_event_loop(emulator: Emulator) -> None:
    async def inside() -> list[Any]:
        with emulator.client() as client:
            return list(client.batch("replicate-ext/delay", rows(3), **FAST))

    assert len(asyncio.run(inside())) == 3


async def test_a_journal_resumes_without_paying_twice(
    client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    journal = tmp_path / "run.sqlite"
    batch = client.batch("replicate-ext/delay", rows(20), journal=journal, max_in_flight=5, **FAST)
    first = [await anext(batch) if hasattr(batch, "__anext__") else next(batch) for _ in range(3)]
    closed = batch.aclose() if hasattr(batch, "aclose") else batch.close()
    if closed is not None:
        await closed
    assert 3 <= sum(made(emulator).values()) <= 20
    again = await collect(client.batch("replicate-ext/delay", rows(20), journal=journal, **FAST))
    assert sorted(r.index for r in again) == list(range(20))
    assert all(r.ok for r in again) and {r.output for r in again} == {f"v{i}" for i in range(20)}
    # Those created before were re-attached, not made again. (Counting predictions, not create
    # requests: a task cancelled between a create's headers and its body makes nothing.)
    assert made(emulator) == collections.Counter({f"v{i}": 1 for i in range(20)})
    replayed = {r.index: r.prediction_id for r in again}
    assert all(replayed[r.index] == r.prediction_id for r in first)


async def test_a_lost_create_is_found_not_made_again(
    sync_client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    # The journal says input 1's create was sent, but its id never came back.
    with emulator.client() as sync:
        lost = sync.predictions.create(
            model="replicate-ext/delay", input={"seconds": 0, "value": "v1"}
        )
    path = tmp_path / "run.sqlite"
    journal = Journal(path, "replicate-ext/delay", (0, 1))
    journal.sending(1, input_hash({"seconds": 0.0, "value": "v1"}), 0.0)
    journal.close()
    results = await collect(sync_client.batch("replicate-ext/delay", rows(3), journal=path, **FAST))
    assert {r.index: r.prediction_id for r in results}[1] == lost.id
    assert creates(emulator) == 3  # the lost one, and inputs 0 and 2


async def test_a_journal_of_another_batch_is_refused(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "run.sqlite"
    await collect(client.batch("replicate-ext/delay", rows(2), journal=path, **FAST))
    with pytest.raises(InvalidArgumentError, match="made for ref 'replicate-ext/delay'"):
        client.batch("replicate-ext/echo", rows(2), journal=path)
    with pytest.raises(InvalidArgumentError, match="other inputs"):
        await collect(client.batch("replicate-ext/delay", rows(2, seconds=1), journal=path))


def test_bad_options_fail_before_anything_is_sent(emulator: Emulator) -> None:
    with emulator.client() as client:
        for options, message in [
            ({"shard": (3, 3)}, "shard"),
            ({"max_in_flight": 0}, "max_in_flight"),
            ({"create_rate": 0}, "create_rate"),
            ({"timeout": -1}, "timeout"),
        ]:
            with pytest.raises(InvalidArgumentError, match=message):
                client.batch("replicate-ext/delay", rows(1), **options)  # type: ignore[arg-type]
    assert not emulator.requests


async def test_status_checks_collapse_into_list_pages(
    client: Client, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No sync mode at all (quick predictions would otherwise all finish inside held creates):
    # every prediction is polled, and the polls collapse into list pages.
    monkeypatch.setattr(batch_creates, "HOLD_BELOW", 0)
    results = await collect(client.batch("replicate-ext/delay", rows(60, seconds=0.8), **FAST))
    assert len(results) == 60 and all(r.ok for r in results)
    gets = sum(1 for r in emulator.requests if r.method == "GET" and r.path.count("/") == 3)
    lists = sum(1 for r in emulator.requests if r.path == "/v1/predictions" and r.method == "GET")
    assert gets == 0  # no prediction was fetched on its own
    assert 1 <= lists <= 20  # a page every 0.25 s at most, each covering every one in flight
    assert creates(emulator) + lists <= 1.5 * 60


def test_a_stopped_blocking_batch_sends_nothing_after_it_returns(
    sync_client: Client, emulator: Emulator
) -> None:
    batch = sync_client.batch("replicate-ext/delay", rows(200), max_in_flight=40, **FAST)
    next(batch)
    batch.close()  # creates under way end before close() returns, none starts after it
    sent = creates(emulator)
    time.sleep(0.3)
    assert creates(emulator) == sent


def test_held_creates_count_toward_the_sync_mode_limit() -> None:
    # A held create keeps a connection (and a thread of the blocking driver) until its run
    # ends: with every create held, a batch of 1 s runs did 44 creates a second, not 100.
    from replicate_ext.batch.engine import Engine

    engine = Engine("replicate-ext/delay", rows(100), journal=None, max_in_flight=100,
                    create_rate=1e9, request_rate=1e9, timeout=None, shard=(0, 1),
                    wrap=lambda value: value)  # fmt: skip
    jobs, _ = engine.plan()
    creates = [job for job in jobs if job.kind == "create"]
    assert len(creates) == 100
    assert sum(job.call.hold > 0 for job in creates) == batch_creates.HOLD_BELOW
    assert len(engine.creating_inputs) == 100  # the inputs whose create is under way
    for job in creates:
        engine.complete(job, None, APIConnectionError("refused", outcome_unknown=False))
    assert not engine.creating_inputs, "answered creates are forgotten (memory stays flat)"


async def test_identical_inputs_each_get_their_own_prediction(
    client: Client, emulator: Emulator
) -> None:
    # The first create's answer is lost (the server made it); the second, identical input's
    # create is held meanwhile. Before, the lookup took the second one's prediction for the
    # first: one prediction given to both inputs (the other paid for, unseen), or a stall.
    emulator.faults.add("POST", "/models/replicate-ext/delay/predictions", "reset_after", times=1)
    inputs = [{"seconds": 1, "value": "same"}, {"seconds": 1, "value": "same"}]
    results = await collect(client.batch("replicate-ext/delay", inputs, **FAST))
    assert sorted(r.index for r in results) == [0, 1] and all(r.ok for r in results)
    assert len({r.prediction_id for r in results}) == 2
    assert made(emulator) == collections.Counter({"same": 2})


def test_inputs_that_raise_leave_no_create_journaled_as_sent(
    sync_client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    # Before: the inputs read in the same round were journaled as sent though nothing was
    # sent, and the resume spent 10 s looking for their predictions.
    def rows_then_fail() -> Iterator[dict[str, Any]]:
        yield from rows(3)
        raise ValueError("row 3 is broken")

    journal = tmp_path / "run.sqlite"
    with pytest.raises(ValueError, match="row 3 is broken"):
        list(sync_client.batch("replicate-ext/delay", rows_then_fail(), journal=journal, **FAST))
    assert creates(emulator) == 0
    entries = Journal(journal, "replicate-ext/delay", (0, 1))
    assert [entries.get(i) for i in range(3)] == [
        Entry(i, input_hash({"seconds": 0.0, "value": f"v{i}"}), None, None, None, None)
        for i in range(3)
    ]
    entries.close()
    again = list(sync_client.batch("replicate-ext/delay", rows(3), journal=journal, **FAST))
    assert sorted(r.index for r in again) == [0, 1, 2] and all(r.ok for r in again)
    lists = [r for r in emulator.requests if r.method == "GET" and r.path == "/v1/predictions"]
    assert not lists, "no lookup of creates that were never sent"


async def test_a_refused_input_replayed_from_the_journal_keeps_its_error(
    client: Client, tmp_path: Path
) -> None:
    # Before: the replay gave a ModelError "Prediction  failed: 422 ..." (no id, another type).
    journal = tmp_path / "run.sqlite"
    inputs = [{"seconds": "x", "value": "refused"}]
    (first,) = await collect(client.batch("replicate-ext/delay", inputs, journal=journal, **FAST))
    (again,) = await collect(client.batch("replicate-ext/delay", inputs, journal=journal, **FAST))
    assert isinstance(first.error, UnprocessableEntityError)
    assert type(again.error) is UnprocessableEntityError
    assert (again.error.status, str(again.error)) == (422, str(first.error))
    assert again.prediction_id is None and again.status == "failed"
