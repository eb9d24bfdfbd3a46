"""use(): models as functions on the emulator, inputs checked before anything is sent.

Each test runs with the blocking and the async client (see ``conftest.client``).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from replicate_emulator import Emulator

import replicate_ext
from replicate_ext import (
    AsyncModelFunction,
    FileOutput,
    InputValidationError,
    InvalidArgumentError,
    InvalidReferenceError,
    ModelFunction,
    ModelSchema,
    NotFoundError,
    UnprocessableEntityError,
    _default,
)

from .conftest import Client, collect, resolve

BUILTINS = ["hello", "echo", "tokens", "image", "fail", "sleep"]
PNG = b"\x89PNG\r\n\x1a\n"


def posts(emulator: Emulator, since: int) -> list[str]:
    return [r.path for r in emulator.requests[since:] if r.method == "POST"]


async def test_call_returns_the_shaped_output(client: Client) -> None:
    hello = client.use("replicate-ext/hello")
    assert isinstance(hello, ModelFunction | AsyncModelFunction)
    assert repr(hello) == f"<{type(hello).__name__} replicate-ext/hello>"
    assert hello.ref == "replicate-ext/hello" and hello.version is None and not hello.streaming
    assert await resolve(hello(name="Ada")) == "hello Ada"
    assert hello.version is not None and len(hello.version) == 64
    image = await resolve(client.use("replicate-ext/image")(width=4, height=2, scale=2))
    assert isinstance(image, FileOutput)
    data = image.read() if hasattr(client, "__enter__") else await image.aread()
    assert data.startswith(PNG)
    tokens = client.use("replicate-ext/tokens")
    assert await resolve(tokens(prompt="a b c", count=4, style="upper")) == "A B C A"


async def test_streaming_yields_items_as_produced(client: Client) -> None:
    tokens = client.use("replicate-ext/tokens", streaming=True)
    chunks = await collect(await resolve(tokens(prompt="x y", count=3)))
    assert chunks == ["x", " y", " x"]
    hello = client.use("replicate-ext/hello", streaming=True)
    assert await resolve(hello(name="Bo")) == "hello Bo", "not an iterator output: as it comes"


async def test_leaving_a_stream_early_cancels_the_prediction(
    client: Client, emulator: Emulator
) -> None:
    tokens = client.use("replicate-ext/tokens", streaming=True)
    await resolve(tokens.schema)
    since = len(emulator.requests)
    chunks = await resolve(tokens(prompt="a b", count=200, delay=0.05))
    if hasattr(chunks, "__anext__"):
        assert await chunks.__anext__() == "a"
        await chunks.aclose()
    else:
        assert next(chunks) == "a"
        chunks.close()
    canceled = [r.path for r in emulator.requests[since:] if r.path.endswith("/cancel")]
    assert len(canceled) == 1
    prediction_id = canceled[0].split("/")[-2]
    assert (await resolve(client.wait(prediction_id, timeout=10))).status == "canceled"


async def test_schema_and_default_example(client: Client) -> None:
    image = client.use("replicate-ext/image")
    schema = await resolve(image.schema)
    assert isinstance(schema, ModelSchema)
    assert list(schema.inputs) == ["width", "height", "color", "scale", "init_image"]
    assert schema.inputs["scale"].choices == (1, 2, 4) and schema.inputs["init_image"].file
    assert await resolve(image.default_example) == {"width": 64, "height": 64, "color": "#3366ff"}
    assert await resolve(client.use("replicate-ext/fail").default_example) is None


async def test_each_builtin_default_example_validates(client: Client) -> None:
    for name in BUILTINS:
        fn = client.use(f"replicate-ext/{name}")
        example = await resolve(fn.default_example)
        await resolve(fn.validate(example or {}))


async def test_bad_inputs_are_refused_before_anything_is_sent(
    client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    image = client.use("replicate-ext/image")
    await resolve(image.schema)
    since = len(emulator.requests)
    with pytest.raises(InputValidationError) as caught:
        await resolve(
            image(widht=64, height=0, scale=3, color="red", init_image=tmp_path / "none.png")
        )
    assert [(p.name, p.message) for p in caught.value.problems] == [
        ("widht", "unknown input; did you mean 'width'?"),
        ("height", "0 is below the minimum, 1"),
        ("scale", "int 3 is not one of the choices: 1, 2, 4"),
        ("color", "'red' does not match the pattern '^#?[0-9a-fA-F]{6}$'"),
        ("init_image", f"no such file: {str(tmp_path / 'none.png')!r}"),
    ]
    assert caught.value.model == "replicate-ext/image"
    with pytest.raises(InputValidationError):
        await resolve(image.create(width="wide"))
    with pytest.raises(InputValidationError):
        await resolve(image.validate({"height": 9999}))
    assert emulator.requests[since:] == [], "no upload, no create, no schema fetch"


async def test_positional_arguments_are_refused(client: Client) -> None:
    hello = client.use("replicate-ext/hello")
    with pytest.raises(InvalidArgumentError, match="takes its inputs by name"):
        await resolve(hello("Ada"))
    with pytest.raises(InvalidArgumentError, match="1 positional argument"):
        await resolve(hello.create("Ada"))
    with pytest.raises(InvalidReferenceError):
        client.use("not a ref")


async def test_no_request_but_the_run_after_the_first_call(
    client: Client, emulator: Emulator
) -> None:
    hello = client.use("replicate-ext/hello")
    await resolve(hello(name="first"))
    since = len(emulator.requests)
    await resolve(hello(name="second"))
    assert [(r.method, r.path) for r in emulator.requests[since:]] == [
        ("POST", "/v1/models/replicate-ext/hello/predictions")
    ]
    again = client.use("replicate-ext/hello")  # the schema is cached per client and ref
    since = len(emulator.requests)
    await resolve(again.validate({"name": "x"}))
    assert emulator.requests[since:] == []


async def test_files_are_uploaded_after_validation(
    client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    start = tmp_path / "start.png"
    start.write_bytes(PNG)
    image = client.use("replicate-ext/image")
    prediction = await resolve(image.create(width=2, height=2, init_image=start))
    assert prediction.status in ("starting", "processing", "succeeded")
    assert str(prediction.input_["init_image"]).startswith("http")
    done = await resolve(client.wait(prediction))
    assert "init image" in (done.logs or "")


async def test_version_refs_and_bare_versions(client: Client) -> None:
    version = (await resolve(client.models.get("replicate-ext/sleep"))).latest_version.id
    pinned = client.use(f"replicate-ext/sleep:{version}")
    assert pinned.version == version
    assert await resolve(pinned(seconds=0)) == 0.0
    assert await resolve(pinned.default_example) == {"seconds": 1}
    with pytest.raises(InputValidationError):
        await resolve(pinned(seconds=-1))
    bare = client.use(version)
    assert (await resolve(bare.schema)).inputs == {}, "a bare id cannot be looked up"
    assert await resolve(bare.default_example) is None
    assert await resolve(bare(seconds=0)) == 0.0
    with pytest.raises(UnprocessableEntityError):  # not checked locally: the server decides
        await resolve(bare(secs=0))
    with pytest.raises(NotFoundError):
        await resolve(client.use("replicate-ext/nope")(x=1))


async def test_validate_on_run_stream_and_create(client: Client, emulator: Emulator) -> None:
    bad = {"prompt": "x", "count": 0, "stlye": "upper"}
    since = len(emulator.requests)
    with pytest.raises(InputValidationError) as caught:
        await resolve(client.run("replicate-ext/tokens", bad, validate=True))
    assert [p.name for p in caught.value.problems] == ["count", "stlye"]
    with pytest.raises(InputValidationError):
        await collect(client.stream("replicate-ext/tokens", input=bad, validate=True))
    with pytest.raises(InputValidationError):
        await resolve(
            client.predictions.create(model="replicate-ext/tokens", input=bad, validate=True)
        )
    with pytest.raises(InputValidationError):
        await resolve(
            client.models.predictions.create("replicate-ext/tokens", input=bad, validate=True)
        )
    with pytest.raises(InvalidArgumentError, match="needs a model reference or deployment"):
        await resolve(client.run(None, {"prompt": "x"}, validate=True))
    assert posts(emulator, since) == []
    good = {"prompt": "a b", "count": 2}
    assert await resolve(client.run("replicate-ext/tokens", good, validate=True)) == ["a", " b"]
    events = await collect(client.stream("replicate-ext/tokens", input=good, validate=True))
    assert "".join(str(e) for e in events) == "a b"
    created = await resolve(
        client.predictions.create(model="replicate-ext/tokens", input=good, validate=True)
    )
    assert created.id
    with pytest.raises(UnprocessableEntityError):  # validate=False (the default): the server's 422
        await resolve(client.run("replicate-ext/tokens", {"nope": 1}))


async def test_validate_on_a_deployment(client: Client, emulator: Emulator) -> None:
    owner = (await resolve(client.account.get())).username
    name = f"use-{uuid.uuid4().hex[:8]}"
    version = (await resolve(client.models.get("replicate-ext/sleep"))).latest_version.id
    await resolve(
        client.deployments.create(
            name=name,
            model="replicate-ext/sleep",
            version=version,
            hardware="cpu",
            min_instances=0,
            max_instances=1,
        )
    )
    ref = f"{owner}/{name}"
    since = len(emulator.requests)
    with pytest.raises(InputValidationError, match="did you mean 'seconds'"):
        await resolve(client.run(deployment=ref, input={"secnods": 1}, validate=True))
    with pytest.raises(InputValidationError):
        await resolve(
            client.deployments.predictions.create(ref, input={"seconds": "long"}, validate=True)
        )
    assert posts(emulator, since) == []
    assert await resolve(client.run(deployment=ref, input={"seconds": 0}, validate=True)) == 0.0
    await resolve(client.deployments.delete(ref))


def test_module_level_use_builds_the_default_client_on_first_call(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_default, "_client", None)
    monkeypatch.delenv("REPLICATE_API_TOKEN", raising=False)
    hello = replicate_ext.use("replicate-ext/hello")  # no token yet: nothing is built
    assert (hello.ref, hello.version, repr(hello)) == (
        "replicate-ext/hello",
        None,
        "<ModelFunction replicate-ext/hello>",
    )
    assert _default._client is None
    monkeypatch.setenv("REPLICATE_API_TOKEN", emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", emulator.base_url)
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.01")
    try:
        assert hello(name="Mo") == "hello Mo"
        assert hello.client is replicate_ext.default_client()
    finally:
        replicate_ext.default_client().close()
        monkeypatch.setattr(_default, "_client", None)
