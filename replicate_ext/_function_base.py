"""What both model functions are (see ``replicate_ext.functions``): one implementation,
written as flows, bound to the client's blocking or async sender.

Example:
    >>> from replicate_ext import Replicate
    >>> fn = ModelFunctionBase(Replicate(auth="r8_x"), "acme/hello")
    >>> fn.ref, fn.version, fn.streaming
    ('acme/hello', None, False)
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from typing import TYPE_CHECKING, Any, Generic, Never, TypeVar, overload

from ._binding import Bound, S, api
from ._http import AsyncHTTP, SyncHTTP
from .errors import InvalidArgumentError
from .file_output import FileOutput
from .refs import parse_model_ref

if TYPE_CHECKING:
    from typing import Self

    from replicate_api.models import Prediction

    from ._call import Flow
    from ._client_base import BaseClient
    from .schema import ModelSchema
    from .schema.lookup import ModelInfo

__all__ = ["ModelFunctionBase", "Streamed", "flow_property", "streams"]

T = TypeVar("T")


class flow_property(Generic[T]):  # a decorator, named like one
    """An attribute computed by a flow: the value with a blocking client, an awaitable with an
    async one (``await fn.schema``).

    Example:
        >>> flow_property(lambda self: iter(())).__doc__ is None
        True
    """

    def __init__(self, fn: Callable[[Any], Flow[T]]) -> None:
        self.fn = fn
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, obj: Bound[SyncHTTP], owner: type | None = None) -> T: ...

    @overload
    def __get__(
        self, obj: Bound[AsyncHTTP], owner: type | None = None
    ) -> Coroutine[Any, Any, T]: ...

    def __get__(self, obj: Bound[Any] | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        return obj._http.drive(self.fn(obj))


class Streamed:
    """A created prediction whose iterator output the caller iterates."""

    __slots__ = ("prediction", "schema")

    def __init__(self, prediction: Prediction, schema: ModelSchema) -> None:
        self.prediction = prediction
        self.schema = schema


class ModelFunctionBase(Bound[S]):
    """What both model functions are: written once, bound to the client's sender."""

    def __init__(
        self,
        client: BaseClient[S] | Callable[[], BaseClient[S]],
        ref: str,
        *,
        streaming: bool = False,
    ) -> None:
        self._parsed = parse_model_ref(ref)  # a malformed reference fails now, not on call
        self._client: BaseClient[S] | Callable[[], BaseClient[S]] = client
        self._ref = ref
        self._streaming = streaming

    @property
    def _http(self) -> S:  # the client may be built on first use
        return self.client._http

    @_http.setter
    def _http(self, value: S) -> None:
        raise AttributeError("a model function's sender is its client's")

    def __repr__(self) -> str:
        streaming = ", streaming" if self._streaming else ""
        return f"<{type(self).__name__} {self._ref}{streaming}>"

    @property
    def client(self) -> BaseClient[S]:
        """The client it runs with (the default client is made on first use).

        Example:
            >>> fn.client.base_url  # doctest: +SKIP
            'https://api.replicate.com/v1'
        """
        client = self._client
        if not isinstance(client, Bound):
            client = self._client = client()
        return client

    @property
    def ref(self) -> str:
        """The model reference, as given to ``use()``.

        Example:
            >>> client.use("replicate-ext/hello").ref  # doctest: +SKIP
            'replicate-ext/hello'
        """
        return self._ref

    @property
    def streaming(self) -> bool:
        """Whether calls return iterators of an iterator output's items (``use(streaming=True)``)."""
        return self._streaming

    @property
    def version(self) -> str | None:
        """The version id the schema belongs to; ``None`` while unknown (before the first call
        or ``.schema`` read) and for an official model that exposes no versions.

        Example:
            >>> fn = client.use("replicate-ext/image"); fn.schema; fn.version  # doctest: +SKIP
            '5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa'
        """
        from .schema.lookup import cache_of

        if not isinstance(self._client, Bound):  # the default client is not made for this
            return self._parsed.version
        found = cache_of(self._http).get(self._ref)
        return found.version if found is not None else self._parsed.version

    def _info(self) -> Flow[ModelInfo]:
        from .schema.lookup import cache_of, model_flow

        return model_flow(cache_of(self._http), self._ref)

    def _schema(self) -> Flow[ModelSchema]:
        """The model's :class:`~replicate_ext.ModelSchema` (fetched on first read).

        ``fn.schema`` with a blocking client; ``await fn.schema`` with an async one.

        Example:
            >>> list(client.use("replicate-ext/image").schema.inputs)  # doctest: +SKIP
            ['width', 'height', 'color']
        """
        info = yield from self._info()
        return info.schema

    def _default_example(self) -> Flow[dict[str, Any] | None]:
        """The input of the model's default example, or ``None`` when it has none.

        Example:
            >>> client.use("replicate-ext/image").default_example  # doctest: +SKIP
            {'width': 64, 'height': 64, 'color': '#ff6600'}
        """
        from .schema.lookup import cache_of, example_flow

        found: dict[str, Any] | None = yield from example_flow(cache_of(self._http), self._ref)
        return found

    schema = flow_property(_schema)
    default_example = flow_property(_default_example)

    def _refuse_positional(self, args: tuple[Any, ...]) -> None:
        if args:
            from .schema.lookup import cache_of

            found = cache_of(self._http).get(self._ref)
            names = f" (its inputs: {', '.join(found.schema.inputs)})" if found else ""
            raise InvalidArgumentError(
                f"{self._ref} takes its inputs by name, e.g. fn(prompt='a cat'), not "
                f"{len(args)} positional argument{'s' if len(args) != 1 else ''}{names}."
            )

    def _checked(self, args: tuple[Any, ...], inputs: Mapping[str, Any]) -> Flow[ModelInfo]:
        self._refuse_positional(args)
        info = yield from self._info()
        info.schema.validate(inputs, model=self._ref)
        return info

    @api
    def validate(self, inputs: Mapping[str, Any]) -> Flow[None]:
        """Check inputs against the model's schema (fetched on first use); nothing is run.

        Args:
            inputs: The model's inputs, by name.

        Raises:
            InputValidationError: Every problem found (``.problems``).

        Example:
            >>> client.use("replicate-ext/image").validate({"width": 9999})  # doctest: +SKIP
            Traceback (most recent call last):
            replicate_ext.errors.InputValidationError: 1 problem with the input of replicate-ext/image:
              - width: 9999 is above the maximum, 512
        """
        yield from self._checked((), inputs)

    @api
    def create(self, /, *args: Never, **inputs: Any) -> Flow[Prediction]:
        """Validate the inputs and create a prediction; return it at once (not waited for).

        Args:
            **inputs: The model's inputs.

        Returns:
            The created ``Prediction`` (``client.wait(p)`` waits for it).

        Raises:
            InputValidationError: The inputs have problems; nothing was uploaded or sent.

        Example:
            >>> p = client.use("replicate-ext/hello").create(name="Ada")  # doctest: +SKIP
            >>> client.wait(p).output                                     # doctest: +SKIP
            'hello Ada'
        """
        yield from self._checked(args, inputs)
        created: Prediction = yield from self._create(dict(inputs))
        return created

    def _create(self, inputs: dict[str, Any]) -> Flow[Prediction]:
        from .resources.predictions import create_prediction

        version, model = (self._ref, None) if self._parsed.owner is None else (None, self._ref)
        stream = True if self._streaming else None
        return create_prediction(version=version, model=model, input=inputs, stream=stream)

    def _call(self, args: tuple[Any, ...], inputs: dict[str, Any]) -> Flow[Any]:
        """Validate, run and shape the output (or, streaming an iterator, create only)."""
        from .running import run_method_flow

        info = yield from self._checked(args, inputs)
        if self._streaming and info.schema.output.iterator:
            prediction = yield from self._create(inputs)
            return Streamed(prediction, info.schema)
        raw = yield from run_method_flow(
            self.client, self._ref, inputs, True, {"use_file_output": False}
        )
        return info.schema.shape_output(raw, **self._senders())

    def _senders(self) -> dict[str, Any]:
        http = self._http
        return {"sync": http} if isinstance(http, SyncHTTP) else {"async_": http}

    def _items(self, schema: ModelSchema, output: Any) -> list[Any]:
        """The items of a finished iterator output (a model that could not stream)."""
        from .schema.outputs import OutputSpec, shape

        items = schema.output.items or OutputSpec()
        wrap = self._wrap()
        return [shape(items, item, wrap) for item in output or ()]

    def _wrap(self) -> Callable[[str], FileOutput]:
        senders = self._senders()

        def wrap(url: str) -> FileOutput:
            return FileOutput(url, **senders)

        return wrap


def streams(prediction: Any) -> bool:
    """Whether a prediction has a stream URL."""
    return isinstance(getattr(getattr(prediction, "urls", None), "stream", None), str)
