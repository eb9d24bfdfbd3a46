"""What every command gets: its parsed arguments, the output streams and a lazily built client."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any, TextIO

from .._version import __version__
from ..client import Replicate
from .output import jsonable

__all__ = ["Context", "isatty"]


def isatty(stream: IO[Any]) -> bool:
    """Whether ``stream`` is a terminal (``False`` for anything that cannot tell).

    Example:
        >>> import io
        >>> isatty(io.StringIO())
        False
    """
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


class Context:
    """A command's arguments, streams and client (built on first use: some commands need none).

    Args:
        args: The parsed command line.
        out: Where results go (stdout).
        err: Where diagnostics and the status line go (stderr).
        stdin: Where ``-`` file arguments are read from (binary).

    Example:
        >>> import io
        >>> ctx = Context(argparse.Namespace(json=True), io.StringIO(), io.StringIO())
        >>> ctx.emit_json({"ok": True}); ctx.out.getvalue()
        '{\\n  "ok": true\\n}\\n'
    """

    def __init__(
        self,
        args: argparse.Namespace,
        out: TextIO,
        err: TextIO,
        stdin: IO[bytes] | None = None,
    ) -> None:
        self.args = args
        self.out = out
        self.err = err
        self.stdin = stdin if stdin is not None else sys.stdin.buffer
        self.json = bool(getattr(args, "json", False))
        self._client: Replicate | None = None

    @property
    def interactive(self) -> bool:
        """Whether to draw the live status line: stderr is a terminal and ``--json`` is off.

        Example:
            >>> import io
            >>> Context(argparse.Namespace(), io.StringIO(), io.StringIO()).interactive
            False
        """
        return not self.json and isatty(self.err)

    @property
    def client(self) -> Replicate:
        """The API client, configured from ``REPLICATE_API_TOKEN`` and ``REPLICATE_BASE_URL``.

        Raises:
            AuthenticationError: No token is set.

        Example:
            >>> ctx.client.predictions.list()  # doctest: +SKIP
        """
        if self._client is None:
            self._client = Replicate(user_agent=f"replicate-ext-cli/{__version__}")
        return self._client

    def close(self) -> None:
        """Close the client, if one was built.

        Example:
            >>> import io
            >>> Context(argparse.Namespace(), io.StringIO(), io.StringIO()).close()
        """
        if self._client is not None:
            self._client.close()
            self._client = None

    def print(self, text: str = "") -> None:
        """Write a line of results to ``out``.

        Example:
            >>> import io
            >>> Context(argparse.Namespace(), sys.stdout, io.StringIO()).print("hello")
            hello
        """
        self.out.write(text + "\n")
        self.out.flush()

    def note(self, text: str) -> None:
        """Write a line of diagnostics to ``err`` (never results).

        Example:
            >>> import io
            >>> Context(argparse.Namespace(), io.StringIO(), sys.stdout).note("warning: x")
            warning: x
        """
        self.err.write(text + "\n")
        self.err.flush()

    def emit_json(self, value: Any) -> None:
        """Write ``value`` (generated models, pages, paths...) to ``out`` as indented JSON.

        Example:
            >>> import io
            >>> Context(argparse.Namespace(), sys.stdout, io.StringIO()).emit_json([1])
            [
              1
            ]
        """
        self.print(json.dumps(jsonable(value), indent=2, ensure_ascii=False, default=str))
