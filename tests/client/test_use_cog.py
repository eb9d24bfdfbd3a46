"""use(), validation and codegen on real Cog predictors (``examples/cog-types``) served by the
emulator through Cog's own runtime; skipped when Cog is not installed."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from replicate_emulator import Emulator

from replicate_ext import FileOutput, InputValidationError, Replicate
from replicate_ext.codegen import render_module

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("cog") is None or importlib.util.find_spec("coglet") is None,
    reason="Cog's runtime is not installed",
)
ROOT = Path(__file__).resolve().parents[2]
PREDICT = "examples/cog-types/predict.py"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def cog_client() -> Iterator[tuple[Emulator, Replicate]]:
    with Emulator() as emulator:
        for name in ("Predictor", "Tokens", "Frames"):
            emulator.add_cog_model(f"acme/{name.lower()}", f"{PREDICT}:{name}", cwd=str(ROOT))
        with emulator.client(poll_interval=0.02) as client:
            yield emulator, client


def test_every_input_type_through_use(
    cog_client: tuple[Emulator, Replicate], tmp_path: Path
) -> None:
    _, client = cog_client
    image = tmp_path / "cat.png"
    image.write_bytes(PNG + b"rest")
    types = client.use("acme/predictor")
    out = types(
        prompt="a cat",
        image=image,
        steps=3,
        guidance=10.0,
        upscale=True,
        scheduler="ddim",
        size=128,
        mask=b"mask bytes",
        api_key="s3cret",
        tags=["cute"],
        references=[image, "data:,ref"],
        name="kitty",
    )
    assert out["caption"] == "a cat (png, 3 steps, ddim, guidance 10.0)"
    assert out["tags"] == ["cute", "upscaled"] and out["score"] == 0.5
    assert out["note"] == "mask=True key=set refs=2 seed=None"
    assert isinstance(out["image"], FileOutput) and out["image"].read().startswith(PNG)
    assert not isinstance(out["caption"], FileOutput)


def test_cog_schema_refuses_bad_inputs_before_sending(
    cog_client: tuple[Emulator, Replicate],
) -> None:
    emulator, client = cog_client
    types = client.use("acme/predictor")
    types.validate({"prompt": "x", "image": "https://example.com/a.png"})
    since = len(emulator.requests)
    with pytest.raises(InputValidationError) as caught:
        types(prompt="x", image="cat.png", steps=51, scheduler="fast", name="Not OK", api_key=1)
    assert [p.name for p in caught.value.problems] == [
        "image",
        "steps",
        "scheduler",
        "name",
        "api_key",
    ]
    assert emulator.requests[since:] == []


def test_iterator_outputs(cog_client: tuple[Emulator, Replicate]) -> None:
    _, client = cog_client
    assert client.use("acme/tokens")(prompt="one two three") == "one two three"
    chunks = list(client.use("acme/tokens", streaming=True)(prompt="one two three"))
    assert chunks == ["one", " two", " three"]
    frames = client.use("acme/frames")(count=2)
    assert len(frames) == 2 and all(isinstance(f, FileOutput) for f in frames)
    streamed = list(client.use("acme/frames", streaming=True)(count=3))
    assert len(streamed) == 3 and streamed[0].read().startswith(PNG)


def test_codegen_from_the_served_schema(
    cog_client: tuple[Emulator, Replicate], tmp_path: Path
) -> None:
    _, client = cog_client
    latest = client.models.get("acme/predictor").latest_version
    assert latest is not None
    source = render_module(latest.openapi_schema, model="acme/predictor")
    assert 'scheduler: Literal["euler", "ddim", "k_lms"] = "euler",' in source
    assert "size: Literal[64, 128] = 64," in source and "image: File," in source
    namespace: dict[str, object] = {}
    exec(compile(source, "acme_predictor.py", "exec"), namespace)  # noqa: S102
    run = namespace["run"]
    assert callable(run)
    out = run(client, prompt="a dog", image="data:image/png;base64,iVBORw0KGgo=")
    assert out["caption"].startswith("a dog (png, 20 steps, euler")
