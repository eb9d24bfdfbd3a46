"""One module per client, each with the same functions (see ``raw_httpx`` for the contract).

Every adapter module defines:

* ``LABEL`` (shown in the table) and ``IMPORT`` (the statement the import scenario times: what a user types to get a client class);
* ``client(origin, token)`` / ``close(c)``: a blocking client against ``origin`` (no ``/v1``);
* ``get(c, pid)``: ``predictions.get``; ``run(c, model, inp)``: ``run()`` with default settings;
* ``stream(c, model, inp)``: the data of each ``output`` event, as the client yields it;
* ``items(c)``: every prediction of ``predictions.list``, across pages;
* ``save(c, output, path)``: stream a URL output to ``path``;
* ``aclient(origin, token)`` / ``arun(c, model, inp)`` / ``aclose(c)``: the async twins.

A feature the client lacks raises :class:`Unsupported` (shown as "n/a"). Clients read
``REPLICATE_POLL_INTERVAL`` from the environment; the runner sets it when a scenario fixes it.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES = ("raw_httpx", "ours", "replicate_v1", "replicate_v2")


class Unsupported(Exception):
    """The client has no such feature."""


def load(name: str) -> ModuleType:
    """The adapter module ``name`` (one of :data:`NAMES`)."""
    if name not in NAMES:
        raise ValueError(f"unknown client {name!r}; choose from {NAMES}")
    return importlib.import_module(f"adapters.{name}")
