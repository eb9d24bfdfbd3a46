"""Command line: ``python -m replicate_emulator [--host H] [--port P] ...``.

Prints ``Replicate emulator ready at http://HOST:PORT/v1 (token: r8_...)`` once it accepts
requests, then serves until interrupted (Ctrl-C or SIGTERM). With ``--tls`` it serves HTTPS
and first prints ``CA bundle: PATH``, the certificate to trust (``SSL_CERT_FILE`` for Python,
``NODE_EXTRA_CA_CERTS`` for Node).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .faults import parse_fault_spec
from .ratelimit import parse_rate_limit
from .server import Emulator

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """Return the command line parser.

    Example:
        >>> parser().parse_args(["--port", "0"]).port
        0
    """
    p = argparse.ArgumentParser(
        prog="python -m replicate_emulator",
        description="Run a local emulator of Replicate's HTTP API.",
    )
    p.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8787, help="port; 0 picks a free one (8787)")
    p.add_argument("--token", help="API token to accept (default: random r8_...)")
    p.add_argument("--data-dir", help="keep state in this directory across restarts")
    p.add_argument("--page-size", type=int, default=100, help="items per page (100)")
    p.add_argument("--retention", type=float, default=3600.0, help="seconds before data removal")
    p.add_argument("--speed", type=float, default=1.0, help="emulated time speed-up factor")
    p.add_argument("--concurrency", type=int, default=4, help="predictions run at once (4)")
    p.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="'METHOD PATH KIND [NAME=VALUE ...]'",
        help="inject a fault, as emu.faults.add() does (repeatable); e.g. "
        "--fault 'GET /predictions/* status status=503 times=2'",
    )
    p.add_argument(
        "--tls",
        action="store_true",
        help="serve HTTPS with a CA made at start-up; prints the CA bundle to trust",
    )
    p.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="OWNER/NAME=PATH:CLASS",
        help="serve a Cog predictor as a model (repeatable)",
    )
    p.add_argument(
        "--rate-limit",
        action="append",
        default=[],
        type=_rate_limit,
        metavar="KIND=PER_MINUTE",
        help="limit create or other requests per minute, like the real API (repeatable)",
    )
    p.add_argument(
        "--rate-limit-retry-after",
        action="store_true",
        help="send Retry-After with a 429 (the real API puts the reset time in its detail)",
    )
    return p


def _rate_limit(text: str) -> tuple[str, float]:
    try:
        return parse_rate_limit(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until interrupted; returns the exit status."""
    args = parser().parse_args(argv)
    try:
        emu = _emulator(args)
    except ValueError as exc:  # a setting it could only misbehave with
        print(f"invalid setting: {exc}", file=sys.stderr)
        return 2
    try:
        faults = [parse_fault_spec(spec) for spec in args.fault]
    except ValueError as exc:
        print(f"invalid --fault: {exc}", file=sys.stderr)
        return 2
    for fault in faults:
        emu.faults.add(**fault)
    for spec in args.model:
        name, sep, ref = spec.partition("=")
        if not sep or "/" not in name or ":" not in ref:
            print(
                f"invalid --model {spec!r}: expected owner/name=path/predict.py:Class",
                file=sys.stderr,
            )
            return 2
        try:
            emu.add_cog_model(name, ref)
        except (OSError, ImportError, ValueError, RuntimeError) as exc:  # it cannot run
            print(f"invalid --model {spec!r}: {exc}", file=sys.stderr)
            emu.stop()
            return 2
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        emu.start()
    except (OSError, ImportError, ValueError, RuntimeError) as exc:  # a --model that cannot run
        print(f"the emulator could not start: {exc}", file=sys.stderr)
        emu.stop()
        return 1
    try:
        if emu.ca_path is not None:
            hint = "SSL_CERT_FILE for Python, NODE_EXTRA_CA_CERTS for Node"
            print(f"CA bundle: {emu.ca_path} (trust it: {hint})", flush=True)
        print(f"Replicate emulator ready at {emu.base_url} (token: {emu.token})", flush=True)
        while not done.wait(0.5):
            pass
    finally:
        emu.stop()
    return 0


def _emulator(args: argparse.Namespace) -> Emulator:
    return Emulator(
        token=args.token,
        data_dir=args.data_dir,
        page_size=args.page_size,
        retention=args.retention,
        speed=args.speed,
        host=args.host,
        port=args.port,
        tls=args.tls,
        concurrency=args.concurrency,
        rate_limits=dict(args.rate_limit) or None,
        rate_limit_retry_after=args.rate_limit_retry_after,
    )


if __name__ == "__main__":
    sys.exit(main())
