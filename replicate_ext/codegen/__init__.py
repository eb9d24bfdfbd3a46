"""Typed Python modules for models, generated from their OpenAPI schemas (``replicate-ext codegen``).

Example:
    >>> from replicate_ext.codegen import render_module
    >>> doc = {"components": {"schemas": {"Input": {"properties": {}}, "Output": {}}}}
    >>> "def run(" in render_module(doc, model="acme/echo")
    True
"""

from .render import render_module

__all__ = ["render_module"]
