"""Webhook delivery, signed the Standard Webhooks way and retried with backoff."""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import logging
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .config import Config

__all__ = ["WebhookSender", "is_loopback_url", "sign"]

log = logging.getLogger("replicate_emulator.webhooks")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """Return the ``webhook-signature`` header value for one delivery.

    The key is the base64-decoded part of ``secret`` after ``whsec_``; the signed content is
    ``"{msg_id}.{timestamp}.{body}"``.

    Example:
        >>> sign("whsec_" + base64.b64encode(b"k").decode(), "msg_1", 0, b"{}")[:3]
        'v1,'
    """
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def is_loopback_url(url: str) -> bool:
    """Tell whether ``url`` is an http(s) URL on this machine (the only webhook targets).

    Example:
        >>> is_loopback_url("http://127.0.0.1:9/hook"), is_loopback_url("https://example.com/")
        (True, False)
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


@dataclass
class _Delivery:
    url: str
    event: str
    body: bytes


class WebhookSender:
    """Deliver webhook events in order, one background thread per job with pending events.

    Consecutive ``output``/``logs`` events not yet sent are coalesced into the latest one
    (Replicate throttles these); ``start`` and ``completed`` are always sent. A failed
    delivery (non-2xx or network error) is retried up to ``config.webhook_attempts`` times
    with doubling backoff, keeping its ``webhook-id``.

    Example:
        >>> sender = WebhookSender(Config(token="r8_x"), "whsec_AAAA")
        >>> sender.stop()
    """

    def __init__(self, config: Config, secret: str) -> None:
        self._config = config
        self._secret = secret
        self._lock = threading.Lock()
        self._queues: dict[str, deque[_Delivery]] = {}
        self._threads: dict[str, threading.Thread] = {}
        self._stopping = threading.Event()
        self._client = httpx.Client(timeout=5.0, follow_redirects=False, trust_env=False)
        self.sent = 0

    def enqueue(self, job_id: str, url: str, event: str, body: bytes) -> None:
        """Queue ``body`` (the job's JSON) for delivery to ``url`` as ``event``."""
        if self._stopping.is_set():
            return
        if not is_loopback_url(url):
            log.warning("not delivering webhook to non-local URL %s", url)
            return
        with self._lock:
            queue = self._queues.setdefault(job_id, deque())
            throttled = ("output", "logs")
            if event in throttled and queue and queue[-1].event in throttled:
                queue[-1] = _Delivery(url, event, body)
            else:
                queue.append(_Delivery(url, event, body))
            if job_id not in self._threads:
                thread = threading.Thread(
                    target=self._drain, args=(job_id,), name=f"webhook-{job_id}", daemon=True
                )
                self._threads[job_id] = thread
                thread.start()

    def _drain(self, job_id: str) -> None:
        while True:
            with self._lock:
                queue = self._queues.get(job_id)
                if not queue or self._stopping.is_set():
                    self._queues.pop(job_id, None)
                    self._threads.pop(job_id, None)
                    return
                delivery = queue.popleft()
            self._deliver(delivery)

    def _deliver(self, delivery: _Delivery) -> None:
        msg_id = "msg_" + secrets.token_hex(12)
        delay = self._config.scaled(self._config.webhook_backoff)
        for attempt in range(max(1, self._config.webhook_attempts)):
            if attempt and self._stopping.wait(delay):
                return
            if attempt:
                delay *= 2
            timestamp = int(time.time())
            headers = {
                "content-type": "application/json",
                "user-agent": "Replicate-Webhooks/1.0 (replicate-ext emulator)",
                "webhook-id": msg_id,
                "webhook-timestamp": str(timestamp),
                "webhook-signature": sign(self._secret, msg_id, timestamp, delivery.body),
            }
            try:
                response = self._client.post(delivery.url, content=delivery.body, headers=headers)
            except httpx.HTTPError as exc:
                log.info("webhook %s attempt %d failed: %s", msg_id, attempt + 1, exc)
                continue
            if response.is_success:
                self.sent += 1
                return
            log.info("webhook %s attempt %d got %d", msg_id, attempt + 1, response.status_code)

    def idle(self) -> bool:
        """Tell whether no delivery is pending or in progress."""
        with self._lock:
            return not self._threads

    def stop(self, timeout: float = 2.0) -> None:
        """Stop delivering (pending events are dropped) and close the HTTP client."""
        self._stopping.set()
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        self._client.close()
