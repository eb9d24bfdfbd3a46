"""Every resource method, sync and async, over real HTTP against the emulator on 127.0.0.1."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    InvalidArgumentError,
    ModelError,
    NotFoundError,
    PredictionCanceledError,
    PredictionTimeoutError,
    UnprocessableEntityError,
)
from replicate_ext.waiting import outcome

from .conftest import collect, resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def _version_of(client: Client, model: str) -> str:
    found = await resolve(client.models.get(model))
    version = found.latest_version
    assert version is not None and isinstance(version.id, str)
    return version.id


async def test_run_official_model(client: Client) -> None:
    assert await resolve(client.run("replicate-ext/hello", input={"name": "Ada"})) == "hello Ada"


async def test_run_by_model_version_and_bare_version(client: Client) -> None:
    version = await _version_of(client, "replicate-ext/echo")
    payload = {"text": "x", "n": 3}
    assert await resolve(client.run("replicate-ext/echo", input=payload)) == payload
    assert await resolve(client.run(f"replicate-ext/echo:{version}", input=payload)) == payload
    assert await resolve(client.run(version, input=payload)) == payload


async def test_run_without_waiting_then_wait(client: Client) -> None:
    prediction = await resolve(client.run("replicate-ext/hello", input={"name": "Bo"}, wait=False))
    assert prediction.id and prediction.status in {"starting", "processing", "succeeded"}
    done = await resolve(client.wait(prediction.id))
    assert done.status == "succeeded" and done.output == "hello Bo"
    again = await resolve(client.wait(done))
    assert again is done


async def test_run_polls_when_sync_window_is_shorter_than_the_model(client: Client) -> None:
    output = await resolve(client.run("replicate-ext/sleep", input={"seconds": 1.3}, wait=1))
    assert output is not None


async def test_failed_prediction_raises_model_error_with_id_and_logs(client: Client) -> None:
    with pytest.raises(ModelError) as info:
        await resolve(client.run("replicate-ext/fail", input={}))
    prediction = info.value.prediction
    assert info.value.prediction_id == prediction.id
    assert prediction.status == "failed" and prediction.error
    fetched = await resolve(client.predictions.get(prediction.id))
    assert fetched.status == "failed"


async def test_timeout_keeps_prediction_reachable(client: Client) -> None:
    with pytest.raises(PredictionTimeoutError) as info:
        await resolve(client.run("replicate-ext/sleep", input={"seconds": 5}, wait=1, timeout=1.2))
    pid = info.value.prediction_id
    assert pid
    canceled = await resolve(client.predictions.cancel(pid))
    assert canceled.id == pid
    final = await resolve(client.wait(pid, timeout=10))
    assert final.status == "canceled"
    with pytest.raises(PredictionCanceledError):
        outcome(final)


async def test_predictions_create_get_list(client: Client) -> None:
    created = await resolve(
        client.predictions.create(model="replicate-ext/hello", input={"name": "Cy"}, wait=True)
    )
    assert created.status == "succeeded" and created.output == "hello Cy"
    version = await _version_of(client, "replicate-ext/echo")
    other = await resolve(client.predictions.create(version=version, input={"a": 1}))
    fetched = await resolve(client.predictions.get(other.id))
    assert fetched.id == other.id
    page = await resolve(client.predictions.list())
    ids = [p.id for p in page.results]
    assert other.id in ids and created.id in ids
    assert ids.index(other.id) < ids.index(created.id), "newest first"


async def test_invalid_input_is_refused(client: Client) -> None:
    with pytest.raises(UnprocessableEntityError) as info:
        await resolve(client.run("replicate-ext/hello", input={"nmae": "typo"}))
    assert info.value.status == 422
    assert "nmae" in str(info.value)


async def test_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError) as info:
        await resolve(client.predictions.get("does-not-exist"))
    assert info.value.status == 404 and info.value.path == "/v1/predictions/does-not-exist"
    with pytest.raises(NotFoundError):
        await resolve(client.run("nobody/nothing", input={}))


async def test_models_crud_and_subresources(client: Client) -> None:
    name = _unique("model")
    account = await resolve(client.account.get())
    owner = account.username
    created = await resolve(
        client.models.create(owner, name, visibility="private", hardware="cpu", description="first")
    )
    assert (created.owner, created.name, created.description) == (owner, name, "first")
    updated = await resolve(client.models.update(f"{owner}/{name}", description="second"))
    assert updated.description == "second"
    assert (await resolve(client.models.get(f"{owner}/{name}"))).description == "second"
    listed = await resolve(client.models.list())
    assert any(m.name == "echo" for m in listed.results)
    await resolve(client.models.delete(f"{owner}/{name}"))
    with pytest.raises(NotFoundError):
        await resolve(client.models.get(f"{owner}/{name}"))

    versions = await resolve(client.models.versions.list("replicate-ext/echo"))
    assert versions.results and versions.results[0].id
    version = await resolve(
        client.models.versions.get("replicate-ext/echo", versions.results[0].id)
    )
    assert "Input" in version.openapi_schema["components"]["schemas"]
    readme = await resolve(client.models.readme.get("replicate-ext/hello"))
    assert isinstance(readme, str) and readme
    examples = await resolve(client.models.examples.list("replicate-ext/hello"))
    assert isinstance(examples.results, list)
    prediction = await resolve(
        client.models.predictions.create("replicate-ext/hello", input={"name": "Di"}, wait=True)
    )
    assert prediction.output == "hello Di"


async def test_official_model_has_no_version_list(client: Client) -> None:
    with pytest.raises(NotFoundError):
        await resolve(client.models.versions.list("replicate-ext/hello"))
    prediction = await resolve(
        client.models.predictions.create("replicate-ext/hello", input={}, wait=True)
    )
    assert prediction.version == "hidden"


async def test_catalog(client: Client) -> None:
    collections = await resolve(client.collections.list())
    assert collections.results
    slug = collections.results[0].slug
    collection = await resolve(client.collections.get(slug))
    assert collection.slug == slug and collection.models is not None
    hardware = await resolve(client.hardware.list())
    assert any(h.sku == "cpu" for h in hardware)
    account = await resolve(client.account.get())
    assert account.username
    results = await resolve(client.search("hello", limit=5))
    assert results.models is not None
    secret = await resolve(client.webhooks.default.secret.get())
    assert secret.key.startswith("whsec_")


async def test_deployments(client: Client) -> None:
    owner = (await resolve(client.account.get())).username
    name = _unique("deploy")
    version = await _version_of(client, "replicate-ext/echo")
    created = await resolve(
        client.deployments.create(
            name=name,
            model="replicate-ext/echo",
            version=version,
            hardware="cpu",
            min_instances=0,
            max_instances=1,
        )
    )
    assert created.name == name
    ref = f"{owner}/{name}"
    assert (await resolve(client.deployments.get(ref))).name == name
    updated = await resolve(client.deployments.update(ref, max_instances=3))
    assert updated.current_release.configuration.max_instances == 3
    listed = await resolve(client.deployments.list())
    assert any(d.name == name for d in listed.results)
    prediction = await resolve(
        client.deployments.predictions.create(ref, input={"v": 1}, wait=True)
    )
    assert prediction.output == {"v": 1}
    assert await resolve(client.run(deployment=ref, input={"v": 2})) == {"v": 2}
    await resolve(client.deployments.delete(ref))
    with pytest.raises(NotFoundError):
        await resolve(client.deployments.get(ref))


async def test_trainings(client: Client) -> None:
    owner = (await resolve(client.account.get())).username
    destination = f"{owner}/{_unique('tuned')}"
    await resolve(
        client.models.create(owner, destination.split("/")[1], visibility="private", hardware="cpu")
    )
    version = await _version_of(client, "replicate-ext/echo")
    training = await resolve(
        client.trainings.create(
            f"replicate-ext/echo:{version}", destination=destination, input={"steps": 1}
        )
    )
    assert training.id
    done = await resolve(client.wait(training, timeout=30))
    assert type(done).__name__ == "Training" and done.status == "succeeded"
    assert (await resolve(client.trainings.get(training.id))).status == "succeeded"
    listed = await resolve(client.trainings.list())
    assert any(t.id == training.id for t in listed.results)
    tuned = await resolve(client.models.versions.list(destination))
    assert tuned.results, "the destination model received a version"
    other = await resolve(
        client.trainings.create("replicate-ext/echo", version, destination=destination, input={})
    )
    canceled = await resolve(client.trainings.cancel(other.id))
    assert canceled.id == other.id


async def test_files(client: Client, tmp_path: Any) -> None:
    data = b"\r\n--+++\r\nnot a boundary\r\n" * 1000
    path = tmp_path / "sample.bin"
    path.write_bytes(data)
    created = await resolve(client.files.create(path, metadata={"k": "v"}))
    assert created.size == len(data)
    assert created.checksums.sha256 == hashlib.sha256(data).hexdigest()
    fetched = await resolve(client.files.get(created.id))
    assert fetched.id == created.id
    listed = await resolve(client.files.list())
    assert any(f.id == created.id for f in listed.results)
    downloaded = b"".join(await collect(client.files.download(created.id)))
    assert downloaded == data
    from_bytes = await resolve(client.files.create(b"hello", filename="hello.txt"))
    assert from_bytes.content_type.startswith("text/plain")
    await resolve(client.files.delete(created.id))
    with pytest.raises(NotFoundError):
        await resolve(client.files.get(created.id))


async def test_request_escape_hatch(client: Client) -> None:
    response = await resolve(client.request("GET", "/account"))
    assert response.status_code == 200 and response.json()["username"]
    with pytest.raises(NotFoundError):
        await resolve(client.request("GET", "/predictions/nope"))


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_pagination_across_pages(flavour: str) -> None:
    with Emulator(page_size=3) as emu:
        client: Client = emu.client() if flavour == "sync" else emu.async_client()
        version = await _version_of(client, "replicate-ext/echo")
        created = [
            (await resolve(client.predictions.create(version=version, input={"i": i}))).id
            for i in range(8)
        ]
        pages = await collect(client.paginate(client.predictions.list))
        items = await collect(client.paginate(client.predictions.list).items())
        await resolve(client.close())
    assert len(pages) >= 3 and all(len(p.results) <= 3 for p in pages)
    ids = [p.id for p in items]
    assert len(ids) == len(set(ids)), "no prediction twice"
    assert [i for i in ids if i in set(created)] == created[::-1], "every one once, newest first"


async def test_models_search(client: Client, emulator: Emulator) -> None:
    """``models.search`` sends ``QUERY /v1/models`` with the query as a plain-text body."""
    page = await resolve(client.models.search("streams tokens"))
    assert page.results[0].name == "tokens"
    assert page.results[0].latest_version is not None
    sent = emulator.requests[-1]
    assert (sent.method, sent.path) == ("QUERY", "/v1/models")
    assert sent.headers["content-type"].startswith("text/plain")
    with pytest.raises(InvalidArgumentError):
        await resolve(client.models.search(" "))


def test_models_search_pages() -> None:
    with Emulator(page_size=2) as emu, emu.client() as client:
        pages = list(client.paginate(client.models.search, query="replicate-ext"))
        names = [str(m.name) for page in pages for m in page]
        built_in = [str(m.name) for m in client.paginate(client.models.list).items()]
    assert len(pages) >= 3
    assert "echo" in names
    assert sorted(names) == sorted(built_in)  # every built-in model is owned by replicate-ext
