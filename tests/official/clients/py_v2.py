"""Everyday flows of the official Python client's newest 2.x pre-release (see harness)."""

from __future__ import annotations

import io
import json
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import replicate
from official.clients.harness import BASE_URL, FIXTURES, TOKEN, WebhookReceiver, check, flow, main
from replicate import APIStatusError
from replicate.exceptions import ModelError
from replicate.lib._files import FileOutput

client = replicate.Replicate(bearer_token=TOKEN, base_url=BASE_URL)
VERSION = FIXTURES["version"]
OWNER, NAME = FIXTURES["deployment"].split("/")
TERMINAL = ("succeeded", "failed", "canceled")


@flow
def run_official_model() -> None:
    check(client.run("replicate-ext/hello", input={"name": "v2"}) == "hello v2", "output")


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
    created = client.deployments.predictions.create(
        deployment_owner=OWNER, deployment_name=NAME, input={"a": 1}
    )
    prediction = client.predictions.wait(created.id)
    check(prediction.status == "succeeded" and prediction.output == {"a": 1}, prediction.status)


@flow
def predictions_create_get_wait_list() -> None:
    prediction = client.predictions.create(version=VERSION, input={"n": 1})
    check(client.predictions.get(prediction_id=prediction.id).id == prediction.id, "get")
    done = client.predictions.wait(prediction.id)
    check(done.status == "succeeded" and done.output == {"n": 1}, f"{done.status} {done.output}")
    check(any(p.id == prediction.id for p in client.predictions.list()), "list")


@flow
def predictions_cancel() -> None:
    prediction = client.models.predictions.create(
        model_owner="replicate-ext", model_name="sleep", input={"seconds": 30}
    )
    client.predictions.cancel(prediction_id=prediction.id)
    check(client.predictions.wait(prediction.id).status == "canceled", "not canceled")


@flow
def pagination() -> None:
    for i in range(3):
        client.predictions.create(version=VERSION, input={"page": i})
    ids = [p.id for p in client.predictions.list()]  # auto-pagination across pages
    check(len(ids) >= 3 and len(set(ids)) == len(ids), f"{len(ids)} ids")


@flow
def stream_output() -> None:
    # stream() is deprecated for use(streaming=True); the module-level use() reads the
    # environment (REPLICATE_API_TOKEN, REPLICATE_BASE_URL).
    tokens = replicate.use("replicate-ext/tokens", streaming=True)
    chunks = list(tokens(count=3, prompt="ab"))
    check(len(chunks) == 3, f"chunks {chunks!r}")


@flow
def client_use_method() -> None:
    tokens = client.use("replicate-ext/tokens", streaming=True)
    chunks = list(tokens(count=3, prompt="ab"))
    check(len(chunks) == 3, f"chunks {chunks!r}")


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
    created = client.files.create(content=b"data", filename="d.txt", metadata={"run": 7})
    # The 2.x client sends metadata as bracketed form fields: their values are text.
    check(created.metadata == {"run": "7"}, f"metadata {created.metadata}")
    check(client.files.get(file_id=created.id).id == created.id, "get")
    check(any(f.id == created.id for f in client.files.list()), "list")
    signed = parse_qs(urlsplit(str(created.urls.get)).query)
    content = client.files.download(
        file_id=created.id,
        owner=signed["owner"][0],
        expiry=int(signed["expiry"][0]),
        signature=signed["signature"][0],
    ).read()
    check(content == b"data", f"download {content!r}")
    client.files.delete(file_id=created.id)


@flow
def models_versions_collections_search() -> None:
    model = client.models.get(model_owner="replicate-ext", model_name="echo")
    check(model.latest_version is not None and model.latest_version.id == VERSION, "latest")
    versions = client.models.versions.list(model_owner="replicate-ext", model_name="echo")
    check(any(v.id == VERSION for v in versions), "versions")
    check(any(True for _ in client.models.list()), "list")
    slug = next(iter(client.collections.list())).slug
    check(client.collections.get(collection_slug=slug).slug == slug, "collection")
    found = list(client.models.search(body="streams tokens"))
    check(bool(found) and found[0].name == "tokens", f"search {[m.name for m in found]}")


@flow
def account_and_hardware() -> None:
    check(client.account.get().username == "emulator", "account")
    check(any(h.sku == "cpu" for h in client.hardware.list()), "hardware")


def _train(steps: int) -> Any:
    return client.trainings.create(
        model_owner="replicate-ext",
        model_name="echo",
        version_id=VERSION,
        destination=FIXTURES["destination"],
        input={"steps": steps},
    )


@flow
def trainings() -> None:
    training = _train(steps=1)
    while training.status not in TERMINAL:
        time.sleep(0.05)
        training = client.trainings.get(training_id=training.id)
    check(training.status == "succeeded", training.status)
    check(any(t.id == training.id for t in client.trainings.list()), "list")
    other = _train(steps=50)
    canceled = client.trainings.cancel(training_id=other.id)
    check(canceled.status in ("canceled", "canceling"), "cancel")


@flow
def webhooks() -> None:
    # 2.x has no webhook validation helper: the delivery and the secret are checked.
    receiver = WebhookReceiver()
    try:
        client.predictions.create(
            version=VERSION,
            input={"hook": 1},
            webhook=receiver.url,
            webhook_events_filter=["completed"],
        )
        headers, body = receiver.next()
        secret = client.webhooks.default.secret.get()
        check(str(secret.key).startswith("whsec_"), "secret")
        check("webhook-signature" in {k.lower() for k in headers}, "unsigned")
        check(json.loads(body)["status"] == "succeeded", "status")
    finally:
        receiver.close()


def _status_of(call: Any) -> int | None:
    try:
        call()
    except APIStatusError as exc:
        return int(exc.status_code)
    return None


@flow
def error_401() -> None:
    wrong = replicate.Replicate(bearer_token="r8_wrong", base_url=BASE_URL)
    status = _status_of(lambda: wrong.models.get(model_owner="replicate-ext", model_name="hello"))
    check(status == 401, f"status {status}")


@flow
def error_404() -> None:
    status = _status_of(lambda: client.models.get(model_owner="nobody", model_name="nothing"))
    check(status == 404, f"status {status}")


@flow
def error_422() -> None:
    status = _status_of(
        lambda: client.models.predictions.create(
            model_owner="replicate-ext", model_name="hello", input={"name": 3}
        )
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
    aclient = replicate.AsyncReplicate(bearer_token=TOKEN, base_url=BASE_URL)
    output = await aclient.run("replicate-ext/hello", input={"name": "async"})
    check(output == "hello async", f"output {output!r}")
    prediction = await aclient.predictions.create(version=VERSION, input={"a": 2})
    done = await aclient.predictions.wait(prediction.id)
    check(done.output == {"a": 2}, f"output {done.output!r}")
    found = [m.name async for m in aclient.models.search(body="tokens")]
    check("tokens" in found, f"search {found}")
    await aclient.close()


@flow
async def async_stream() -> None:
    aclient = replicate.AsyncReplicate(bearer_token=TOKEN, base_url=BASE_URL)
    stream = await aclient.stream("replicate-ext/tokens", input={"count": 2})
    chunks = [c async for c in stream]
    check(len(chunks) == 2, f"chunks {chunks!r}")
    await aclient.close()


if __name__ == "__main__":
    main()
