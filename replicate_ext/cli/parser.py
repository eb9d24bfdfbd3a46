"""The argument parser of ``replicate-ext``: every command, its options and its handler.

Example:
    >>> args = build_parser().parse_args(["run", "acme/echo", "-i", "n=1", "--json"])
    >>> args.ref, args.inputs, args.json, args.wait
    ('acme/echo', ['n=1'], True, True)
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._version import __version__
from . import commands, files, webhooks
from .batch import cmd_batch
from .context import Context
from .run import cmd_run

__all__ = ["PROG", "build_parser"]

PROG = "replicate-ext"

Handler = Callable[[Context], int]

_DESCRIPTION = """\
Run models and manage predictions, models, files, trainings and webhooks on Replicate
(or a local emulator).

environment:
  REPLICATE_API_TOKEN   the API token (required by every command that calls the API)
  REPLICATE_BASE_URL    the API base URL (default https://api.replicate.com/v1)

exit codes:
  0 success, 1 the model failed or was canceled, 2 bad usage, 3 API or connection error,
  130 interrupted (Ctrl-C cancels the running prediction), 141 output closed (likewise)
"""

_RUN_EPILOG = """\
input values (-i KEY=VALUE) are typed by the model's input schema: integers, numbers,
booleans (true/false), arrays and objects as JSON; @PATH uploads a file, @@text is "@text".
They are checked against the schema before anything is sent: unknown names (with a
did-you-mean), missing required inputs, wrong types, choices, ranges and patterns are
all listed at once, with exit code 2; --no-validate sends them anyway.

examples:
  replicate-ext run replicate-ext/hello -i name=Ada
  replicate-ext run replicate-ext/tokens -i prompt="hi there" -i count=5 --stream
  replicate-ext run replicate-ext/image -i width=64 --output-dir out/
  replicate-ext run acme/upscale -i image=@photo.png --json
  replicate-ext codegen replicate-ext/image -o image_model.py   # typed Python for a model
"""


def _json_option() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--json", action="store_true", help="print machine-readable JSON results only"
    )
    return common


def _at_least_one(text: str) -> int:
    """``--limit``'s type: a whole number, 1 or more (argparse reports anything else)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _limit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--limit", type=_at_least_one, default=25, metavar="N", help="at most N (25)"
    )


def _inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-i",
        "--input",
        dest="inputs",
        action="append",
        metavar="KEY=VALUE",
        help="an input; repeatable (@PATH uploads a file)",
    )
    parser.add_argument(
        "--input-json", metavar="FILE", help="inputs as a JSON object in FILE (- for stdin)"
    )


def _group(
    sub: Any, name: str, help_text: str
) -> Any:  # argparse's _SubParsersAction is private, hence Any
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(parser_of_group=parser)
    return parser.add_subparsers(title="commands", metavar="COMMAND")


def _leaf(
    sub: Any, name: str, help_text: str, handler: Handler, common: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help_text, description=help_text, parents=[common]
    )
    parser.set_defaults(handler=handler)
    return parser


def _get_and_cancel(
    group: Any, common: argparse.ArgumentParser, kind: str, get: Handler, cancel: Handler
) -> None:
    """``get ID`` and ``cancel ID``: a prediction's or a training's."""
    for name, help_text, handler in (
        ("get", f"show a {kind}", get),
        ("cancel", f"cancel a {kind}", cancel),
    ):
        _leaf(group, name, help_text, handler, common).add_argument("id", metavar="ID")


def _add_batch(sub: Any, common: argparse.ArgumentParser) -> None:
    batch = sub.add_parser(
        "batch",
        help="run a model over a JSONL or CSV file of inputs, resumably",
        description="Run a model over every input of a JSONL or CSV file at the account's "
        "rate limits. The same command again resumes from the journal: nothing is paid twice.",
        epilog="exit codes: 0 all succeeded, 1 some failed, 130 interrupted (resumable)",
        parents=[common],
    )
    batch.set_defaults(handler=cmd_batch)
    batch.add_argument("ref", metavar="REF", help="OWNER/NAME, OWNER/NAME:VERSION or a version id")
    batch.add_argument("inputs", metavar="INPUTS", help="a .jsonl (or .csv) file; - for stdin")
    batch.add_argument("--out", metavar="FILE", help="write one JSON line per input to FILE")
    batch.add_argument(
        "--journal", metavar="FILE", help="the resume journal (default: INPUTS.journal)"
    )
    batch.add_argument("--download-dir", type=Path, metavar="DIR", help="save output files here")
    batch.add_argument(
        "--max-in-flight", type=int, metavar="N", help="predictions in flight at most (500)"
    )
    batch.add_argument("--shard", metavar="I/N", help="only inputs whose index is I mod N")
    batch.add_argument(
        "--cancel-on-interrupt",
        action="store_true",
        help="on Ctrl-C, cancel the predictions in flight (default: they go on)",
    )


def _add_run(sub: Any, common: argparse.ArgumentParser) -> None:
    run = sub.add_parser(
        "run",
        help="run a model and print (or save) its output",
        description="Run a model and print its output, saving output files with --output-dir.",
        epilog=_RUN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    run.set_defaults(handler=cmd_run)
    run.add_argument("ref", metavar="REF", help="OWNER/NAME, OWNER/NAME:VERSION or a version id")
    _inputs(run)
    run.add_argument(
        "--wait",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="wait for the output (default), or only create the prediction",
    )
    run.add_argument("--stream", action="store_true", help="print output tokens as they arrive")
    run.add_argument("--output-dir", type=Path, metavar="DIR", help="save output files into DIR")
    run.add_argument(
        "--no-validate",
        dest="validate",
        action="store_false",
        help="send the inputs even if the model's schema refuses them (default: refuse, exit 2)",
    )


def _add_codegen(sub: Any) -> None:
    from .codegen import cmd_codegen

    codegen = sub.add_parser(
        "codegen",
        help="write a typed Python module for a model (run() with one keyword per input)",
        description=(
            "Write a Python module for a model from its OpenAPI schema: MODEL, VERSION, an Input "
            "TypedDict, an Output type and run()/async_run() with one typed keyword per input, "
            "so mypy checks every call. The schema is fetched from the API unless --schema-file "
            "gives it."
        ),
        epilog="example:\n  replicate-ext codegen replicate-ext/image -o image_model.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    codegen.set_defaults(handler=cmd_codegen, json=False)
    codegen.add_argument("ref", metavar="REF", help="OWNER/NAME or OWNER/NAME:VERSION")
    codegen.add_argument(
        "--schema-file",
        metavar="FILE",
        help="read the schema from FILE (an openapi_schema, a version or a model, as JSON)",
    )
    codegen.add_argument(
        "-o", "--output", metavar="OUT.py", help="write the module to OUT.py (default: stdout)"
    )


def _add_predictions(sub: Any, common: argparse.ArgumentParser) -> None:
    group = _group(sub, "predictions", "list, show and cancel predictions")
    _limit(_leaf(group, "list", "the newest predictions", commands.cmd_predictions_list, common))
    _get_and_cancel(
        group, common, "prediction", commands.cmd_predictions_get, commands.cmd_predictions_cancel
    )


def _add_models(sub: Any, common: argparse.ArgumentParser) -> None:
    group = _group(sub, "models", "show models and their versions")
    get = _leaf(group, "get", "show a model and its inputs", commands.cmd_models_get, common)
    get.add_argument("ref", metavar="OWNER/NAME")
    versions = _leaf(
        group, "versions", "list a model's versions", commands.cmd_models_versions, common
    )
    versions.add_argument("ref", metavar="OWNER/NAME")
    _limit(versions)


def _add_files(sub: Any, common: argparse.ArgumentParser) -> None:
    group = _group(sub, "files", "upload, list, show, delete and download files")
    upload = _leaf(
        group, "upload", "upload a file (at most 100 MB)", files.cmd_files_upload, common
    )
    upload.add_argument("path", metavar="PATH")
    upload.add_argument("--metadata", metavar="JSON", help="a JSON object stored with the file")
    _limit(_leaf(group, "list", "list your files", files.cmd_files_list, common))
    for name, help_text, handler in (
        ("get", "show a file", files.cmd_files_get),
        ("delete", "delete a file", files.cmd_files_delete),
    ):
        _leaf(group, name, help_text, handler, common).add_argument("id", metavar="ID")
    download = _leaf(group, "download", "download a file", files.cmd_files_download, common)
    download.add_argument("id", metavar="ID")
    download.add_argument(
        "-o", "--output", metavar="PATH", help="where to save it (- for stdout; default: its name)"
    )


def _add_trainings(sub: Any, common: argparse.ArgumentParser) -> None:
    group = _group(sub, "trainings", "start, show and cancel trainings")
    create = _leaf(group, "create", "start a training", commands.cmd_trainings_create, common)
    create.add_argument(
        "ref", metavar="REF", help="OWNER/NAME[:VERSION] to train (default: latest)"
    )
    create.add_argument(
        "--destination", required=True, metavar="OWNER/NAME", help="the model receiving the result"
    )
    _inputs(create)
    _get_and_cancel(
        group, common, "training", commands.cmd_trainings_get, commands.cmd_trainings_cancel
    )


def _add_webhooks(sub: Any, common: argparse.ArgumentParser) -> None:
    group = _group(sub, "webhooks", "the webhook signing secret; verify deliveries")
    _leaf(group, "secret", "print the webhook signing secret", webhooks.cmd_webhooks_secret, common)
    verify = _leaf(
        group,
        "verify",
        "verify a webhook delivery (exit 0 if valid, 1 if not)",
        webhooks.cmd_webhooks_verify,
        common,
    )
    verify.add_argument("--secret", help=f"whsec_... (default: ${webhooks.ENV_WEBHOOK_SECRET})")
    verify.add_argument(
        "--body-file", default="-", metavar="FILE", help="the raw body (default: stdin)"
    )
    verify.add_argument(
        "--header", action="append", metavar="NAME:VALUE", help="a request header; repeatable"
    )
    verify.add_argument(
        "--tolerance",
        type=float,
        default=300.0,
        metavar="SECONDS",
        help="accepted timestamp skew (300; negative: any)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The ``replicate-ext`` parser; each leaf command sets ``handler`` in its namespace.

    Example:
        >>> build_parser().parse_args(["files", "get", "abc"]).id
        'abc'
    """
    parser = argparse.ArgumentParser(
        prog=PROG, description=_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    common = _json_option()
    _add_run(sub, common)
    _add_batch(sub, common)
    _add_predictions(sub, common)
    _add_models(sub, common)
    _add_files(sub, common)
    _add_trainings(sub, common)
    _add_webhooks(sub, common)
    _add_codegen(sub)
    sub.add_parser(
        "emulator",
        help="start the local Replicate emulator (see `replicate-ext emulator --help`)",
        add_help=False,
    )
    return parser
