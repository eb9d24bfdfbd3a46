"""Griffe extension: render the Sphinx roles of our docstrings as mkdocstrings cross-references.

The docstrings are Google style with doctest examples (rendered as they are), but they refer
to other objects the Sphinx way: ``:class:`~replicate_ext.FileOutput```, ``:meth:`Replicate.run```.
This turns each role into an autorefs link, ``[`FileOutput`][replicate_ext.file_output.FileOutput]``,
resolving the name in the scope of the documented object (imports, members, parents) like
Python does. A target outside the public ``replicate_ext`` API (``time.sleep``, a private
helper) becomes an optional link: plain code when the site does not document it.

Also: a reStructuredText ``::`` introducing a literal block becomes ``:``, and an ``Example:``
heading becomes ``Examples:``, the Google-style section whose ``>>>`` lines griffe renders as
code (griffe reads a singular ``Example:`` as an admonition, and ``>>>`` as nested quotes).
"""

from __future__ import annotations

import re
from typing import Any

from griffe import Alias, Extension, Object

_ROLE = re.compile(
    r":(?:py:)?(?:class|meth|func|attr|mod|exc|data|obj|const):`(?P<tilde>~?)(?P<target>[^`<]+?)`"
)
_LITERAL_BLOCK = re.compile(r"(?<=\S)::(?=\n\s*\n)")
_EXAMPLE_HEADING = re.compile(r"^(?P<indent>[ \t]*)Example:[ \t]*$", re.MULTILINE)


def _resolve(obj: Object | Alias, target: str) -> str:
    """The full path of ``target`` as seen from ``obj``, or ``target`` if it cannot be found."""
    head, _, rest = target.partition(".")
    scope: Object | Alias | None = obj
    while scope is not None:
        try:
            base = scope.resolve(head)
        except Exception:  # NameResolutionError, or an alias that cannot be resolved
            base = None
        if base:
            full = f"{base}.{rest}" if rest else base
            return _canonical(obj, full)
        scope = scope.parent
    return _canonical(obj, target)


def _canonical(obj: Object | Alias, path: str) -> str:
    """Follow re-exports (``replicate_ext.FileOutput``) to where the object is defined."""
    try:
        found = obj.modules_collection.get_member(path)
        return str(found.final_target.path if isinstance(found, Alias) else found.path)
    except Exception:  # not loaded, or not an object griffe knows: keep the path as written
        return path


def convert(obj: Object | Alias, text: str) -> str:
    """Rewrite the Sphinx roles and literal-block markers of one docstring.

    Example:
        ``:class:`~a.B``` becomes ``[`B`][a.B]`` (when ``a.B`` is known as ``a.B``).
    """

    def link(match: re.Match[str]) -> str:
        target = match.group("target").strip().removesuffix("()")
        title = target.rsplit(".", 1)[-1] if match.group("tilde") else target
        path = _resolve(obj, target)
        if _is_ours(path):
            return f"[`{title}`][{path}]"
        # The standard library, or a private helper: link if the site has it, else plain code.
        return f'<autoref identifier="{path}" optional><code>{title}</code></autoref>'

    text = _ROLE.sub(link, text)
    text = _LITERAL_BLOCK.sub(":", text)
    return _EXAMPLE_HEADING.sub(r"\g<indent>Examples:", text)


def _is_ours(path: str) -> bool:
    """Whether ``path`` is public API of ``replicate_ext``, which the reference must document."""
    parts = path.split(".")
    return parts[0] == "replicate_ext" and not any(p.startswith("_") for p in parts)


class SphinxRoles(Extension):
    """Convert Sphinx roles in every docstring once the object tree is complete."""

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        docstring = obj.docstring
        if docstring is not None:
            docstring.value = convert(obj, docstring.value)
