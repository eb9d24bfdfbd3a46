"""``make bench`` (part): the cost of ``use()``'s local input validation, and its requests per call.

Prints two figures, with their targets (issue 11):

* validating the inputs of a 20-input schema shaped like Cog's: µs per call (target ≤ 50 µs);
* requests ``use()`` sends per call after the first (target: one, the create; no schema fetch).

    python bench/use_bench.py [--calls N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from replicate_ext import ModelSchema

TARGET_US = 50.0


def schema_20() -> tuple[dict[str, Any], dict[str, Any]]:
    """A 20-input schema as Cog writes it (bounds, choices by $ref, files, lists, nullable), and
    a valid input giving all 20."""
    props: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    defs: dict[str, Any] = {}
    for i in range(5):
        props[f"steps_{i}"] = {"type": "integer", "minimum": 1.0, "maximum": 100.0, "default": 20}
        inputs[f"steps_{i}"] = 30 + i
    for i in range(4):
        props[f"scale_{i}"] = {"type": "number", "minimum": 0.0, "maximum": 20.0}
        inputs[f"scale_{i}"] = 7.5
    for i in range(3):
        defs[f"mode_{i}"] = {"type": "string", "enum": ["fast", "slow", "best"], "title": "mode"}
        props[f"mode_{i}"] = {"allOf": [{"$ref": f"#/components/schemas/mode_{i}"}]}
        inputs[f"mode_{i}"] = "slow"
    props["prompt"] = {"type": "string", "minLength": 1, "maxLength": 2000}
    props["negative"] = {"type": "string", "default": "", "nullable": True}
    props["slug"] = {"type": "string", "pattern": "^[a-z0-9-]+$"}
    props["image"] = {"type": "string", "format": "uri"}
    props["mask"] = {"type": "string", "format": "uri", "nullable": True}
    props["tags"] = {"type": "array", "items": {"type": "string"}}
    props["upscale"] = {"type": "boolean", "default": False}
    props["seed"] = {"type": "integer", "nullable": True}
    inputs.update(
        prompt="an astronaut riding a horse, detailed, 8k",
        negative="blurry",
        slug="astronaut-1",
        image="https://replicate.delivery/pbxt/abc/input.png",
        mask=None,
        tags=["space", "horse"],
        upscale=True,
        seed=42,
    )
    for order, prop in enumerate(props.values()):
        prop["x-order"] = order
    required = ["prompt", "image"]
    document = {
        "components": {
            "schemas": {
                "Input": {"type": "object", "properties": props, "required": required},
                "Output": {"type": "array", "items": {"type": "string", "format": "uri"}},
                **defs,
            }
        }
    }
    assert len(props) == 20 and len(inputs) == 20
    return document, inputs


def validation_us(calls: int) -> float:
    """The median cost of ``ModelSchema.validate`` on the 20 inputs, in µs per call."""
    document, inputs = schema_20()
    schema = ModelSchema(document)
    schema.validate(inputs)
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(calls):
            schema.validate(inputs)
        rounds.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(rounds)


def requests_per_call(calls: int) -> tuple[float, int]:
    """Requests ``use()`` sends per call after the first, and on the first call."""
    from replicate_emulator import Emulator

    with Emulator() as emulator, emulator.client(poll_interval=0.01) as client:
        hello = client.use("replicate-ext/hello")
        hello(name="first")
        first = len(emulator.requests)
        for i in range(calls):
            hello(name=f"call {i}")
        return (len(emulator.requests) - first) / calls, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    args = parser.parse_args()
    cost = validation_us(args.calls)
    per_call, first = requests_per_call(20)
    ok = "ok" if cost <= TARGET_US else "MISSED"
    print(
        f"use(): validating 20 inputs: {cost:.1f} µs per call (target ≤ {TARGET_US:.0f} µs: {ok})"
    )
    ok = "ok" if per_call == 1 else "MISSED"
    print(
        f"use(): {per_call:g} request per call after the first (the create; the first call "
        f"sent {first}: schema + create) (target 1: {ok})"
    )
    results = Path(__file__).resolve().parent / "results"
    results.mkdir(exist_ok=True)
    (results / "use.json").write_text(
        json.dumps({"validate_20_inputs_us": round(cost, 2), "requests_per_call": per_call}) + "\n"
    )


if __name__ == "__main__":
    main()
