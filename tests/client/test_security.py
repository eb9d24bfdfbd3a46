"""The token stays home: other origins, reprs, errors and logs never see it. Input is checked first."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    AsyncReplicate,
    AuthenticationError,
    InvalidArgumentError,
    InvalidReferenceError,
    NotFoundError,
    Replicate,
    ReplicateError,
    ResponseDecodeError,
)

from .conftest import collect, resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


class _Recorder(BaseHTTPRequestHandler):
    seen: list[dict[str, str]] = []

    def do_GET(self) -> None:
        type(self).seen.append({k.lower(): v for k, v in self.headers.items()})
        body = b"foreign bytes"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def foreign() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """Another origin on loopback that records the headers it receives."""
    _Recorder.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.seen
    server.shutdown()
    server.server_close()


async def test_token_not_sent_to_foreign_file_host(
    client: Client, emulator: Emulator, foreign: tuple[str, list[dict[str, str]]]
) -> None:
    base, seen = foreign
    file_obj = {"id": "f-foreign", "urls": {"get": f"{base}/download/f-foreign"}}
    emulator.faults.add("GET", "/v1/files/f-foreign", "body", times=1, status=200, body=file_obj)
    data = b"".join(await collect(client.files.download("f-foreign")))
    assert data == b"foreign bytes"
    assert len(seen) == 1 and "authorization" not in seen[0]


async def test_next_link_to_another_host_is_not_followed(
    client: Client, emulator: Emulator
) -> None:
    page: dict[str, Any] = {
        "results": [],
        "next": "https://evil.example/v1/predictions?cursor=abc",
        "previous": None,
    }
    emulator.faults.add("GET", "/v1/predictions", "body", times=1, status=200, body=page)
    with pytest.raises(ResponseDecodeError, match="another host"):
        await collect(client.paginate(client.predictions.list))


async def test_next_link_looping_back_is_stopped(client: Client, emulator: Emulator) -> None:
    page: dict[str, Any] = {
        "results": [],
        "next": f"{emulator.base_url}/predictions?cursor=same",
        "previous": None,
    }
    emulator.faults.add("GET", "/v1/predictions", "body", times=2, status=200, body=page)
    with pytest.raises(ResponseDecodeError, match="repeats"):
        await collect(client.paginate(client.predictions.list))


async def test_token_absent_from_reprs_errors_and_debug_logs(
    client: Client, emulator: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    token = emulator.token
    caplog.set_level(logging.DEBUG)
    assert await resolve(client.run("replicate-ext/hello", input={})) == "hello world"
    with pytest.raises(NotFoundError) as info:
        await resolve(client.predictions.get("missing"))
    emulator.faults.add(
        "GET", "/v1/account", "status", times=1, status=401, detail=f"bad {token[:3]}"
    )
    with pytest.raises(AuthenticationError) as auth_info:
        await resolve(client.account.get())
    texts = [
        repr(client),
        str(client.predictions),
        repr(client.models),
        str(info.value),
        repr(info.value),
    ]
    texts += [str(auth_info.value), caplog.text]
    assert "replicate_ext" in caplog.text, "debug logging is on"
    for text in texts:
        assert token not in text


async def test_user_agent(emulator: Emulator) -> None:
    with emulator.client(user_agent="my-app/1.2.3") as client:
        client.account.get()
    agent = emulator.requests[-1].headers.get("user-agent", "")
    assert agent.startswith("my-app/1.2.3 replicate-ext/")


@pytest.mark.parametrize(
    "ref", ["owner", "owner/", "/name", "a/b/c", "a/b:", "../x", "a b/c", "ünï/cødé"]
)
async def test_bad_references_send_nothing(client: Client, emulator: Emulator, ref: str) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidReferenceError):
        await resolve(client.run(ref, input={}))
    assert len(emulator.requests) == before


async def test_bad_arguments_send_nothing(client: Client, emulator: Emulator) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidArgumentError, match="minimum"):
        await resolve(client.run("replicate-ext/hello", input={}, cancel_after="2s"))
    with pytest.raises(InvalidArgumentError, match="webhook_events_filter"):
        await resolve(
            client.predictions.create(model="replicate-ext/hello", webhook_events_filter=["finish"])
        )
    with pytest.raises(InvalidArgumentError, match="input must be a dict"):
        await resolve(client.run("replicate-ext/hello", input=["x"]))
    assert len(emulator.requests) == before


@pytest.mark.parametrize("token", ["", "   "])
def test_missing_token_fails_before_sending(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", token)
    with pytest.raises(AuthenticationError, match="REPLICATE_API_TOKEN"):
        Replicate()
    monkeypatch.delenv("REPLICATE_API_TOKEN")
    with pytest.raises(AuthenticationError, match="REPLICATE_API_TOKEN"):
        AsyncReplicate()


async def test_wrong_token_is_authentication_error(emulator: Emulator) -> None:
    with (
        Replicate(auth="r8_wrong", base_url=emulator.base_url) as client,
        pytest.raises(AuthenticationError) as info,
    ):
        client.account.get()
    assert info.value.status == 401
    assert isinstance(info.value, ReplicateError)
