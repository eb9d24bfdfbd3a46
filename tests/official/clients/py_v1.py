"""Everyday flows of the official Python client 1.0.x, run against the emulator (see harness)."""

from __future__ import annotations

import io
import json
import time
from typing import Any

import replicate
from official.clients.harness import BASE_URL, FIXTURES, TOKEN, WebhookReceiver, check, flow, main
from replicate.exceptions import ModelError, ReplicateError
from replicate.helpers import FileOutput
from replicate.pagination import paginate

# 1.0.x sends "/v1/..." paths: its base URL is the origin (REPLICATE_BASE_URL without "/v1").
ORIGIN = BASE_URL.removesuffix("/v1")
client = replicate.Client(api_token=TOKEN, base_url=ORIGIN)
VERSION = FIXTURES["version"]


@flow
def run_official_model() -> None:
    check(client.run("replicate-ext/hello", input={"name": "v1"}) == "hello v1", "output")


@flow
def run_model_version() -> None:
    output = client.run(f"replicate-ext/echo:{VERSION}", input={"text": "x"})
    check(output == {"text": "x"}, f"output {output!r}")


@flow
def run_bare_version_id() -> None:
    output = client.run(VERSION, input={"text": "x"})
    check(output == {"text": "x"}, f"output {output!r}")


@flow
def run_deployment() -> None:
    prediction = client.deployments.predictions.create(FIXTURES["deployment"], input={"a": 1})
    prediction.wait()
    check(prediction.status == "succeeded" and prediction.output == {"a": 1}, prediction.status)


@flow
def predictions_create_get_wait_list() -> None:
    prediction = client.predictions.create(version=VERSION, input={"n": 1})
    got = client.predictions.get(prediction.id)
    check(got.id == prediction.id, "get")
    got.wait()
    check(got.status == "succeeded" and got.output == {"n": 1}, f"{got.status} {got.output}")
    check(any(p.id == prediction.id for p in client.predictions.list().results), "list")


@flow
def predictions_cancel() -> None:
    prediction = client.models.predictions.create(
        model="replicate-ext/sleep", input={"seconds": 30}
    )
    client.predictions.cancel(prediction.id)
    prediction.wait()
    check(prediction.status == "canceled", prediction.status)


@flow
def pagination() -> None:
    for i in range(3):
        client.predictions.create(version=VERSION, input={"page": i})
    ids = [p.id for page in paginate(client.predictions.list) for p in page]
    check(len(ids) >= 3 and len(set(ids)) == len(ids), f"{len(ids)} ids")


@flow
def stream_output() -> None:
    events = list(client.stream("replicate-ext/tokens", input={"count": 3, "prompt": "ab"}))
    text = "".join(str(e) for e in events)
    check(len(text) > 0, "no output events")


@flow
def stream_error_event() -> None:
    # 1.0.x raises RuntimeError with the error event's data (JSON: {"detail": ...}).
    try:
        list(client.stream("replicate-ext/fail", input={"message": "boom"}))
    except RuntimeError as exc:
        check(json.loads(str(exc))["detail"] == "boom", f"error {exc}")
        return
    raise AssertionError("no error")


@flow
def file_input_and_output() -> None:
    output = client.run(f"replicate-ext/echo:{VERSION}", input={"doc": io.BytesIO(b"hello file")})
    check(isinstance(output["doc"], FileOutput), f"output {output!r}")
    check(output["doc"].read() == b"hello file", "content")


@flow
def file_output() -> None:
    output = client.run("replicate-ext/image", input={"width": 2, "height": 2})
    check(isinstance(output, FileOutput), f"{type(output)} {output!r}")
    check(output.read().startswith(b"\x89PNG"), "not a PNG")


@flow
def files_api() -> None:
    created = client.files.create(io.BytesIO(b"data"), metadata={"run": 7})
    check(created.metadata == {"run": 7}, f"metadata {created.metadata}")
    check(client.files.get(created.id).id == created.id, "get")
    check(any(f.id == created.id for f in client.files.list()), "list")
    client.files.delete(created.id)


@flow
def models_versions_collections_search() -> None:
    model = client.models.get("replicate-ext/echo")
    check(model.latest_version is not None and model.latest_version.id == VERSION, "latest")
    check(any(v.id == VERSION for v in model.versions.list()), "versions")
    check(len(client.models.list().results) > 0, "list")
    collections = client.collections.list().results
    check(len(client.collections.get(collections[0].slug).models) >= 0, "collection")
    found = client.models.search("streams tokens").results
    check(bool(found) and found[0].name == "tokens", f"search {[m.name for m in found]}")


@flow
def account_and_hardware() -> None:
    check(client.accounts.current().username == "emulator", "account")
    check(any(h.sku == "cpu" for h in client.hardware.list()), "hardware")


@flow
def trainings() -> None:
    training = client.trainings.create(
        model="replicate-ext/echo",
        version=VERSION,
        input={"steps": 1},
        destination=FIXTURES["destination"],
    )
    while training.status not in ("succeeded", "failed", "canceled"):
        time.sleep(0.05)
        training.reload()
    check(training.status == "succeeded", training.status)
    check(client.predictions.get(training.id).id == training.id, "a training is a prediction")
    check(any(t.id == training.id for t in client.trainings.list().results), "list")
    other = client.trainings.create(
        model="replicate-ext/echo",
        version=VERSION,
        input={"steps": 50},
        destination=FIXTURES["destination"],
    )
    check(client.trainings.cancel(other.id).status in ("canceled", "canceling"), "cancel")


@flow
def webhooks() -> None:
    receiver = WebhookReceiver()
    try:
        client.predictions.create(
            version=VERSION,
            input={"hook": 1},
            webhook=receiver.url,
            webhook_events_filter=["completed"],
        )
        headers, body = receiver.next()
        secret = client.webhooks.default.secret()
        client.webhooks.validate(headers=headers, body=body.decode(), secret=secret)
        check(json.loads(body)["status"] == "succeeded", "status")
    finally:
        receiver.close()


def _status_of(call: Any) -> int | None:
    try:
        call()
    except ReplicateError as exc:
        return int(exc.status)
    return None


@flow
def error_401() -> None:
    wrong = replicate.Client(api_token="r8_wrong", base_url=ORIGIN)
    check(_status_of(lambda: wrong.models.get("replicate-ext/hello")) == 401, "401")


@flow
def error_404() -> None:
    check(_status_of(lambda: client.models.get("nobody/nothing")) == 404, "404")


@flow
def error_422() -> None:
    status = _status_of(
        lambda: client.models.predictions.create(model="replicate-ext/hello", input={"name": 3})
    )
    check(status == 422, f"status {status}")


@flow
def model_failure() -> None:
    try:
        client.run("replicate-ext/fail", input={"message": "boom"})
    except ModelError as exc:
        check("boom" in str(exc.prediction.error), f"error {exc.prediction.error!r}")
        return
    raise AssertionError("no ModelError")


@flow
async def async_run_get_search() -> None:
    # A client per event loop: 1.0.x keeps its async connection pool on the client.
    client = replicate.Client(api_token=TOKEN, base_url=ORIGIN)
    output = await client.async_run("replicate-ext/hello", input={"name": "async"})
    check(output == "hello async", f"output {output!r}")
    prediction = await client.predictions.async_create(version=VERSION, input={"a": 2})
    await prediction.async_wait()
    check(prediction.output == {"a": 2}, f"output {prediction.output!r}")
    found = (await client.models.async_search("tokens")).results
    check(any(m.name == "tokens" for m in found), f"search {[m.name for m in found]}")


@flow
async def async_stream() -> None:
    client = replicate.Client(api_token=TOKEN, base_url=ORIGIN)
    chunks = [str(e) async for e in await client.async_stream("replicate-ext/tokens")]
    check(len(chunks) > 0, "no output events")


if __name__ == "__main__":
    main()
