"""The README's first command (`make demo`): run a real Cog model end to end, offline.

It starts the local Replicate emulator with the Cog predictor in examples/cog-hello, runs it with
replicate_ext exactly as one would against api.replicate.com, and prints the output.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from replicate_emulator import Emulator

HERE = Path(__file__).resolve().parent


def main() -> int:
    name = sys.argv[1] if len(sys.argv) > 1 else "world"
    with Emulator() as emu:
        started = time.perf_counter()
        emu.add_cog_model("demo/cog-hello", str(HERE / "cog-hello" / "predict.py") + ":Predictor")
        print(f"Cog model demo/cog-hello ready in {time.perf_counter() - started:.1f} s on {emu.base_url}")
        with emu.client() as client:
            started = time.perf_counter()
            output = client.run("demo/cog-hello", input={"name": name})
            took = time.perf_counter() - started
        print(f"client.run('demo/cog-hello', input={{'name': {name!r}}}) -> {output!r} ({took:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
