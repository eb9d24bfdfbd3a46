"""``ModelSchema``: a model version's OpenAPI schema, read once, checking inputs and shaping output.

Example:
    >>> schema = ModelSchema({"components": {"schemas": {"Input": {
    ...     "required": ["prompt"],
    ...     "properties": {"prompt": {"type": "string"}, "steps": {"type": "integer", "maximum": 50}},
    ... }}}})
    >>> schema.validate({"prompt": "a cat", "steps": "30"})
    >>> schema.validate({"promt": "a cat", "steps": 60})
    Traceback (most recent call last):
    replicate_ext.errors.InputValidationError: 3 problems with the input:
      - promt: unknown input; did you mean 'prompt'?
      - steps: 60 is above the maximum, 50
      - prompt: required input is missing
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import InputProblem, InputValidationError, InvalidArgumentError
from ..file_output import FileOutput
from .checks import check, closest
from .inputs import InputSpec, read_inputs
from .outputs import OutputSpec, read_output, shape

if TYPE_CHECKING:
    from .._http import AsyncHTTP, SyncHTTP

__all__ = ["ModelSchema"]


def _document(openapi_schema: Any) -> dict[str, Any]:
    if openapi_schema is None:
        return {}
    to_dict = getattr(openapi_schema, "to_dict", None)
    if callable(to_dict) and not isinstance(openapi_schema, Mapping):
        openapi_schema = to_dict()
    if not isinstance(openapi_schema, Mapping):
        raise InvalidArgumentError(
            f"ModelSchema takes a version's openapi_schema (a dict), got {type(openapi_schema).__name__}."
        )
    return dict(openapi_schema)


class ModelSchema:
    """A model version's inputs and output, from its ``openapi_schema`` (as Cog writes it).

    Reading the schema is done once; :meth:`validate` is then cheap (microseconds). It never
    refuses what the platform accepts: values are converted as leniently as Cog converts
    them, keywords it does not know are ignored, and a schema that lists no inputs accepts any.

    Args:
        openapi_schema: The version's ``openapi_schema`` (``None`` or ``{}``: nothing is known,
            every input is accepted).

    Attributes:
        openapi_schema: The document it was made from.
        inputs: Name -> :class:`~replicate_ext.schema.InputSpec`, in ``x-order`` order.
        output: The :class:`~replicate_ext.schema.OutputSpec` of the output.
        accepts_any_input: Whether names the schema does not list are accepted.

    Raises:
        InvalidArgumentError: ``openapi_schema`` is not a dict.

    Example:
        >>> version = client.models.get("replicate-ext/image").latest_version  # doctest: +SKIP
        >>> list(ModelSchema(version.openapi_schema).inputs)  # doctest: +SKIP
        ['width', 'height', 'color']
    """

    def __init__(self, openapi_schema: Mapping[str, Any] | None = None) -> None:
        self.openapi_schema = _document(openapi_schema)
        self.inputs: dict[str, InputSpec]
        self.inputs, self.accepts_any_input = read_inputs(self.openapi_schema)
        self.output: OutputSpec = read_output(self.openapi_schema)
        self._required = tuple(name for name, spec in self.inputs.items() if spec.required)

    def __repr__(self) -> str:
        names = ", ".join(self.inputs) or ("any" if self.accepts_any_input else "none")
        return f"<ModelSchema inputs: {names}>"

    @property
    def required(self) -> tuple[str, ...]:
        """The names of the required inputs, in order.

        Example:
            >>> ModelSchema({}).required
            ()
        """
        return self._required

    def problems(self, inputs: Mapping[str, Any]) -> list[InputProblem]:
        """Every problem with ``inputs`` (an empty list when they are fine).

        Args:
            inputs: The model's inputs, by name.

        Returns:
            The problems: unknown names (with a did-you-mean), wrong types, values out of
            the choices or bounds, and missing required inputs, in that order.

        Raises:
            InvalidArgumentError: ``inputs`` is not a dict.

        Example:
            >>> [str(p) for p in ModelSchema({}).problems({"anything": 1})]
            []
        """
        if not isinstance(inputs, Mapping):
            raise InvalidArgumentError(
                f"The input must be a dict of the model's inputs, got {type(inputs).__name__}."
            )
        found: list[InputProblem] = []
        specs = self.inputs
        for name, value in inputs.items():
            spec = specs.get(name)
            if spec is not None:
                check(spec, value, name, found)
            elif not self.accepts_any_input:
                found.append(InputProblem(str(name), self._unknown(str(name))))
        for name in self._required:
            if inputs.get(name) is None:
                found.append(InputProblem(name, "required input is missing"))
        return found

    def _unknown(self, name: str) -> str:
        near = closest(name, self.inputs)
        if near is not None:
            return f"unknown input; did you mean {near!r}?"
        return f"unknown input; the model's inputs are: {', '.join(self.inputs)}"

    def validate(self, inputs: Mapping[str, Any], *, model: str | None = None) -> None:
        """Check ``inputs``; raise with every problem at once.

        Args:
            inputs: The model's inputs, by name.
            model: The model reference, named in the error message.

        Raises:
            InputValidationError: Any problem; ``.problems`` lists them all.
            InvalidArgumentError: ``inputs`` is not a dict.

        Example:
            >>> ModelSchema({}).validate({"prompt": "a cat"})
        """
        found = self.problems(inputs)
        if found:
            raise InputValidationError(found, model=model)

    def shape_output(
        self, output: Any, *, sync: SyncHTTP | None = None, async_: AsyncHTTP | None = None
    ) -> Any:
        """The output shaped by the schema: file URIs as :class:`~replicate_ext.FileOutput`
        (downloading with the given sender), concatenated iterators joined into a ``str``.

        Example:
            >>> ModelSchema({}).shape_output(["https://x/1.png"])
            [FileOutput('https://x/1.png')]
        """

        def wrap(url: str) -> FileOutput:
            return FileOutput(url, sync=sync, async_=async_)

        return shape(self.output, output, wrap)
