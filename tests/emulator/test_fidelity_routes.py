"""Fidelity to the real API (issue 13): trainings answer as predictions; signed downloads only."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import checked, version_of, wait_for


@pytest.fixture
def destination(api: httpx.Client) -> str:
    name = "fidelity-target"
    if api.get(f"/models/emulator/{name}").status_code == 404:
        body = {"owner": "emulator", "name": name, "visibility": "public", "hardware": "gpu-t4"}
        assert api.post("/models", json=body).status_code == 201
    return f"emulator/{name}"


def as_training(response: httpx.Response) -> httpx.Response:
    """Validate a ``/predictions/{id}`` answer for a training as the trainings endpoint's."""
    url = response.request.url
    path = url.path.replace("/predictions/", "/trainings/", 1)
    request = httpx.Request(response.request.method, url.copy_with(path=path))
    copy = httpx.Response(
        response.status_code, headers=response.headers, content=response.content, request=request
    )
    return checked(copy)


def _train(emu: Emulator, api: httpx.Client, destination: str, steps: int) -> dict[str, object]:
    base = version_of(emu, "replicate-ext/echo")
    url = f"/models/replicate-ext/echo/versions/{base}/trainings"
    response = api.post(url, json={"destination": destination, "input": {"steps": steps}})
    assert response.status_code == 201
    training: dict[str, object] = response.json()
    return training


def test_training_is_reachable_as_a_prediction(
    emu: Emulator, api: httpx.Client, destination: str
) -> None:
    # The official JavaScript client's wait() polls /predictions/{id} for a training too.
    training = _train(emu, api, destination, 2)
    as_prediction = as_training(api.get(f"/predictions/{training['id']}"))
    assert as_prediction.status_code == 200
    assert as_prediction.json()["id"] == training["id"]
    wait_for(
        lambda: "completed_at" in as_training(api.get(f"/predictions/{training['id']}")).json()
    )
    final = as_training(api.get(f"/predictions/{training['id']}")).json()
    assert final["status"] == "succeeded"
    assert final == checked(api.get(f"/trainings/{training['id']}")).json()
    assert checked(api.get("/predictions/no-such-id")).status_code == 404


def test_training_is_cancelable_as_a_prediction(
    emu: Emulator, api: httpx.Client, destination: str
) -> None:
    slow = _train(emu, api, destination, 1000)
    wait_for(lambda: api.get(f"/trainings/{slow['id']}").json()["status"] == "processing")
    canceled = as_training(api.post(f"/predictions/{slow['id']}/cancel"))
    assert canceled.status_code == 200
    assert canceled.json()["status"] == "canceled"
    assert checked(api.get(f"/trainings/{slow['id']}")).json()["status"] == "canceled"
    assert checked(api.post("/predictions/no-such-id/cancel")).status_code == 404


def test_download_needs_its_signature_even_with_a_token(
    api: httpx.Client, anon: httpx.Client
) -> None:
    files = {"content": ("hello.txt", b"hello", "text/plain")}
    info = checked(api.post("/files", files=files)).json()
    signed = info["urls"]["get"]
    assert checked(anon.get(signed)).content == b"hello"
    bare = signed.split("?")[0]
    query = dict(parse_qsl(urlsplit(signed).query))
    for client in (api, anon):
        refused = checked(client.get(bare))
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.content != b"hello"
        assert "signature" in refused.json()["detail"]
        for left_out in query:
            partial = {k: v for k, v in query.items() if k != left_out}
            response = checked(client.get(bare, params=partial))
            assert response.status_code == 401
            assert left_out in response.json()["detail"]
        tampered = checked(
            client.get(bare, params={**query, "signature": "x" + query["signature"]})
        )
        assert tampered.status_code == 404
        expired = checked(client.get(bare, params={**query, "expiry": "1"}))
        assert expired.status_code == 404
        foreign = checked(client.get(bare, params={**query, "owner": "someone-else"}))
        assert foreign.status_code == 404
