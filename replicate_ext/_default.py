"""Module-level shortcuts (``replicate_ext.run``, ``replicate_ext.predictions``...) on a default
client that is built on first use, never at import, from the environment.

Example:
    >>> import replicate_ext
    >>> replicate_ext.run("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
    'hello Ada'
"""

from __future__ import annotations

import os
import threading
from typing import Any

from .client import AsyncReplicate, Replicate
from .functions import ModelFunction

__all__ = [
    "async_run",
    "default_async_client",
    "default_client",
    "paginate",
    "run",
    "use",
    "wait",
]

_lock = threading.Lock()
_client: Replicate | None = None
_async_client: AsyncReplicate | None = None


def _after_fork_in_child() -> None:
    """A fork taken while another thread held the lock must not leave the child locked out."""
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def default_client() -> Replicate:
    """The shared blocking client, configured from ``REPLICATE_*`` variables on first use.

    Example:
        >>> default_client().base_url  # doctest: +SKIP
        'https://api.replicate.com/v1'
    """
    global _client
    with _lock:
        if _client is None:
            _client = Replicate()
        return _client


def default_async_client() -> AsyncReplicate:
    """The shared async client, configured from the environment on first use.

    Example:
        >>> default_async_client().base_url  # doctest: +SKIP
    """
    global _async_client
    with _lock:
        if _async_client is None:
            _async_client = AsyncReplicate()
        return _async_client


def run(ref: str | None = None, input: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """:meth:`BaseClient.run` on the default client.

    Example:
        >>> replicate_ext.run("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
    """
    return default_client().run(ref, input, **kwargs)


async def async_run(
    ref: str | None = None, input: dict[str, Any] | None = None, **kwargs: Any
) -> Any:
    """:meth:`BaseClient.run` on the default async client.

    Example:
        >>> await replicate_ext.async_run("replicate-ext/hello", input={})  # doctest: +SKIP
    """
    return await default_async_client().run(ref, input, **kwargs)


def wait(prediction: Any, *, timeout: float | None = None) -> Any:
    """:meth:`BaseClient.wait` on the default client.

    Example:
        >>> replicate_ext.wait(prediction_id, timeout=60).status  # doctest: +SKIP
    """
    return default_client().wait(prediction, timeout=timeout)


def use(ref: str, *, streaming: bool = False) -> ModelFunction:
    """:meth:`BaseClient.use` on the default client (made on the function's first use, so
    this can run at import time, before the environment is set).

    Example:
        >>> hello = replicate_ext.use("replicate-ext/hello")  # doctest: +SKIP
        >>> hello(name="Ada")                                 # doctest: +SKIP
        'hello Ada'
    """
    return ModelFunction(default_client, ref, streaming=streaming)


def paginate(fn: Any, **kwargs: Any) -> Any:
    """:meth:`Replicate.paginate` on the default client.

    Example:
        >>> for page in replicate_ext.paginate(replicate_ext.predictions.list): ...  # doctest: +SKIP
    """
    return default_client().paginate(fn, **kwargs)


class _Resource:
    """Stands for ``default_client().<name>``, resolved on each attribute access."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # introspection (inspect, doctest, copy) must not build a client
            raise AttributeError(attr)
        return getattr(getattr(default_client(), self._name), attr)

    def __repr__(self) -> str:
        return f"<default client's {self._name}>"


predictions = _Resource("predictions")
models = _Resource("models")
deployments = _Resource("deployments")
trainings = _Resource("trainings")
files = _Resource("files")
collections = _Resource("collections")
hardware = _Resource("hardware")
account = _Resource("account")
