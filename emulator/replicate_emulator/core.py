"""The emulator's engine room, independent of the HTTP server: state, runner, faults."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple
from urllib.parse import urlencode

from .config import Config
from .context import ModelFn
from .faults import Faults
from .jobs import Job
from .pagination import InvalidCursor, paginate
from .ratelimit import RateLimits
from .records import Model, Version
from .runner import Engine
from .schema import permissive_schema
from .state import Store
from .timeutil import now
from .web import HTTPError, Req, Resp, json_resp
from .webhooks import WebhookSender

__all__ = ["Core", "RecordedRequest", "RequestLog"]

_MAX_LOG = 100_000


class RecordedRequest(NamedTuple):
    """One request the emulator received: method, path (no query) and headers (no auth).

    Example:
        >>> method, path, headers = RecordedRequest("GET", "/v1/account", {"accept": "*/*"})
        >>> path
        '/v1/account'
    """

    method: str
    path: str
    headers: dict[str, str]


class RequestLog(list[RecordedRequest]):
    """The list of received requests (``emu.requests``), oldest first, capped in size.

    Example:
        >>> log = RequestLog()
        >>> log.append(RecordedRequest("GET", "/v1/account", {}))
        >>> log.count("GET", "/v1/account")
        1
    """

    def append(self, item: RecordedRequest) -> None:
        """Record a request (the oldest half is dropped past 100,000 entries)."""
        if len(self) >= _MAX_LOG:
            del self[: _MAX_LOG // 2]
        super().append(item)

    def count(self, method: str, path: str) -> int:  # type: ignore[override]
        """Count requests with exactly this method and path."""
        return sum(1 for r in self if r.method == method and r.path == path)


class Core:
    """Everything behind the HTTP API: store, job engine, webhooks, faults and request log.

    Example:
        >>> core = Core(Config(token="r8_x"))
        >>> core.add_model("acme/upper", lambda inp: inp["text"].upper()).full_name
        'acme/upper'
        >>> core.close()
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(config)
        self.faults = Faults()
        self.webhooks = WebhookSender(config, self.store.webhook_secret)
        self.engine = Engine(self.store, config, self.webhooks)
        self.requests = RequestLog()
        self.limits = RateLimits.of(config)
        self.closing = False
        self.server_state: Any = None

    def close(self) -> None:
        """Stop workers and webhook delivery, wake every waiter, close the store."""
        self.closing = True
        for table in (self.store.predictions, self.store.trainings):
            for job in list(table.values()):
                job.watchers.notify()
        self.engine.stop()
        self.webhooks.stop()
        self.store.close()

    def reset(self) -> None:
        """Cancel running jobs, then forget jobs, files, faults and the request log.

        Models (and the token) stay.

        Example:
            >>> core = Core(Config(token="r8_x"))
            >>> core.reset()
            >>> len(core.requests), len(core.faults)
            (0, 0)
            >>> core.close()
        """
        for job in self.iter_jobs():
            self.engine.cancel(job)
        self.store.reset()
        self.faults.clear()
        self.requests.clear()
        self.limits = RateLimits.of(self.config)  # full buckets

    def add_model(
        self,
        name: str,
        fn: ModelFn,
        *,
        official: bool = False,
        schema: dict[str, Any] | None = None,
        version: str | None = None,
        description: str | None = None,
        readme: str | None = None,
        train: ModelFn | None = None,
        tags: list[str] | None = None,
        cancel: Callable[[], Any] | None = None,
        replace: bool = False,
        example: dict[str, Any] | None = None,
    ) -> Model:
        """Register a model backed by the Python function ``fn``; ``example`` is the input of
        its default example.

        Raises:
            ValueError: the name is not ``owner/name``, or a model of that name exists and
                ``replace`` is false.
        """
        owner, _, model_name = name.partition("/")
        if not owner or not model_name or "/" in model_name:
            raise ValueError(f"model name must be 'owner/name', got {name!r}")
        if not replace and name in self.store.models:
            raise ValueError(f"model {name!r} already exists; pass replace=True to replace it")
        doc = schema if schema is not None else permissive_schema()
        version_id = (
            version
            or hashlib.sha256(f"{name}\n{json.dumps(doc, sort_keys=True)}".encode()).hexdigest()
        )
        with self.store.lock:
            old = self.store.models.get(name)
            model = Model(
                owner=owner,
                name=model_name,
                created_at=old.created_at if old else now(),
                seq=old.seq if old else self.store.next_seq(),
                description=description,
                official=official,
                readme=readme,
                tags=list(tags or []),
                persistent=False,
                run_count=old.run_count if old else 0,
                example_input=example,
            )
            model.versions.append(Version(version_id, now(), doc, runner=version_id))
            self.engine.register(version_id, fn, train, cancel)
            self.store.put_model(model)
        return model

    # -- helpers for route handlers ------------------------------------------------------

    def url(self, path: str, **query: str) -> str:
        """Return an absolute API URL for ``path`` (which starts with ``/``)."""
        suffix = "?" + urlencode(query) if query else ""
        return f"{self.config.base_url}{path}{suffix}"

    def page(self, req: Req, items: list[Any], render: Any, *, by_seq: bool = True) -> Resp:
        """Answer with one page of ``items`` (newest first), rendered by ``render``."""
        kept = {k: v[0] for k, v in req.query.items() if k != "cursor" and v}
        path = req.path.removeprefix("/v1")

        def url_for(cursor: str) -> str:
            return self.url(path, **kept, cursor=cursor)

        try:
            key = (lambda item: item.seq) if by_seq else None
            page, nxt, prev = paginate(
                items, req.arg("cursor"), self.config.page_size, url_for, key
            )
        except InvalidCursor as exc:
            raise HTTPError(400, "The cursor is invalid or has expired", "Invalid cursor") from exc
        return json_resp({"previous": prev, "next": nxt, "results": [render(i) for i in page]})

    def iter_jobs(self) -> Iterator[Job]:
        """Iterate over every prediction and training."""
        yield from list(self.store.predictions.values())
        yield from list(self.store.trainings.values())
