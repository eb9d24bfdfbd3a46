"""Resource attributes made on first access, so that ``import replicate_ext`` stays light.

Example:
    >>> class Box:
    ...     _http = "http"
    ...     progress: Lazy[object] = Lazy(".progress", "Progress")
    >>> Box.progress.name
    'Progress'
"""

from __future__ import annotations

import importlib
from typing import Any, Generic, TypeVar, overload

R = TypeVar("R")


class Lazy(Generic[R]):
    """A class attribute whose value, ``Class(instance._http)``, is built on first access.

    The module is imported then, and the value cached on the instance: later reads are plain
    attribute reads.
    """

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attr = name

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    @overload
    def __get__(self, obj: None, objtype: type | None = None) -> Lazy[R]: ...

    @overload
    def __get__(self, obj: object, objtype: type | None = None) -> R: ...

    def __get__(self, obj: object | None, objtype: type | None = None) -> Lazy[R] | R:
        if obj is None:
            return self
        cls: Any = getattr(importlib.import_module(self.module, "replicate_ext"), self.name)
        value: R = cls(obj._http)  # type: ignore[attr-defined]
        obj.__dict__[self.attr] = value
        return value
