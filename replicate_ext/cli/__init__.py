"""The ``replicate-ext`` command line: run models and manage the API's resources.

Commands: ``run``, ``predictions list|get|cancel``, ``models get|versions``,
``files upload|list|get|delete|download``, ``trainings create|get|cancel``,
``webhooks secret|verify`` and ``emulator``. Exit codes: 0 success, 1 the model failed or
was canceled, 2 bad usage, 3 API or connection error, 130 interrupted, 141 output closed.

Example:
    >>> main(["run", "replicate-ext/hello", "-i", "name=Ada"])  # doctest: +SKIP
    hello Ada
    0
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import IO, TextIO

from .context import Context
from .errors import EXIT_CLOSED, EXIT_INTERRUPTED, EXIT_USAGE, CLIError, report
from .parser import build_parser

__all__ = ["main"]


def _emulator(argv: list[str], err: TextIO) -> int:
    """Delegate to ``python -m replicate_emulator``."""
    try:
        from replicate_emulator.__main__ import main as emulator_main
    except ImportError as exc:
        hint = (
            "the emulator is its own distribution, replicate-ext-emulator: install it with "
            "`pip install ./emulator` from a checkout of replicate-ext (`make install` does)"
        )
        return report(CLIError(f"the emulator is not installed ({exc})", hint=hint), err)
    try:
        return emulator_main(argv)
    except SystemExit as exc:  # --help and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: IO[bytes] | None = None,
) -> int:
    """Run the command line and return its exit status (never raises, never a traceback).

    Args:
        argv: The arguments without the program name (default ``sys.argv[1:]``).
        stdout: Where results go (default ``sys.stdout``).
        stderr: Where diagnostics go (default ``sys.stderr``).
        stdin: Where ``-`` files are read from (default ``sys.stdin.buffer``).

    Returns:
        The exit status: 0, 1 (model failure), 2 (usage), 3 (API error) or 130 (Ctrl-C).

    Example:
        >>> main(["--version"])  # doctest: +SKIP
        replicate-ext 0.1.0
        0
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    if args_list[:1] == ["emulator"]:
        return _emulator(args_list[1:], err)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    handler: Callable[[Context], int] | None = getattr(args, "handler", None)
    if handler is None:
        group = getattr(args, "parser_of_group", parser)
        group.print_usage(err)
        err.write(f"{group.prog}: error: a command is required (see --help)\n")
        return EXIT_USAGE
    ctx = Context(args, out, err, stdin)
    try:
        return handler(ctx)
    except KeyboardInterrupt:
        ctx.note("Interrupted.")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # our output was closed (``| head``): nothing more to say
        return EXIT_CLOSED
    except Exception as exc:
        return report(exc, err)
    finally:
        ctx.close()
