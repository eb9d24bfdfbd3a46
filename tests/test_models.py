"""The generated models' parsing, as our templates shape it: same values, liberal, round-trips."""

from __future__ import annotations

import datetime
from typing import Any

from replicate_api.models.prediction import Prediction
from replicate_api.models.prediction_metrics import PredictionMetrics
from replicate_api.models.prediction_urls import PredictionUrls

WIRE: dict[str, Any] = {
    "id": "p1",
    "model": "owner/name",
    "version": "v1",
    "input": {"prompt": "hi"},
    "output": None,
    "logs": "",
    "error": None,
    "status": "succeeded",
    "created_at": "2025-01-01T00:00:00.123456+00:00",
    "started_at": None,
    "urls": {"get": "https://api.replicate.com/v1/predictions/p1", "web": "https://x/p1"},
    "metrics": {"predict_time": 1.5},
}


def test_dates_and_nested_models_are_built() -> None:
    prediction = Prediction.from_dict(WIRE)
    assert prediction.created_at == datetime.datetime(
        2025, 1, 1, 0, 0, 0, 123456, tzinfo=datetime.UTC
    )
    assert prediction.started_at is None
    assert prediction.completed_at is None  # absent
    assert isinstance(prediction.urls, PredictionUrls)
    assert prediction.urls.get == WIRE["urls"]["get"]
    assert isinstance(prediction.metrics, PredictionMetrics)
    assert prediction.metrics.predict_time == 1.5
    assert prediction.additional_properties == {}


def test_values_that_do_not_parse_are_kept_as_they_came() -> None:
    odd = {**WIRE, "created_at": "yesterday", "metrics": [1, 2], "urls": "https://x"}
    prediction = Prediction.from_dict(odd)
    assert prediction.created_at == "yesterday"
    kept: dict[str, object] = {"metrics": prediction.metrics, "urls": prediction.urls}
    assert kept == {"metrics": [1, 2], "urls": "https://x"}  # liberal: not what the spec says


def test_unknown_fields_are_kept_in_order_and_round_trip() -> None:
    wire = {**WIRE, "zeta": 1, "alpha": {"nested": True}}
    prediction = Prediction.from_dict(wire)
    assert list(prediction.additional_properties) == ["zeta", "alpha"]
    out = prediction.to_dict()
    assert out["zeta"] == 1 and out["alpha"] == {"nested": True}
    assert Prediction.from_dict(out) == prediction
    assert out["urls"] == WIRE["urls"] and out["metrics"] == WIRE["metrics"]


def test_from_dict_sets_every_field_of_every_model() -> None:
    """``from_dict`` skips the attrs ``__init__``: it must assign each field itself."""
    import ast
    import importlib
    from pathlib import Path

    import attrs
    import replicate_api.models

    checked = 0
    for path in sorted(Path(replicate_api.models.__file__).parent.glob("*.py")):
        module = importlib.import_module(f"replicate_api.models.{path.stem}")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if not isinstance(node, ast.ClassDef):
                continue
            cls = getattr(module, node.name)
            if not (isinstance(cls, type) and attrs.has(cls)):
                continue
            from_dict = next(
                n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "from_dict"
            )
            # The instance is the name bound to ``_new(cls)``; nested models built in place are
            # other names (checked by test_nested_models_built_in_place_match_their_from_dict).
            instance = next(
                n.targets[0].id
                for n in ast.walk(from_dict)
                if isinstance(n, ast.Assign)
                and isinstance(n.value, ast.Call)
                and [ast.unparse(a) for a in n.value.args] == ["cls"]
                and isinstance(n.targets[0], ast.Name)
            )
            assigned = {
                target.attr
                for n in ast.walk(from_dict)
                if isinstance(n, ast.Assign)
                for target in n.targets
                if isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id == instance
            }
            assert {f.name for f in attrs.fields(cls)} == assigned, node.name
            checked += 1
    assert checked > 20


def _models() -> list[type[Any]]:
    import attrs
    import replicate_api.models

    found = (getattr(replicate_api.models, name) for name in replicate_api.models.__all__)
    return [cls for cls in found if isinstance(cls, type) and attrs.has(cls)]


def _known_keys(cls: type[Any]) -> list[str]:
    import sys

    return sorted(getattr(sys.modules[cls.__module__], "_KNOWN_KEYS", ()))


def test_nested_models_built_in_place_match_their_from_dict() -> None:
    """A nested model that its parent's ``from_dict`` builds in place (not through the nested
    model's own ``from_dict``) comes out the same: every field, missing and null fields, unknown
    keys kept."""
    import attrs

    checked = 0
    models = _models()
    for parent in models:
        keys = _known_keys(parent)
        for key in keys:
            try:
                probe = parent.from_dict({**dict.fromkeys(keys), key: {}})
            except TypeError:  # a file field (request bodies): not a nested model
                continue
            nested = [
                type(value)
                for value in (getattr(probe, f.name) for f in attrs.fields(parent))
                if attrs.has(type(value)) and type(value) in models
            ]
            if not nested:
                continue
            (cls,) = nested
            full = {k: f"{k}-value" for k in _known_keys(cls)}
            for wire in (
                full,
                {**full, "zz_unknown": [1], "aa_unknown": None},
                dict.fromkeys(_known_keys(cls)),
                {"zz_unknown": 1},
            ):
                built = parent.from_dict({**dict.fromkeys(keys), key: wire})
                expected = cls.from_dict(wire)
                values = [getattr(built, f.name) for f in attrs.fields(parent)]
                assert expected in values, (parent.__name__, key, wire)
                got = next(v for v in values if isinstance(v, cls))
                assert got.additional_properties == expected.additional_properties
                assert list(got.additional_properties) == list(expected.additional_properties)
            checked += 1
    assert checked >= 6  # prediction urls/metrics, training's three, file urls/checksums...


def test_every_prediction_field_is_parsed_liberally() -> None:
    """Each field of a prediction: missing or null reads as None, and a value of the wrong
    type is kept as it came (the API may grow; parsing never fails on one odd field)."""
    keys = [k for k in _known_keys(Prediction) if k != "id"]
    full = {**WIRE, "completed_at": WIRE["created_at"], "deadline": WIRE["created_at"]}
    attribute = {"input": "input_"}
    for key in keys:
        name = attribute.get(key, key)
        missing = {k: v for k, v in full.items() if k != key}
        assert getattr(Prediction.from_dict(missing), name) is None, key
        assert getattr(Prediction.from_dict({**full, key: None}), name) is None, key
        for odd in ([key], {"unexpected": key} if key not in ("urls", "metrics") else 7, 3.5):
            assert getattr(Prediction.from_dict({**full, key: odd}), name) == odd, (key, odd)
    assert Prediction.from_dict(full).additional_properties == {}


def test_unknown_keys_are_found_whatever_was_parsed_before() -> None:
    """The last all-known key layout is remembered to check the next item quickly; an item with
    other keys (one more, one swapped, another order) still has its unknown keys kept."""
    import json

    page = json.loads(json.dumps([WIRE, WIRE]))  # one json.loads: items share key objects
    assert [Prediction.from_dict(item).additional_properties for item in page] == [{}, {}]
    swapped = {("zeta" if k == "logs" else k): v for k, v in WIRE.items()}
    reordered = dict(reversed(list(WIRE.items())))
    for wire, extra in (
        ({**WIRE, "zeta": 1}, {"zeta": 1}),
        (swapped, {"zeta": ""}),
        (reordered, {}),
        ({**reordered, "zeta": 2}, {"zeta": 2}),
        (WIRE, {}),
    ):
        assert Prediction.from_dict(wire).additional_properties == extra
        assert Prediction.from_dict(wire).logs == wire.get("logs")
