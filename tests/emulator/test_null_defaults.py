"""A null default is not sent to the model: Cog's runtime refuses ``null`` for ``Optional[int]``."""

from __future__ import annotations

from replicate_emulator.schema import cog_schema, validate_input


def test_null_defaults_are_left_out_and_others_applied() -> None:
    props = {
        "seed": {"type": "integer", "nullable": True, "default": None},
        "steps": {"type": "integer", "default": 20},
    }
    doc = cog_schema({"type": "object", "properties": props}, {"type": "string"})
    assert validate_input(doc, {}) == ({"steps": 20}, [])
    assert validate_input(doc, {"seed": 3}) == ({"steps": 20, "seed": 3}, [])
