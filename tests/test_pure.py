"""Pure logic: references, deadlines, retry policy, configuration, polling, error mapping."""

from __future__ import annotations

import datetime as dt
import email.utils
import math
from typing import Any

import httpx
import pytest

from replicate_ext import (
    AuthenticationError,
    InternalServerError,
    InvalidArgumentError,
    InvalidReferenceError,
    NotFoundError,
    PredictionTimeoutError,
    RateLimitError,
    ReplicateError,
    UnprocessableEntityError,
)
from replicate_ext.config import resolve_config
from replicate_ext.deadlines import cancel_after_header, prefer_header
from replicate_ext.errors import error_from_response
from replicate_ext.refs import parse_model_ref
from replicate_ext.retry import RetryPolicy, parse_retry_after
from replicate_ext.waiting import Poller, poll_delay

VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"


@pytest.mark.parametrize(
    ("ref", "owner", "name", "version"),
    [
        ("acme/hello", "acme", "hello", None),
        (f"acme/hello:{VERSION}", "acme", "hello", VERSION),
        (VERSION, None, None, VERSION),
        (VERSION.upper(), None, None, VERSION),
        ("a-b_c/x.y-z", "a-b_c", "x.y-z", None),
    ],
)
def test_valid_model_refs(
    ref: str, owner: str | None, name: str | None, version: str | None
) -> None:
    parsed = parse_model_ref(ref)
    assert (parsed.owner, parsed.name, parsed.version) == (owner, name, version)


@pytest.mark.parametrize(
    "ref",
    [
        "owner",
        "owner/",
        "/name",
        "a/b/c",
        "a/b:",
        "../x",
        "a/..",
        "my model/x",
        "acme/héllo",
        "",
        "a/b:xyz",
        " a/b",
    ],
)
def test_malformed_model_refs_raise_value_error_with_forms(ref: str) -> None:
    with pytest.raises(InvalidReferenceError) as info:
        parse_model_ref(ref)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ReplicateError)
    assert "owner/name" in str(info.value)


def test_prefer_header() -> None:
    assert prefer_header(True) == "wait=60"
    assert prefer_header(7) == "wait=7"
    assert prefer_header(False) is None
    for bad in (0, 61, -1):
        with pytest.raises(InvalidArgumentError, match="from 1 to 60"):
            prefer_header(bad)


@pytest.mark.parametrize(
    ("value", "header"),
    [
        ("30s", "30s"),
        ("5m", "5m"),
        ("1h30m45s", "1h30m45s"),
        (90, "90s"),
        (7.5, "7.5s"),
        (dt.timedelta(minutes=1), "60s"),
    ],
)
def test_cancel_after_valid(value: str | float | dt.timedelta, header: str) -> None:
    assert cancel_after_header(value) == header


@pytest.mark.parametrize(
    "value", ["4s", "3", "soon", "5 m", "m5", 4.9, float("inf"), True, "4000ms"]
)
def test_cancel_after_invalid(value: str | float) -> None:
    with pytest.raises(InvalidArgumentError):
        cancel_after_header(value)


def test_retry_after_forms() -> None:
    now = 1_700_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after({"Retry-After": "3"}) == 3.0
    assert parse_retry_after({"retry-after-ms": "250"}) == 0.25
    assert parse_retry_after({"Retry-After": date}, now=lambda: now) == pytest.approx(30.0)
    assert parse_retry_after({"Retry-After": "-5"}) is None
    assert parse_retry_after({"Retry-After": "garbage"}) is None
    assert parse_retry_after({"Retry-After": "nan"}) is None
    assert parse_retry_after({}) is None


def test_retry_policy_idempotency() -> None:
    policy = RetryPolicy()
    assert policy.retryable_status(429, idempotent=False)
    assert not policy.retryable_status(503, idempotent=False)
    assert policy.retryable_status(503, idempotent=True)
    assert not policy.retryable_status(500, idempotent=True)
    reset = httpx.RemoteProtocolError("reset")
    assert not policy.retryable_exception(reset, idempotent=False)
    assert policy.retryable_exception(reset, idempotent=True)
    assert policy.retryable_exception(httpx.ConnectError("refused"), idempotent=False)
    delays = [policy.backoff(n, rand=lambda: 1.0) for n in range(8)]
    assert delays[:3] == [0.5, 1.0, 2.0]
    assert max(delays) == policy.max_wait


def test_config_order_argument_env_default() -> None:
    env = {
        "REPLICATE_API_TOKEN": "r8_env",
        "REPLICATE_BASE_URL": "http://127.0.0.1:1/v1/",
        "REPLICATE_POLL_INTERVAL": "0.2",
    }
    cfg = resolve_config(env=env)
    assert (cfg.token, cfg.base_url, cfg.poll_interval) == ("r8_env", "http://127.0.0.1:1/v1", 0.2)
    cfg = resolve_config("r8_arg", base_url="http://127.0.0.1:2/v1", poll_interval=1.0, env=env)
    assert (cfg.token, cfg.base_url, cfg.poll_interval) == ("r8_arg", "http://127.0.0.1:2/v1", 1.0)
    cfg = resolve_config("r8_arg", env={})
    assert cfg.base_url == "https://api.replicate.com/v1"
    assert cfg.poll_interval is None
    assert cfg.timeout.connect == 5.0 and cfg.timeout.read == 30.0
    assert "r8_arg" not in repr(cfg)


@pytest.mark.parametrize("token", [None, "", "   ", " r8_x", "r8_x\n"])
def test_missing_or_blank_token(token: str | None) -> None:
    with pytest.raises(AuthenticationError) as info:
        resolve_config(token, env={})
    if token is None or not token.strip():
        assert "REPLICATE_API_TOKEN" in str(info.value)
    if token and token.strip():
        assert token.strip() not in str(info.value)


def test_bad_settings() -> None:
    with pytest.raises(InvalidArgumentError):
        resolve_config("r8_x", env={"REPLICATE_MAX_RETRIES": "many"})
    with pytest.raises(InvalidArgumentError):
        resolve_config("r8_x", base_url="ftp://example.com", env={})


@pytest.mark.parametrize(
    ("settings", "env", "message"),
    [
        ({"timeout": -5}, {}, "timeout=-5 must be a positive number of seconds"),
        ({"timeout": 0}, {}, "timeout=0 must be a positive"),
        ({"timeout": math.nan}, {}, "timeout=nan"),
        ({"timeout": math.inf}, {}, "timeout=inf"),
        ({"timeout": httpx.Timeout(5, read=-1)}, {}, r"timeout \(read\)=-1"),
        ({}, {"REPLICATE_TIMEOUT": "0"}, "REPLICATE_TIMEOUT=0.0 must be a positive"),
        ({"max_retries": 1.5}, {}, "max_retries=1.5 must be a whole number"),
        ({"max_retries": "3"}, {}, "max_retries='3'"),
        ({"poll_interval": "x"}, {}, "poll_interval='x'"),
        ({"poll_interval": -1}, {}, "poll_interval=-1"),
    ],
)
def test_settings_httpx_would_fail_on_later_are_refused_at_once(
    settings: dict[str, Any], env: dict[str, str], message: str
) -> None:
    # Before: accepted, then the first request raised a raw ValueError (or TypeError) from the
    # socket layer, or (timeout=0) an APIConnectionError that never mentioned the timeout.
    with pytest.raises(InvalidArgumentError, match=message):
        resolve_config("r8_x", env=env, **settings)


def test_good_timeouts_are_kept() -> None:
    assert resolve_config("r8_x", timeout=2, env={}).timeout.read == 2
    no_read_limit = httpx.Timeout(5, read=None)
    assert resolve_config("r8_x", timeout=no_read_limit, env={}).timeout == no_read_limit


def test_poll_schedule_backs_off_to_cap() -> None:
    assert poll_delay(0, None) == 0.5
    assert poll_delay(30, None) == pytest.approx(3.0)
    assert poll_delay(1000, None) == 5.0
    assert poll_delay(1000, 0.0) == 0.0


@pytest.mark.parametrize("duration", [0.2, 1.0, 5.0, 30.0, 300.0])
def test_poll_schedule_is_never_busier_than_half_second_polling(duration: float) -> None:
    elapsed, polls = 0.0, 0
    while elapsed < duration:
        elapsed += poll_delay(elapsed, None)
        polls += 1
    assert polls <= max(1, int(duration / 0.5) + 1)
    assert elapsed - duration <= max(0.5, 0.1 * duration + 0.05), "the result arrives within 10 %"


def test_poller_timeout_carries_prediction() -> None:
    class Pending:
        id = "p123"
        status = "processing"

    now = [0.0]
    poller = Poller(timeout=1.0, fixed=None, clock=lambda: now[0])
    assert poller.next_delay(Pending()) == 0.5
    now[0] = 0.95
    assert poller.next_delay(Pending()) == pytest.approx(0.05)
    now[0] = 1.0
    with pytest.raises(PredictionTimeoutError) as info:
        poller.next_delay(Pending())
    assert info.value.prediction_id == "p123"
    assert "p123" in str(info.value)


def _response(status: int, **kwargs: object) -> httpx.Response:
    request = httpx.Request("POST", "https://api.replicate.com/v1/predictions?x=1")
    return httpx.Response(status, request=request, **kwargs)  # type: ignore[arg-type]


def test_a_detail_ending_in_a_newline_keeps_the_message_on_one_line() -> None:
    body = {"title": "Input validation failed", "detail": "- width: must be <= 512\n"}
    err = error_from_response(_response(422, json=body))
    assert str(err) == (
        "422 Input validation failed: - width: must be <= 512 (POST /v1/predictions)"
    )
    assert err.detail == body["detail"], "the detail itself is kept as sent"


def test_a_long_file_output_url_is_visibly_cut_in_its_repr() -> None:
    from replicate_ext import FileOutput

    url = "https://replicate.delivery/" + "x" * 100 + "/out.png?expiry=1796000000"
    assert repr(FileOutput(url)) == f"FileOutput({url[:79] + '…'!r})"
    assert repr(FileOutput("https://a/b.png")) == "FileOutput('https://a/b.png')"


def test_the_missing_token_message_fits_both_clients() -> None:
    with pytest.raises(AuthenticationError, match=r"pass auth='r8_\.\.\.' to the client"):
        resolve_config(None, env={})


def test_error_mapping_problem_json() -> None:
    body = {"title": "Invalid input", "detail": "input.steps: must be an integer", "status": 422}
    err = error_from_response(_response(422, json=body, headers={"x-request-id": "req-1"}))
    assert isinstance(err, UnprocessableEntityError)
    assert (err.status, err.title, err.detail, err.method, err.path, err.request_id) == (
        422,
        "Invalid input",
        "input.steps: must be an integer",
        "POST",
        "/v1/predictions",
        "req-1",
    )
    assert "must be an integer" in str(err)


@pytest.mark.parametrize("status", [499, 500, 520, 418])
def test_unusual_statuses_map_to_internal_server_error(status: int) -> None:
    err = error_from_response(_response(status, text="<html><body><h1>Oops</h1></body></html>"))
    assert isinstance(err, InternalServerError)
    assert err.status == status
    assert err.detail == "Oops"


def test_rate_limit_and_not_found() -> None:
    err = error_from_response(_response(429, text="slow down"), retry_after=2.0)
    assert isinstance(err, RateLimitError) and err.retry_after == 2.0
    assert isinstance(
        error_from_response(_response(404, json={"detail": "Not found."})), NotFoundError
    )


def test_poller_counts_from_when_waiting_began() -> None:
    class Pending:
        id = "p1"
        status = "processing"

    now = [100.0]
    fresh = Poller(timeout=None, fixed=None, clock=lambda: now[0])
    after_hold = Poller(timeout=None, fixed=None, clock=lambda: now[0], started=40.0)
    assert fresh.next_delay(Pending()) == 0.5
    assert after_hold.next_delay(Pending()) == 5.0, "60 s in: polls back off at once"
    bounded = Poller(timeout=61.0, fixed=None, clock=lambda: now[0], started=40.0)
    assert bounded.next_delay(Pending()) == pytest.approx(1.0), "the timeout counts from the start"


def test_reading_a_file_output_with_the_wrong_kind_of_client_is_a_usage_error() -> None:
    """A misuse (sync read of an async client's output) is an InvalidArgumentError, not a
    ResponseDecodeError: the server answered nothing wrong."""
    from replicate_ext import AsyncReplicate, InvalidArgumentError
    from replicate_ext.file_output import FileOutput

    client = AsyncReplicate(auth="r8_x", base_url="https://api.example/v1")
    output = FileOutput("https://files.example/a.png", async_=client._http)
    with pytest.raises(InvalidArgumentError, match="use aread"):
        output.read()
