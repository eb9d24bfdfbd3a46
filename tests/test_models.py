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
            assigned = {
                target.attr
                for n in ast.walk(from_dict)
                if isinstance(n, ast.Assign)
                for target in n.targets
                if isinstance(target, ast.Attribute)
            }
            assert {f.name for f in attrs.fields(cls)} == assigned, node.name
            checked += 1
    assert checked > 20
