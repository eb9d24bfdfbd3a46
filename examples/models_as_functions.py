"""Models as typed Python functions, offline: ``use()``, local input checks and ``codegen``.

Starts the local emulator (its built-in models have realistic Cog schemas), then:

1. calls ``replicate-ext/image`` as a function and saves the PNG it returns;
2. shows what a typo and out-of-range values cost: an error listing every problem, no request;
3. streams ``replicate-ext/tokens`` chunk by chunk;
4. writes a typed module for ``replicate-ext/tokens`` with ``render_module`` and uses it.

Run it with ``.venv/bin/python examples/models_as_functions.py``.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from pathlib import Path

from replicate_emulator import Emulator

from replicate_ext import InputValidationError
from replicate_ext.codegen import render_module


def main() -> int:
    out_dir = Path(tempfile.mkdtemp(prefix="models-as-functions-"))
    with Emulator() as emu, emu.client() as client:
        image = client.use("replicate-ext/image")
        print("inputs of replicate-ext/image:", ", ".join(image.schema.inputs))
        print("default example:", image.default_example)
        saved = image(width=32, height=16, scale=2, color="#3366ff").save(out_dir / "image.png")
        print(f"image(...) -> saved {saved} ({saved.stat().st_size} bytes)")

        before = len(emu.requests)
        try:
            image(widht=32, height=0, scale=3)
        except InputValidationError as exc:
            print(f"\n{exc}\n(requests sent: {len(emu.requests) - before})\n")

        tokens = client.use("replicate-ext/tokens", streaming=True)
        print("streamed:", end=" ")
        for chunk in tokens(prompt="models as typed functions", count=4, style="title"):
            print(repr(chunk), end=" ", flush=True)
        print()

        latest = client.models.get("replicate-ext/tokens").latest_version
        assert latest is not None
        path = out_dir / "tokens_model.py"
        path.write_text(render_module(latest.openapi_schema, model="replicate-ext/tokens"))
        spec = importlib.util.spec_from_file_location("tokens_model", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"\nwrote {path}; tokens_model.run(client, prompt='hi', count=3) ->", end=" ")
        print(repr(module.run(client, prompt="hi", count=3)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
