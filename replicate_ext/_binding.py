"""One implementation for both clients: methods written once, sent by the sync or async sender.

A resource method is written once, decorated with :class:`api`, and returns either a
:class:`~replicate_ext._call.Call` or a *flow*: a generator that yields calls (and
:class:`Sleep` steps), receives their results, and returns the method's result. Read from a
resource of :class:`~replicate_ext.Replicate`, the method sends with the blocking sender and
returns the result; read from one of :class:`~replicate_ext.AsyncReplicate`, it returns a
coroutine. mypy sees both (``Callable[P, T]`` or ``Callable[P, Coroutine[..., T]]``), so a
sync method and its async twin cannot drift apart.

Interrupts (Ctrl-C, task cancellation) are thrown into a flow as :class:`Interrupted`, so a
flow can clean up (cancel what it started) with ordinary calls before re-raising.

Example:
    >>> from replicate_api.api.account import account_get
    >>> class Account(Bound[S]):
    ...     @api
    ...     def get(self) -> Call[Any]:
    ...         '''The account.'''
    ...         return Call(account_get.build_request(), account_get.parse_response)
    >>> Account.get.__doc__
    'The account.'
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, overload

from ._call import Call, Flow, Interrupted, Sleep
from ._http import AsyncHTTP, SyncHTTP

if TYPE_CHECKING:
    from typing import Self

__all__ = ["Bound", "Flow", "Interrupted", "S", "Sleep", "api"]

P = ParamSpec("P")
T = TypeVar("T")
#: The sender a resource or client is bound to: blocking or async.
S = TypeVar("S", SyncHTTP, AsyncHTTP)


class Bound(Generic[S]):
    """A resource or client bound to a sender (``self._http``)."""

    def __init__(self, http: S) -> None:
        self._http: S = http

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class api(Generic[P, T]):  # a decorator, named like one
    """Decorate a method written once for both clients (see the module docstring)."""

    def __init__(self, fn: Callable[Concatenate[Any, P], Call[T] | Flow[T]]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__
        self.__module__ = fn.__module__  # doctest and mkdocstrings find the method's examples
        self.__qualname__ = fn.__qualname__
        self.__wrapped__ = fn

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, obj: Bound[SyncHTTP], owner: type | None = None) -> Callable[P, T]: ...

    @overload
    def __get__(
        self, obj: Bound[AsyncHTTP], owner: type | None = None
    ) -> Callable[P, Coroutine[Any, Any, T]]: ...

    def __get__(self, obj: Bound[Any] | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        method = obj._http.bind(self.fn, obj)
        method.__signature__ = self.signature(isinstance(obj._http, AsyncHTTP))
        obj.__dict__[self.name] = method  # later reads are plain attribute reads
        return method

    def signature(self, awaited: bool) -> inspect.Signature:
        """The signature callers see (``help()``, ``inspect``): no ``self``, and the result
        the call gives (``T``, or ``Coroutine[Any, Any, T]``) instead of ``Call[T]``."""
        key = "_signature_async" if awaited else "_signature_sync"
        found: inspect.Signature | None = self.__dict__.get(key)
        if found is None:
            full = inspect.signature(self.fn)
            result = str(full.return_annotation)
            if result.startswith(("Call[", "Flow[")) and result.endswith("]"):
                result = result[5:-1]
            found = full.replace(
                parameters=list(full.parameters.values())[1:],
                return_annotation=f"Coroutine[Any, Any, {result}]" if awaited else result,
            )
            self.__dict__[key] = found
        return found
