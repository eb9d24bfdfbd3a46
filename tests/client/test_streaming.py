"""Server-Sent Events: order, logs, errors, cancellation, and resuming a dropped stream."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    InvalidArgumentError,
    ModelError,
    ServerSentEvent,
    StreamInterruptedError,
)

from .conftest import collect, resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


async def test_tokens_arrive_in_order(client: Client) -> None:
    events = await collect(
        client.stream("replicate-ext/tokens", input={"prompt": "one two three", "count": 6})
    )
    assert all(isinstance(e, ServerSentEvent) and e.event == "output" for e in events)
    output = await resolve(
        client.run("replicate-ext/tokens", input={"prompt": "one two three", "count": 6})
    )
    assert [str(e) for e in events] == output
    ids = [int(e.id) for e in events if e.id]
    assert ids == sorted(ids)


async def test_file_inputs_are_uploaded_like_run(
    client: Client, replicate_emulator: Emulator, tmp_path: Path
) -> None:
    source = tmp_path / "words.txt"
    source.write_text("streamed file")
    before = len(replicate_emulator.requests)
    events = await collect(client.stream("replicate-ext/echo", input={"text": source}))
    text = "".join(str(e) for e in events if e.event == "output")
    assert "/v1/files/" in text  # the model got the uploaded file's URL, as with run()
    uploads = [r for r in replicate_emulator.requests[before:] if r.path == "/v1/files"]
    assert len(uploads) == 1


async def test_unsendable_input_is_refused_before_anything_is_sent(
    client: Client, replicate_emulator: Emulator
) -> None:
    before = len(replicate_emulator.requests)
    with pytest.raises(InvalidArgumentError, match=r"input\["):
        await collect(client.stream("replicate-ext/echo", input={"text": b"x", "n": float("nan")}))
    assert replicate_emulator.requests[before:] == []


async def test_logs_only_when_asked(client: Client) -> None:
    plain = await collect(client.stream("replicate-ext/tokens", input={"prompt": "a", "count": 2}))
    with_logs = await collect(
        client.stream("replicate-ext/tokens", input={"prompt": "a", "count": 2}, include_logs=True)
    )
    assert {e.event for e in plain} == {"output"}
    assert "logs" in {e.event for e in with_logs}
    assert [str(e) for e in with_logs if e.event == "output"] == [str(e) for e in plain]


async def test_error_event_raises_model_error(client: Client, replicate_emulator: Emulator) -> None:
    with pytest.raises(ModelError) as info:
        await collect(client.stream("replicate-ext/fail", input={}))
    assert info.value.prediction_id
    prediction = await resolve(client.predictions.get(info.value.prediction_id))
    assert prediction.status == "failed"


async def test_error_event_message_reaches_model_error(client: Client) -> None:
    with pytest.raises(ModelError) as info:
        await collect(client.stream("replicate-ext/fail", input={"message": "out of cheese"}))
    assert str(info.value).endswith("failed: out of cheese"), "the message, not the JSON"


async def test_stream_of_existing_prediction_by_id(client: Client) -> None:
    prediction = await resolve(
        client.predictions.create(
            model="replicate-ext/tokens", input={"prompt": "x y", "count": 3}, stream=True
        )
    )
    events = await collect(client.predictions.stream(prediction.id))
    assert len([e for e in events if e.event == "output"]) == 3


# A purpose-built SSE server: drops connections where told, and honours Last-Event-ID.
EVENTS = [
    ("1", "output", "a"),
    ("2", "output", "b"),
    ("", "mystery", "?"),
    ("3", "output", "c"),
    ("4", "done", "{}"),
]

# The ``error`` event's data: JSON as the API documents it, or plain text as older servers sent.
ERRORS = {
    mode: [("1", "output", "a"), ("2", "error", data), ("3", "done", "{}")]
    for mode, data in (("error-json", '{"detail": "disk full"}'), ("error-text", "disk full"))
}


class _SSE(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"
    seen_last_ids: list[str | None] = []
    mode = "drop-once"

    def do_GET(self) -> None:
        last = self.headers.get("Last-Event-ID")
        cls = type(self)
        cls.seen_last_ids.append(last)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        events = ERRORS.get(cls.mode, EVENTS)
        start = 0 if last is None else next(i for i, e in enumerate(events) if e[0] == last) + 1
        for i, (event_id, event, data) in enumerate(events[start:], start):
            if cls.mode == "drop-always" or (cls.mode == "drop-once" and last is None and i == 2):
                return  # the connection closes before `done`
            lines = (f"id: {event_id}\n" if event_id else "") + f"event: {event}\ndata: {data}\n\n"
            self.wfile.write(lines.encode())
            self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def sse_server() -> Iterator[str]:
    _SSE.seen_last_ids = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SSE)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/stream"
    server.shutdown()
    server.server_close()


def _prediction(url: str, prediction_id: str = "p-sse") -> Any:
    from replicate_api.models import Prediction

    data = {"id": prediction_id, "status": "processing", "urls": {"stream": url}}
    return Prediction.from_dict(data)


@pytest.mark.parametrize("mode", sorted(ERRORS))
async def test_error_event_json_or_plain_text(client: Client, sse_server: str, mode: str) -> None:
    _SSE.mode = mode
    failed = await resolve(
        client.predictions.create(model="replicate-ext/fail", input={"message": "disk full"})
    )
    with pytest.raises(ModelError) as info:
        await collect(client.predictions.stream(_prediction(sse_server, failed.id)))
    assert str(info.value) == f"Prediction {failed.id} failed: disk full"


async def test_dropped_stream_resumes_with_last_event_id(client: Client, sse_server: str) -> None:
    _SSE.mode = "drop-once"
    events = await collect(client.predictions.stream(_prediction(sse_server)))
    assert [str(e) for e in events] == ["a", "b", "c"], "nothing lost, nothing repeated"
    assert _SSE.seen_last_ids == [None, "2"]


async def test_stream_that_keeps_dropping_raises_with_id(client: Client, sse_server: str) -> None:
    _SSE.mode = "drop-always"
    with pytest.raises(StreamInterruptedError) as info:
        await collect(client.predictions.stream(_prediction(sse_server)))
    assert info.value.prediction_id == "p-sse" and "p-sse" in str(info.value)
    assert len(_SSE.seen_last_ids) == 4, "one try and three reconnections"


async def test_prediction_without_stream_url(client: Client) -> None:
    from replicate_api.models import Prediction

    with pytest.raises(InvalidArgumentError, match="does not stream"):
        await collect(
            client.predictions.stream(Prediction.from_dict({"id": "p", "urls": {"get": "x"}}))
        )


async def _first_then_leave(stream: Any) -> ServerSentEvent:
    """The first event, then the iteration is left (the iterator closed, as ``break`` does)."""
    if hasattr(stream, "__aiter__"):
        first: ServerSentEvent = await anext(stream)
        await stream.aclose()
        return first
    first = next(stream)
    stream.close()
    return first


@pytest.mark.parametrize("cancel", [True, False])
async def test_leaving_a_stream_early_cancels_its_prediction(
    client: Client, replicate_emulator: Emulator, cancel: bool
) -> None:
    # Before: the prediction went on running, and stream() never gives its id to the caller.
    stream = client.stream(
        "replicate-ext/tokens",
        input={"count": 200, "delay": 0.05},
        cancel_on_interrupt=cancel,
    )
    first = await _first_then_leave(stream)
    assert first.event == "output"
    with replicate_emulator.client() as sync:
        mine = sync.predictions.list().results[0]
        assert mine.input_ == {"count": 200, "delay": 0.05}
        status = sync.wait(mine.id, timeout=5).status if cancel else mine.status
        assert status == ("canceled" if cancel else "processing")
        if not cancel:
            sync.predictions.cancel(mine.id)


async def test_a_cancelled_stream_task_cancels_its_prediction(
    replicate_emulator: Emulator,
) -> None:
    import asyncio

    async with replicate_emulator.async_client() as client:

        async def consume() -> None:
            async for _ in client.stream(
                "replicate-ext/tokens", input={"count": 200, "delay": 0.05}
            ):
                pass

        with pytest.raises(TimeoutError):
            async with asyncio.timeout(1.0):
                await consume()
    with replicate_emulator.client() as sync:
        mine = sync.predictions.list().results[0]
        assert sync.wait(mine.id, timeout=5).status == "canceled"
