"""Model, version and deployment references, validated before any request is sent.

Accepted forms: ``owner/name`` (the model's latest or official version),
``owner/name:VERSION`` and a bare ``VERSION`` (a 64-character hex id).

Example:
    >>> parse_model_ref("acme/hello:" + "a" * 64).version == "a" * 64
    True
    >>> parse_model_ref("acme/hello").version is None
    True
"""

from __future__ import annotations

import dataclasses
import re

from .errors import InvalidReferenceError

__all__ = ["ModelRef", "parse_model_ref", "parse_owner_name"]

_SEGMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,98}[A-Za-z0-9_])?\Z")
_VERSION = re.compile(r"[0-9a-fA-F]{64}\Z")
_FORMS = (
    "Accepted forms: 'owner/name', 'owner/name:VERSION' or a bare 64-character hex VERSION id, "
    "e.g. 'replicate-ext/hello'."
)


@dataclasses.dataclass(frozen=True, slots=True)
class ModelRef:
    """A parsed reference: ``owner`` and ``name`` (both ``None`` for a bare version) and ``version``.

    Example:
        >>> str(ModelRef("acme", "hello", None))
        'acme/hello'
    """

    owner: str | None
    name: str | None
    version: str | None

    def __str__(self) -> str:
        base = f"{self.owner}/{self.name}" if self.owner else ""
        if self.version is None:
            return base
        return f"{base}:{self.version}" if base else self.version


def _check_segment(ref: str, segment: str, what: str) -> str:
    if not _SEGMENT.match(segment):
        raise InvalidReferenceError(
            f"Invalid model reference {ref!r}: the {what} {segment!r} must be letters, digits, "
            f"'-', '_' or '.', starting with a letter or digit. {_FORMS}"
        )
    return segment


def parse_owner_name(ref: str, *, kind: str = "model") -> tuple[str, str]:
    """Split ``owner/name`` into its two validated parts.

    Args:
        ref: The reference, e.g. ``"acme/hello"``.
        kind: What the reference names, for the error message (``model``, ``deployment``).

    Returns:
        ``(owner, name)``.

    Raises:
        InvalidReferenceError: The reference is not of the form ``owner/name``.

    Example:
        >>> parse_owner_name("acme/hello")
        ('acme', 'hello')
    """
    if not isinstance(ref, str):
        raise InvalidReferenceError(
            f"A {kind} reference must be a string 'owner/name', got {ref!r}."
        )
    parts = ref.split("/")
    if len(parts) != 2:
        raise InvalidReferenceError(
            f"Invalid {kind} reference {ref!r}: expected exactly one '/', as in 'owner/name'."
        )
    return _check_segment(ref, parts[0], "owner"), _check_segment(ref, parts[1], "name")


def parse_model_ref(ref: str) -> ModelRef:
    """Parse and validate a model reference.

    Args:
        ref: ``owner/name``, ``owner/name:VERSION`` or a bare 64-hex ``VERSION``.

    Returns:
        The parsed :class:`ModelRef`; the version id is lower-cased.

    Raises:
        InvalidReferenceError: The reference is malformed; the message lists the accepted forms.

    Example:
        >>> parse_model_ref("acme/hello")
        ModelRef(owner='acme', name='hello', version=None)
    """
    if not isinstance(ref, str):
        raise InvalidReferenceError(f"A model reference must be a string, got {ref!r}. {_FORMS}")
    if _VERSION.match(ref):
        return ModelRef(None, None, ref.lower())
    base, sep, version = ref.partition(":")
    if sep:
        if not _VERSION.match(version):
            raise InvalidReferenceError(
                f"Invalid model reference {ref!r}: the version after ':' must be a "
                f"64-character hex id. {_FORMS}"
            )
        version = version.lower()
    if "/" not in base:
        raise InvalidReferenceError(f"Invalid model reference {ref!r}. {_FORMS}")
    owner, name = parse_owner_name(base)
    return ModelRef(owner, name, version or None)
