"""Rewrite ``cog_types_schemas.json``: the schemas Cog generates for ``examples/cog-types``.

Run from the repository root: ``.venv/bin/python tests/schema/regenerate.py`` (needs ``cog``).
"""

from __future__ import annotations

import json
from pathlib import Path

from replicate_emulator.cog import CogPredictor

ROOT = Path(__file__).resolve().parents[2]
PREDICTORS = ["Predictor", "Tokens", "Words", "Frames", "Images"]


def main() -> None:
    found = {}
    for name in PREDICTORS:
        with CogPredictor(f"examples/cog-types/predict.py:{name}", cwd=str(ROOT)) as model:
            found[name] = model.openapi_schema()
    target = Path(__file__).with_name("cog_types_schemas.json")
    target.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
