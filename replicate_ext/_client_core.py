"""``ClientCore``: what a client is, for both clients: configuration, resources, ``output``,
``search`` and the ``request`` escape hatch, bound to a sender ``S``.

The methods that run models (``run``, ``wait``, ``stream``, ``use``, ``batch``) are added by
:class:`~replicate_ext._client_base.BaseClient`; the clients are in ``client``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Unpack

import httpx

from ._binding import Bound, S, api
from ._call import Call, CallOptions, Timeout
from ._http import SyncHTTP, is_idempotent
from ._lazy import Lazy
from .config import ClientConfig, resolve_config
from .waiting import outcome

if TYPE_CHECKING:
    from replicate_api.models import SearchResults

    from .resources.catalog import Accounts, Collections, HardwareList
    from .resources.deployments import Deployments
    from .resources.files import Files
    from .resources.models import Models
    from .resources.predictions import Predictions
    from .resources.trainings import Trainings
    from .resources.webhooks import Webhooks

__all__ = ["ClientCore"]


class ClientCore(Bound[S]):
    """What both clients are: configuration and resources, bound to a sender ``S``."""

    _config: ClientConfig

    predictions: Lazy[Predictions[S]] = Lazy(".resources.predictions", "Predictions")
    models: Lazy[Models[S]] = Lazy(".resources.models", "Models")
    deployments: Lazy[Deployments[S]] = Lazy(".resources.deployments", "Deployments")
    trainings: Lazy[Trainings[S]] = Lazy(".resources.trainings", "Trainings")
    files: Lazy[Files[S]] = Lazy(".resources.files", "Files")
    collections: Lazy[Collections[S]] = Lazy(".resources.catalog", "Collections")
    hardware: Lazy[HardwareList[S]] = Lazy(".resources.catalog", "HardwareList")
    account: Lazy[Accounts[S]] = Lazy(".resources.catalog", "Accounts")
    webhooks: Lazy[Webhooks[S]] = Lazy(".resources.webhooks", "Webhooks")

    def __init__(
        self,
        auth: str | None = None,
        *,
        base_url: str | None = None,
        user_agent: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        poll_interval: float | None = None,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
    ) -> None:
        config = resolve_config(auth, base_url, user_agent, timeout, max_retries, poll_interval)
        self._config = config
        self._http = self._sender(self._config, http_client)

    def _sender(self, config: ClientConfig, http_client: Any) -> S:
        """The sender of this kind of client (blocking or async)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self._config.base_url!r}>"

    def __reduce__(self) -> tuple[Any, ...]:
        """A client does not cross processes (its connections and locks are this one's): say
        so, rather than "cannot pickle '_thread.RLock'"."""
        kind = type(self).__name__
        raise TypeError(
            f"A {kind} client cannot be pickled (it holds this process's connections): make one "
            f"in the other process, e.g. {kind}() there, which reads the same REPLICATE_* "
            "environment."
        )

    @property
    def base_url(self) -> str:
        """The API's base URL.

        Example:
            >>> from replicate_ext import Replicate
            >>> Replicate(auth="r8_example", base_url="http://127.0.0.1:8787/v1").base_url
            'http://127.0.0.1:8787/v1'
        """
        return self._config.base_url

    def output(self, prediction: Any, *, use_file_output: bool = True) -> Any:
        """The output of a finished prediction, as ``run()`` returns it (no request is sent).

        Args:
            prediction: A finished prediction, e.g. from :meth:`wait`.
            use_file_output: Wrap URL strings in :class:`~replicate_ext.FileOutput`, which
                downloads with this client.

        Raises:
            ModelError: Status ``failed``.
            PredictionCanceledError: Status ``canceled`` or ``aborted``.

        Example:
            >>> client.output(client.wait(prediction)).save("out.png")  # doctest: +SKIP
        """
        result = outcome(prediction)
        if not use_file_output:
            return result
        from .file_output import wrap_outputs

        if isinstance(self._http, SyncHTTP):
            return wrap_outputs(result, sync=self._http)
        return wrap_outputs(result, async_=self._http)

    @api
    def search(
        self,
        query: str,
        *,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Call[SearchResults]:
        """Search models, collections and docs.

        Example:
            >>> [m.model.name for m in client.search("upscale", limit=5).models]  # doctest: +SKIP
        """
        from .resources.catalog import search_call

        return search_call(query, limit, **options)

    @api
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
    ) -> Call[httpx.Response]:
        """Send any request to the API (the escape hatch); errors are still raised as ours.

        Example:
            >>> client.request("GET", "/predictions").json()["results"]  # doctest: +SKIP
        """
        request = {"method": method, "url": path, "params": params, "json": json}
        call = Call(request, _response, idempotent=is_idempotent(method))
        return call.with_options(timeout=timeout, extra_headers=headers)


def _response(response: httpx.Response) -> httpx.Response:
    return response
