"""ModelSchema: inputs read from real Cog schemas, every problem reported at once, lax values.

``cog_types_schemas.json`` is what Cog 0.23's own schema generation produced for the predictors
of ``examples/cog-types/predict.py`` (regenerate with ``tests/schema/regenerate.py``).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from replicate_ext import FileOutput, InputValidationError, InvalidArgumentError, ModelSchema
from replicate_ext.errors import InputProblem

HERE = Path(__file__).resolve().parent
COG: dict[str, Any] = json.loads((HERE / "cog_types_schemas.json").read_text())
PNG = b"\x89PNG\r\n\x1a\n"


def doc(props: dict[str, Any], required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A Cog-shaped document with these input properties (and extra component schemas)."""
    inp: dict[str, Any] = {"type": "object", "title": "Input", "properties": props}
    if required:
        inp["required"] = required
    return {"components": {"schemas": {"Input": inp, **extra}}}


def messages(schema: ModelSchema, inputs: dict[str, Any]) -> dict[str, str]:
    return {p.name: p.message for p in schema.problems(inputs)}


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "cat.png"
    path.write_bytes(PNG)
    return path


def test_cog_inputs_in_x_order_with_specs() -> None:
    schema = ModelSchema(COG["Predictor"])
    assert list(schema.inputs) == [
        "prompt", "image", "steps", "guidance", "upscale", "scheduler", "size", "mask",
        "api_key", "tags", "references", "seed", "name",
    ]  # fmt: skip
    assert schema.required == ("prompt", "image")
    spec = schema.inputs
    assert (spec["steps"].type, spec["steps"].minimum, spec["steps"].maximum) == ("integer", 1, 50)
    assert spec["steps"].default == 20 and spec["steps"].description == "Denoising steps."
    assert spec["scheduler"].choices == ("euler", "ddim", "k_lms")
    assert spec["scheduler"].description == "The sampler."  # not the enum's "An enumeration."
    assert spec["size"].type == "integer" and spec["size"].choices == (64, 128)
    assert spec["image"].file and spec["mask"].file and spec["mask"].nullable
    assert spec["api_key"].secret and not spec["api_key"].required
    assert spec["references"].items is not None and spec["references"].items.file
    assert (spec["name"].min_length, spec["name"].max_length) == (1, 32)
    assert spec["name"].pattern == "^[a-z0-9-]+$"
    assert spec["seed"].nullable and spec["seed"].has_default and spec["seed"].default is None
    assert "ModelSchema inputs: prompt, image" in repr(schema)


def test_every_problem_at_once(image: Path) -> None:
    schema = ModelSchema(COG["Predictor"])
    with pytest.raises(InputValidationError) as caught:
        schema.validate(
            {
                "promt": "a cat",
                "steps": 60,
                "guidance": "strong",
                "scheduler": "eular",
                "size": 100,
                "upscale": "maybe",
                "tags": "cute",
                "references": [image, "photo.jpg"],
                "name": "Bad Name!",
                "api_key": 12345,
            },
            model="acme/types",
        )
    error = caught.value
    assert isinstance(error, InvalidArgumentError)
    found = {p.name: p.message for p in error.problems}
    assert found == {
        "promt": "unknown input; did you mean 'prompt'?",
        "steps": "60 is above the maximum, 50",
        "guidance": "expected a number; got str 'strong'",
        "scheduler": (
            "str 'eular' is not one of the choices: 'euler', 'ddim', 'k_lms'; did you mean 'euler'?"
        ),
        "size": "int 100 is not one of the choices: 64, 128",
        "upscale": "expected true or false; got str 'maybe'",
        "tags": "expected a list; got str 'cute'",
        "references[1]": (
            "expected a file: a pathlib.Path, bytes, an open binary file, an http(s) URL or a "
            "data URI; got str 'photo.jpg' (to upload a local file, pass Path('photo.jpg'))"
        ),
        "name": "'Bad Name!' does not match the pattern '^[a-z0-9-]+$'",
        "api_key": "expected a string; got int (hidden)",
        "prompt": "required input is missing",
        "image": "required input is missing",
    }
    text = str(error)
    assert text.startswith("12 problems with the input of acme/types:\n  - promt: unknown input")
    assert "12345" not in text, "a secret's value is never shown"


def test_lax_values_the_platform_accepts(image: Path) -> None:
    schema = ModelSchema(COG["Predictor"])
    schema.validate(
        {
            "prompt": "a cat",
            "image": image,
            "steps": "30",
            "guidance": "7.5",
            "upscale": "true",
            "size": "128",
            "seed": 3.0,
            "tags": ("a", "b"),
            "api_key": "r8_secret",
            "mask": None,
        }
    )
    for steps in (True, " 12 ", "12.0", 12.0):
        schema.validate({"prompt": "x", "image": image, "steps": steps})
    assert messages(schema, {"prompt": "x", "image": image, "steps": 7.5}) == {
        "steps": "expected an integer; got float 7.5 (not a whole number)"
    }
    assert messages(schema, {"prompt": "x", "image": image, "guidance": float("nan")}) == {
        "guidance": "expected a number; got float nan"
    }


@pytest.mark.parametrize(
    "value",
    [
        b"\x89PNG",
        bytearray(b"x"),
        io.BytesIO(b"x"),
        "https://example.com/cat.png",
        "HTTP://example.com/cat.png",
        "data:image/png;base64,iVBORw0KGgo=",
        FileOutput("https://replicate.delivery/x.png"),
    ],
)
def test_file_inputs_take_files_urls_and_data_uris(value: Any) -> None:
    schema = ModelSchema(COG["Predictor"])
    schema.validate({"prompt": "x", "image": value})


def test_file_inputs_refuse_the_rest(tmp_path: Path, image: Path) -> None:
    schema = ModelSchema(COG["Predictor"])
    with image.open("rb") as binary:
        schema.validate({"prompt": "x", "image": binary})
    with image.open() as text:
        assert messages(schema, {"prompt": "x", "image": text}) == {
            "image": "an open text file: open it in binary mode ('rb')"
        }
    missing = tmp_path / "nope.png"
    assert messages(schema, {"prompt": "x", "image": missing}) == {
        "image": f"no such file: {str(missing)!r}"
    }
    assert messages(schema, {"prompt": "x", "image": 3})["image"].endswith("got int 3")


def test_string_inputs_take_files_which_are_sent_as_urls(image: Path) -> None:
    schema = ModelSchema(doc({"url": {"type": "string"}}))
    schema.validate({"url": image})
    assert messages(schema, {"url": 3}) == {"url": "expected a string; got int 3"}


def test_bounds_lengths_and_patterns() -> None:
    schema = ModelSchema(
        doc(
            {
                "n": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                "old": {"type": "number", "minimum": 0, "exclusiveMinimum": True},
                "low": {"type": "integer", "minimum": 1.0},
                "text": {"type": "string", "minLength": 2, "maxLength": 3},
                "lookahead": {"type": "string", "pattern": "(?<=a)b|[[:alpha:]"},
                "items": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "minItems": 1,
                    "maxItems": 2,
                },
            }
        )
    )
    assert messages(schema, {"n": 0, "old": 0, "low": 0, "text": "a", "items": []}) == {
        "n": "0 must be greater than 0",
        "old": "0 must be greater than 0",
        "low": "0 is below the minimum, 1",
        "text": "'a' is 1 characters long, shorter than 2",
        "items": "0 items, fewer than 1",
    }
    assert messages(schema, {"n": 1, "text": "abcd", "items": [1, "x", None]}) == {
        "n": "1 must be less than 1",
        "text": "'abcd' is 4 characters long, longer than 3",
        "items[1]": "expected an integer; got str 'x'",
        "items[2]": "expected an integer; got None",
        "items": "3 items, more than 2",
    }
    schema.validate({"lookahead": "anything"})  # not a Python regex: the server decides


def test_unknown_names_list_the_inputs_when_nothing_is_close() -> None:
    schema = ModelSchema(doc({"width": {"type": "integer"}, "height": {"type": "integer"}}))
    assert messages(schema, {"zzz": 1}) == {
        "zzz": "unknown input; the model's inputs are: width, height"
    }


def test_open_and_unknown_schemas_accept_any_input() -> None:
    documents: list[dict[str, Any] | None] = [
        None,
        {},
        {"components": {"schemas": {}}},
        doc({}, additionalProperties=True),
        {"components": {"schemas": {"Input": {"type": "object", "additionalProperties": True}}}},
    ]
    for document in documents:
        ModelSchema(document).validate({"anything": object(), "n": [1, {"x": None}]})
    extra = doc({"a": {"type": "integer"}})
    extra["components"]["schemas"]["Input"]["additionalProperties"] = {"type": "string"}
    ModelSchema(extra).validate({"b": "x"})


def test_nullable_anyof_refs_and_unknown_keywords() -> None:
    schema = ModelSchema(
        doc(
            {
                "seed": {"anyOf": [{"type": "integer"}, {"type": "null"}], "x-weird": {"a": 1}},
                "mode": {"$ref": "#/components/schemas/Mode"},
                "either": {"anyOf": [{"type": "integer"}, {"type": "string", "format": "uri"}]},
                "typed": {"type": ["string", "null"], "x-order": 0},
                "loop": {"$ref": "#/components/schemas/Loop"},
                "future": {"type": "decimal128", "frobnicate": True},
            },
            required=["mode"],
            Mode={"allOf": [{"$ref": "#/components/schemas/ModeEnum"}]},
            ModeEnum={"type": "string", "enum": ["fast", "slow"]},
            Loop={"$ref": "#/components/schemas/Loop"},
        )
    )
    assert next(iter(schema.inputs)) == "typed", "x-order first, then the schema's own order"
    assert schema.inputs["mode"].choices == ("fast", "slow")
    assert schema.inputs["seed"].nullable and schema.inputs["typed"].nullable
    schema.validate(
        {
            "seed": None,
            "mode": "fast",
            "either": "https://x/y",
            "typed": None,
            "loop": [1],
            "future": "1",
        }
    )
    schema.validate({"seed": "5", "mode": "slow", "either": 3})
    assert messages(schema, {"mode": None, "either": 2.5}) == {
        "either": "expected a file or an integer; got float 2.5",
        "mode": "required input is missing",
    }


def test_not_a_dict_is_refused() -> None:
    with pytest.raises(InvalidArgumentError, match="must be a dict"):
        ModelSchema({}).validate(["prompt"])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="openapi_schema"):
        ModelSchema("nope")  # type: ignore[arg-type]


def test_problem_and_error_text() -> None:
    error = InputValidationError([InputProblem("a", "bad")])
    assert str(error) == "1 problem with the input:\n  - a: bad"
    assert error.model is None and error.problems == [InputProblem("a", "bad")]


def test_output_shapes() -> None:
    obj = ModelSchema(COG["Predictor"]).shape_output(
        {"caption": "https://not/a/file", "image": "https://x/o.png", "tags": ["t"], "extra": 1}
    )
    assert obj == {
        "caption": "https://not/a/file",
        "image": "https://x/o.png",
        "tags": ["t"],
        "extra": 1,
    }
    assert isinstance(obj["image"], FileOutput) and not isinstance(obj["caption"], FileOutput)
    assert ModelSchema(COG["Tokens"]).shape_output(["Hel", "lo"]) == "Hello"
    assert ModelSchema(COG["Words"]).shape_output(["a", "b"]) == ["a", "b"]
    frames = ModelSchema(COG["Frames"]).shape_output(["https://x/1.png", "https://x/2.png"])
    assert all(isinstance(f, FileOutput) for f in frames)
    images = ModelSchema(COG["Images"]).shape_output(["data:,a"])
    assert images[0].read() == b"a"
    unknown = ModelSchema({}).shape_output({"a": ["https://x/1.png", "text"], "n": None})
    assert isinstance(unknown["a"][0], FileOutput) and unknown["a"][1] == "text"
    assert ModelSchema(COG["Tokens"]).shape_output(None) is None
    spec = ModelSchema(COG["Tokens"]).output
    assert spec.iterator and spec.concatenate and spec.items is not None


#: Schemas shaped like popular models on the platform (an image model with string choices both
#: inline and by ``$ref``, a language model whose default example gives ints for numbers and an
#: input the schema only mentions as deprecated, an older model with a number for a file scale).
PLATFORM: dict[str, Any] = json.loads((HERE / "platform_shapes.json").read_text())


@pytest.mark.parametrize("name", sorted(PLATFORM))
def test_platform_shapes_accept_their_default_examples(name: str) -> None:
    model = PLATFORM[name]
    schema = ModelSchema(model["openapi_schema"])
    schema.validate(model["default_example"])
    assert list(schema.inputs) == sorted(schema.inputs, key=lambda n: schema.inputs[n].order or 0)


def test_platform_image_model_refuses_what_it_should() -> None:
    schema = ModelSchema(PLATFORM["image"]["openapi_schema"])
    assert messages(schema, {"prompt": "x", "aspect_ratio": "1:2", "megapixels": 1}) == {
        "aspect_ratio": (
            "str '1:2' is not one of the choices: '1:1', '16:9', '21:9', '3:2', '2:3', '4:5', "
            "'5:4', '3:4', '4:3', '9:16', '9:21'; did you mean '3:2'?"
        ),
        "megapixels": "expected a string; got int 1",
    }
    assert schema.output.items is not None and schema.output.items.file
