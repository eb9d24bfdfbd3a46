"""Verifying webhooks: ``replicate_ext.webhooks`` on crafted requests, then on real deliveries
from the emulator, received by the WSGI, ASGI and Starlette handlers of ``docs/webhooks.md``
(the code between ``# docs: NAME`` and ``# docs: end`` is in that page verbatim)."""

from __future__ import annotations

import base64
import contextlib
import email
import hashlib
import hmac
import http.server
import json
import re
import socket
import sys
import textwrap
import threading
import time
import wsgiref.simple_server
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import httpx
import pytest
import uvicorn
from replicate_api.models import Prediction, WebhookSecret
from replicate_emulator import sign_webhook
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from replicate_ext import webhooks
from replicate_ext.errors import InvalidArgumentError, ReplicateError

KEY = b"a 24-byte key for tests!"
WHSEC = "whsec_" + base64.b64encode(KEY).decode()
NOW = 1_700_000_000
BODY = b'{"id": "p1", "status": "succeeded"}'
DOCS = Path(__file__).parents[2] / "docs" / "webhooks.md"


def sign(
    body: bytes = BODY, *, msg_id: str = "msg_1", timestamp: object = NOW, key: bytes = KEY
) -> dict[str, str]:
    """Headers of a delivery of ``body``, signed independently of the code under test."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{signature}",
    }


# -- unit tests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body", [BODY, BODY.decode(), bytearray(BODY)], ids=lambda b: type(b).__name__
)
@pytest.mark.parametrize(
    "secret",
    [WHSEC, WHSEC.removeprefix("whsec_"), WebhookSecret(key=WHSEC), f" {WHSEC}\n"],
    ids=["whsec", "bare", "model", "whitespace"],
)
def test_valid_signature_passes(body: Any, secret: object) -> None:
    webhooks.validate(sign(), body, secret, now=NOW)
    assert webhooks.parse(sign(), body, secret, now=NOW).to_dict() == json.loads(BODY)


def test_unpadded_secret_and_unicode_body() -> None:
    body = json.dumps({"id": "p1", "output": "héllo ✓"}, ensure_ascii=False)
    headers = sign(body.encode())
    assert webhooks.parse(headers, body, WHSEC.rstrip("="), now=NOW).output == "héllo ✓"


def test_agrees_with_the_emulator_signer() -> None:
    headers = sign(msg_id="msg_x", timestamp=NOW + 7)
    assert headers["webhook-signature"] == sign_webhook(WHSEC, "msg_x", NOW + 7, BODY)


def werkzeug_headers(headers: dict[str, str]) -> Any:
    datastructures = pytest.importorskip("werkzeug.datastructures")
    return datastructures.Headers(headers)


def http_message(headers: dict[str, str]) -> Any:
    return email.message_from_string("".join(f"{k}: {v}\n" for k, v in headers.items()))


@pytest.mark.parametrize(
    "convert",
    [
        lambda h: {k.title(): v for k, v in h.items()},
        lambda h: {k.upper(): v for k, v in h.items()},
        lambda h: {k: v.encode() for k, v in h.items()},
        lambda h: {"HTTP_" + k.upper().replace("-", "_"): v for k, v in h.items()},  # WSGI
        lambda h: Headers(raw=[(k.title().encode(), v.encode()) for k, v in h.items()]),
        httpx.Headers,
        werkzeug_headers,
        http_message,
    ],
    ids=["title", "upper", "bytes", "environ", "starlette", "httpx", "werkzeug", "message"],
)
def test_header_containers(convert: Callable[[dict[str, str]], Any]) -> None:
    webhooks.validate(convert(sign()), BODY, WHSEC, now=NOW)


@pytest.mark.parametrize(
    ("headers", "body"),
    [
        (sign(), BODY.replace(b"succeeded", b"failed")),
        (sign(), json.dumps(json.loads(BODY), separators=(",", ":"))),
        (sign(), BODY + b"\n"),
        (sign() | {"webhook-id": "msg_2"}, BODY),
        (sign() | {"webhook-timestamp": str(NOW + 1)}, BODY),
        (sign(key=b"another key"), BODY),
    ],
    ids=["body", "reserialised", "newline", "id", "timestamp", "wrong-secret"],
)
def test_tampering_fails(headers: dict[str, str], body: bytes | str) -> None:
    with pytest.raises(webhooks.WebhookSignatureError, match="no webhook-signature entry") as exc:
        webhooks.validate(headers, body, WHSEC, now=NOW)
    assert exc.value.webhook_id == headers["webhook-id"]


@pytest.mark.parametrize(
    "template",
    ["v1,bogus {good}", "{good} v1,bogus", "v1a,x v2,y {good}", "v1,x, {good},", "  {good}  "],
)
def test_any_one_valid_signature_passes(template: str) -> None:
    good = sign()["webhook-signature"]
    headers = sign() | {"webhook-signature": template.format(good=good)}
    webhooks.validate(headers, BODY, WHSEC, now=NOW)


@pytest.mark.parametrize("value", ["v2,{sig}", "v1a,{sig} v0,{sig}", "{sig}", "v1", "v1,"])
def test_no_usable_v1_signature_fails(value: str) -> None:
    sig = sign()["webhook-signature"].removeprefix("v1,")
    headers = sign() | {"webhook-signature": value.format(sig=sig)}
    with pytest.raises(webhooks.WebhookSignatureError):
        webhooks.validate(headers, BODY, WHSEC, now=NOW)


@pytest.mark.parametrize("name", ["webhook-id", "webhook-timestamp", "webhook-signature"])
@pytest.mark.parametrize("blank", [None, "", "  "])
def test_missing_header(name: str, blank: str | None) -> None:
    headers = sign()
    if blank is None:
        del headers[name]
    else:
        headers[name] = blank
    with pytest.raises(webhooks.WebhookMissingHeaderError, match=f"no {name} header"):
        webhooks.validate(headers, BODY, WHSEC, now=NOW)


@pytest.mark.parametrize(
    "stamp", ["abc", "1700000000.0", "-5", "+1700000000", "1e9", "\u0661\u0667"]
)
def test_non_numeric_timestamp(stamp: str) -> None:
    with pytest.raises(webhooks.WebhookTimestampError, match="not an integer"):
        webhooks.validate(sign(timestamp=stamp), BODY, WHSEC, now=NOW)


@pytest.mark.parametrize(
    ("now", "tolerance", "problem"),
    [
        (NOW + 301, 300, "301 s old"),
        (NOW - 301, 300, "301 s in the future"),
        (NOW + 11, 10, "11 s old"),
        (NOW - 0.5, 0, "in the future"),
    ],
)
def test_timestamp_out_of_tolerance(now: float, tolerance: float, problem: str) -> None:
    with pytest.raises(webhooks.WebhookTimestampError, match=problem):
        webhooks.validate(sign(), BODY, WHSEC, now=now, tolerance=tolerance)


def test_timestamp_within_tolerance_and_disabled() -> None:
    for now in (NOW - 300, NOW, NOW + 300):
        webhooks.validate(sign(), BODY, WHSEC, now=now)
    webhooks.validate(sign(), BODY, WHSEC, tolerance=None)  # years old, against the real clock
    with pytest.raises(webhooks.WebhookTimestampError):
        webhooks.validate(sign(), BODY, WHSEC)
    webhooks.validate(sign(timestamp=int(time.time())), BODY, WHSEC)


def test_bad_signature_is_reported_before_bad_age() -> None:
    with pytest.raises(webhooks.WebhookSignatureError):
        webhooks.validate(sign(key=b"forged"), BODY, WHSEC, now=NOW + 10_000)


class Keyed:
    def __init__(self, key: object) -> None:
        self.key = key


@pytest.mark.parametrize(
    ("secret", "problem"),
    [
        ("whsec_not base64!", "not valid base64"),
        ("whsec_ab$d", "not valid base64"),
        ("whsec_A", "not valid base64"),
        ("whsec_", "not valid base64"),
        ("", "missing, empty"),
        ("   ", "missing, empty"),
        (None, "missing, empty"),
        (KEY, "missing, empty"),
        (WebhookSecret(), "missing, empty"),
        (Keyed(None), "missing, empty"),
        ("r8_abcdefghijklmnopqrstuvwxyz0123456789", "API token"),
    ],
)
def test_malformed_secret(secret: object, problem: str) -> None:
    with pytest.raises(webhooks.WebhookSecretError, match=problem) as exc:
        webhooks.validate(sign(), BODY, secret, now=NOW)
    assert "client.webhooks.default.secret.get()" in str(exc.value)
    if isinstance(secret, str) and len(secret.strip().removeprefix("whsec_")) > 3:
        assert secret.strip().removeprefix("whsec_") not in str(exc.value)


def test_secret_is_checked_before_headers() -> None:
    with pytest.raises(webhooks.WebhookSecretError):
        webhooks.validate({}, BODY, "whsec_!!")


def test_body_must_be_raw() -> None:
    with pytest.raises(InvalidArgumentError, match="raw request body"):
        webhooks.validate(sign(), json.loads(BODY), WHSEC, now=NOW)


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b"\xff"])
def test_parse_requires_a_json_object(body: bytes) -> None:
    with pytest.raises(webhooks.WebhookVerificationError, match="not a JSON object") as exc:
        webhooks.parse(sign(body), body, WHSEC, now=NOW)
    assert type(exc.value) is webhooks.WebhookVerificationError


def test_replay_protection_with_seen() -> None:
    seen: set[str] = set()
    with pytest.raises(webhooks.WebhookSignatureError):
        webhooks.validate(sign(key=b"forged"), BODY, WHSEC, now=NOW, seen=seen)
    assert not seen, "only genuine deliveries are remembered"
    webhooks.validate(sign(), BODY, WHSEC, now=NOW, seen=seen)
    assert seen == {"msg_1"}
    with pytest.raises(webhooks.WebhookReplayError, match="msg_1 was already handled") as exc:
        webhooks.parse(sign(), BODY, WHSEC, now=NOW, seen=seen)
    assert exc.value.webhook_id == "msg_1"
    webhooks.validate(sign(msg_id="msg_2"), BODY, WHSEC, now=NOW, seen=seen)
    seen.discard("msg_1")  # handling failed: let the retry through
    webhooks.validate(sign(), BODY, WHSEC, now=NOW, seen=seen)


def test_error_tree() -> None:
    for cls in (
        webhooks.WebhookMissingHeaderError,
        webhooks.WebhookTimestampError,
        webhooks.WebhookSignatureError,
        webhooks.WebhookSecretError,
        webhooks.WebhookReplayError,
    ):
        assert issubclass(cls, webhooks.WebhookVerificationError)
    assert issubclass(webhooks.WebhookVerificationError, ReplicateError)


def test_errors_never_reveal_secret_or_signatures() -> None:
    good = sign()["webhook-signature"]
    forged = sign(key=b"forged")["webhook-signature"]
    bare = WHSEC.removeprefix("whsec_")
    cases: list[tuple[dict[str, str], object, float]] = [
        (sign(key=b"forged"), WHSEC, NOW),
        (sign() | {"webhook-signature": f"v2,{good[3:]} {forged}"}, WHSEC, NOW),
        (sign(), WHSEC, NOW + 10_000),
        (sign(timestamp="x"), WHSEC, NOW),
        (sign(), "whsec_" + bare[:-3] + "!!!", NOW),
        (sign(), bare + "%", NOW),
        ({"webhook-id": "msg_1"}, WHSEC, NOW),
        (sign(), "r8_" + bare, NOW),
    ]
    texts = []
    for headers, secret, now in cases:
        with pytest.raises(webhooks.WebhookVerificationError) as exc:
            webhooks.validate(headers, BODY, secret, now=now)
        assert exc.value.__cause__ is None and exc.value.__context__ is None
        texts.append(f"{exc.value} {exc.value!r} {exc.value.args}")
    for text in texts:
        for value in (bare, bare[:12], bare[-12:], good[3:15], forged[3:15], KEY.decode()):
            assert value not in text


# -- real deliveries from the emulator ---------------------------------------------------


def wait_until(predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
    """Poll ``predicate`` every 10 ms until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        assert time.monotonic() < deadline, "timed out waiting for webhook deliveries"
        time.sleep(0.01)
    return result


@dataclass
class Delivery:
    headers: Any  # the http.server headers, an email.message.Message
    body: bytes
    status: int

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """A loopback HTTP server recording every webhook attempt; answers 500 to the first ``fail``."""

    fail: int = 0
    attempts: list[Delivery] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                status = 500 if len(receiver.attempts) < receiver.fail else 204
                receiver.attempts.append(Delivery(self.headers, body, status))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    @property
    def accepted(self) -> list[Delivery]:
        return [d for d in self.attempts if d.status < 300]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.close()


def test_real_deliveries_validate(replicate_client: Any, receiver: Receiver) -> None:
    secret = replicate_client.webhooks.default.secret.get()
    prediction = replicate_client.predictions.create(
        model="replicate-ext/tokens",
        input={"prompt": "hi there", "count": 3},
        webhook=receiver.url,
    )
    wait_until(lambda: any(d.json["status"] == "succeeded" for d in receiver.accepted))
    seen: set[str] = set()
    for delivery in receiver.attempts:
        webhooks.validate(delivery.headers, delivery.body, secret, seen=seen)
        webhooks.validate(delivery.headers, delivery.body, secret.key, tolerance=5)
        assert webhooks.parse(delivery.headers, delivery.body, secret).id == prediction.id
    assert len(seen) == len(receiver.attempts) >= 2, "every event has its own webhook-id"
    assert receiver.attempts[0].json["status"] == "processing"


def test_retried_delivery_keeps_its_id_and_validates(replicate_client: Any) -> None:
    receiver = Receiver(fail=1)
    try:
        secret = replicate_client.webhooks.default.secret.get()
        replicate_client.predictions.create(
            model="replicate-ext/hello",
            input={"name": "retry"},
            webhook=receiver.url,
            webhook_events_filter=["completed"],
        )
        first, retry = wait_until(lambda: len(receiver.attempts) >= 2 and receiver.attempts)
    finally:
        receiver.close()
    assert (first.status, retry.status) == (500, 204)
    assert first.headers["webhook-id"] == retry.headers["webhook-id"]
    assert first.body == retry.body
    assert webhooks.parse(retry.headers, retry.body, secret).output == "hello retry"
    seen: set[str] = set()
    webhooks.validate(first.headers, first.body, secret, seen=seen)
    with pytest.raises(webhooks.WebhookReplayError):
        webhooks.validate(retry.headers, retry.body, secret, seen=seen)


def test_tampered_real_delivery_fails(replicate_client: Any, receiver: Receiver) -> None:
    secret = replicate_client.webhooks.default.secret.get()
    replicate_client.predictions.create(
        model="replicate-ext/hello",
        input={"name": "tamper"},
        webhook=receiver.url,
        webhook_events_filter=["completed"],
    )
    delivery = wait_until(lambda: receiver.accepted and receiver.accepted[0])
    headers = dict(delivery.headers.items())
    webhooks.validate(headers, delivery.body, secret)
    forged = [
        (headers, delivery.body.replace(b"hello tamper", b"hello forged")),
        (headers, json.dumps(delivery.json, separators=(",", ":"))),
        (headers | {"webhook-id": "msg_other"}, delivery.body),
        (
            headers | {"webhook-timestamp": str(int(headers["webhook-timestamp"]) + 1)},
            delivery.body,
        ),
    ]
    for forged_headers, body in forged:
        with pytest.raises(webhooks.WebhookSignatureError):
            webhooks.validate(forged_headers, body, secret)
    with pytest.raises(webhooks.WebhookSignatureError):
        webhooks.validate(headers, delivery.body, "whsec_" + base64.b64encode(KEY).decode())


# -- the framework handlers of docs/webhooks.md, against real deliveries ----------------

SECRET = ""  # docs/webhooks.md reads it from the environment; the tests set the emulator's
received: list[Prediction] = []


def handle_prediction(prediction: Prediction) -> None:
    received.append(prediction)


# docs: wsgi
def wsgi_app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    try:
        prediction = webhooks.parse(environ, body, SECRET)  # a WSGI environ works as headers
    except webhooks.WebhookVerificationError:
        start_response("400 Bad Request", [("Content-Type", "text/plain")])
        return [b"invalid webhook"]
    handle_prediction(prediction)
    start_response("204 No Content", [])
    return []


# docs: end


# docs: asgi
async def asgi_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
    try:
        prediction = webhooks.parse(headers, body, SECRET)
    except webhooks.WebhookVerificationError:
        status = 400
    else:
        handle_prediction(prediction)
        status = 204
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})


# docs: end


# docs: starlette
async def replicate_webhook(request: Request) -> Response:
    try:
        prediction = webhooks.parse(request.headers, await request.body(), SECRET)
    except webhooks.WebhookVerificationError:
        return Response("invalid webhook", status_code=400)
    handle_prediction(prediction)
    return Response(status_code=204)


app = Starlette(routes=[Route("/replicate/webhook", replicate_webhook, methods=["POST"])])
# docs: end


@contextlib.contextmanager
def serve_wsgi(wsgi: WSGIApplication, statuses: list[int]) -> Iterator[str]:
    """Serve ``wsgi`` on a loopback port; record the status of every response."""

    def recording(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def spy(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            statuses.append(int(status.split()[0]))
            return start_response(status, headers, exc_info)

        return wsgi(environ, spy)

    class Quiet(wsgiref.simple_server.WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = wsgiref.simple_server.make_server("127.0.0.1", 0, recording, handler_class=Quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/replicate/webhook"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def serve_asgi(asgi: ASGIApp, statuses: list[int]) -> Iterator[str]:
    """Serve ``asgi`` with uvicorn on a loopback port; record the status of every response."""

    async def recording(scope: Scope, receive: Receive, send: Send) -> None:
        async def spy(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])
            await send(message)

        await asgi(scope, receive, spy)

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    config = uvicorn.Config(recording, lifespan="off", log_config=None, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]})
    thread.start()
    try:
        wait_until(lambda: server.started or not thread.is_alive())
        assert server.started
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/replicate/webhook"
    finally:
        server.should_exit = True
        thread.join(5)
        sock.close()


SERVERS: dict[str, Callable[[list[int]], contextlib.AbstractContextManager[str]]] = {
    "wsgi": lambda statuses: serve_wsgi(wsgi_app, statuses),
    "asgi": lambda statuses: serve_asgi(asgi_app, statuses),
    "starlette": lambda statuses: serve_asgi(app, statuses),
}


@pytest.mark.parametrize("server", SERVERS)
def test_docs_handler_accepts_real_webhooks_and_refuses_forgeries(
    server: str,
    replicate_client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    received.clear()
    secret = replicate_client.webhooks.default.secret.get()
    monkeypatch.setattr(sys.modules[__name__], "SECRET", secret.key)
    statuses: list[int] = []
    with SERVERS[server](statuses) as url:
        prediction = replicate_client.predictions.create(
            model="replicate-ext/tokens", input={"prompt": "docs", "count": 2}, webhook=url
        )
        # the final event is the job's last delivery: none is pending once it is handled
        wait_until(lambda: any(p.status == "succeeded" for p in received))
        headers = sign(b'{"id": "forged"}', timestamp=int(time.time()))
        forged = httpx.post(url, content=b'{"id": "forged"}', headers=headers)
        unsigned = httpx.post(url, json={"id": "unsigned"})
    assert (forged.status_code, unsigned.status_code) == (400, 400)
    assert statuses == [204] * len(received) + [400, 400], "every real delivery was accepted"
    assert {p.id for p in received} == {prediction.id}
    assert received[0].status == "processing" and received[-1].status == "succeeded"


def test_docs_show_the_tested_handlers_verbatim() -> None:
    source = Path(__file__).read_text()
    snippets = re.findall(r"^# docs: (\w+)\n(.*?)^# docs: end$", source, re.S | re.M)
    assert [name for name, _ in snippets] == ["wsgi", "asgi", "starlette"]
    docs = DOCS.read_text()
    for name, code in snippets:
        assert textwrap.dedent(code).strip() in docs, f"docs/webhooks.md lacks the {name} handler"
