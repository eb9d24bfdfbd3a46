"""``use()``: a model as a Python function, its inputs checked against its schema before sending.

``client.use(ref)`` gives a :class:`ModelFunction` (:class:`AsyncModelFunction` from
``AsyncReplicate``): call it with the model's inputs as keywords and get the output shaped by
the model's Output schema (files as :class:`~replicate_ext.FileOutput`, streamed text joined
into a ``str``; with ``streaming=True``, an iterator of the items as they are produced). The
schema is fetched once per reference and client, on first call or first read of
``fn.schema``; each call validates the inputs locally first
(:class:`~replicate_ext.InputValidationError` lists every problem), so a typo costs no round
trip and no upload. Everything is written once (flows, see ``_binding``) for both clients.

Example:
    >>> image = client.use("replicate-ext/image")               # doctest: +SKIP
    >>> image(width=64, height=32).save("out.png")               # doctest: +SKIP
    >>> image(widht=64)                                          # doctest: +SKIP
    Traceback (most recent call last):
    replicate_ext.errors.InputValidationError: 1 problem with the input of replicate-ext/image:
      - widht: unknown input; did you mean 'width'?
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any, Never, cast, overload

from ._binding import Bound
from ._function_base import ModelFunctionBase, Streamed, streams
from ._http import AsyncHTTP, SyncHTTP

if TYPE_CHECKING:
    from ._client_base import BaseClient

__all__ = ["AsyncModelFunction", "ModelFunction", "model_function"]


class ModelFunction(ModelFunctionBase[SyncHTTP]):
    """A model called like a function, with a blocking client (from :meth:`Replicate.use`).

    Calling it validates the inputs against the model's schema, runs the model (as ``run()``
    does) and returns the output shaped by the schema.

    Attributes:
        ref: The model reference.
        version: The version id, or ``None`` while unknown.
        schema: The model's :class:`~replicate_ext.ModelSchema` (fetched on first read).
        default_example: The input of the model's default example (``None`` if none).

    Example:
        >>> hello = client.use("replicate-ext/hello")  # doctest: +SKIP
        >>> hello(name="Ada")                          # doctest: +SKIP
        'hello Ada'
    """

    def __call__(self, /, *args: Never, **inputs: Any) -> Any:
        """Run the model with these inputs (by name) and return its output.

        With ``streaming=True`` and an iterator output, returns an iterator of the items as
        the model produces them (text chunks for streamed text); leaving it early (``break``,
        ``close()``) cancels the prediction.

        Raises:
            InputValidationError: The inputs have problems; nothing was uploaded or sent.
            InvalidArgumentError: Positional arguments were given.
            ModelError: The prediction failed.
        """
        found = self._http.drive(self._call(args, inputs))
        return self._iterate(found) if isinstance(found, Streamed) else found

    def _iterate(self, found: Streamed) -> Iterator[Any]:
        from .schema.outputs import decode_chunk
        from .streaming import cancelling_events

        client, wrap = self.client, self._wrap()
        if streams(found.prediction):
            # Stopped early, the prediction need not go on: closing the events cancels it.
            events = cancelling_events(client, found.prediction, False, cancel=True)
            try:
                for event in events:
                    yield decode_chunk(found.schema.output, event.data, wrap)
            finally:
                events.close()
            return
        done = client.wait(found.prediction)
        yield from self._items(found.schema, client.output(done, use_file_output=False))


class AsyncModelFunction(ModelFunctionBase[AsyncHTTP]):
    """The async twin of :class:`ModelFunction` (from :meth:`AsyncReplicate.use`): ``await
    fn(**inputs)``, ``await fn.create(...)``, ``await fn.validate(...)``, ``await fn.schema``.

    Example:
        >>> hello = aclient.use("replicate-ext/hello")  # doctest: +SKIP
        >>> await hello(name="Ada")                     # doctest: +SKIP
        'hello Ada'
    """

    async def __call__(self, /, *args: Never, **inputs: Any) -> Any:
        """Run the model and return its output (see :meth:`ModelFunction.__call__`); with
        ``streaming=True`` and an iterator output, an async iterator of its items."""
        found = await self._http.drive(self._call(args, inputs))
        return self._aiterate(found) if isinstance(found, Streamed) else found

    async def _aiterate(self, found: Streamed) -> AsyncIterator[Any]:
        from .schema.outputs import decode_chunk
        from .streaming import acancelling_events

        client, wrap = self.client, self._wrap()
        if streams(found.prediction):
            events = acancelling_events(client, found.prediction, False, cancel=True)
            try:
                async for event in events:
                    yield decode_chunk(found.schema.output, event.data, wrap)
            finally:
                await events.aclose()
            return
        done = await client.wait(found.prediction)
        for item in self._items(found.schema, client.output(done, use_file_output=False)):
            yield item


@overload
def model_function(
    client: BaseClient[SyncHTTP] | Callable[[], BaseClient[SyncHTTP]], ref: str, streaming: bool
) -> ModelFunction: ...


@overload
def model_function(
    client: BaseClient[AsyncHTTP], ref: str, streaming: bool
) -> AsyncModelFunction: ...


def model_function(client: Any, ref: str, streaming: bool) -> Any:
    """The model function of ``ref`` for ``client`` (``BaseClient.use`` and ``replicate_ext.use``).

    Raises:
        InvalidReferenceError: A malformed reference.

    Example:
        >>> from replicate_ext import Replicate
        >>> model_function(Replicate(auth="r8_x"), "acme/hello", False)
        <ModelFunction acme/hello>
    """
    if isinstance(client, Bound) and isinstance(client._http, AsyncHTTP):
        return AsyncModelFunction(cast("BaseClient[AsyncHTTP]", client), ref, streaming=streaming)
    return ModelFunction(client, ref, streaming=streaming)
