"""Trainings (which add versions to their destination) and deployments."""

from __future__ import annotations

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import checked, version_of, wait_for, wait_terminal


@pytest.fixture
def destination(api: httpx.Client) -> str:
    name = "fine-tuned"
    if api.get(f"/models/emulator/{name}").status_code == 404:
        body = {"owner": "emulator", "name": name, "visibility": "public", "hardware": "gpu-t4"}
        assert api.post("/models", json=body).status_code == 201
    return f"emulator/{name}"


def test_training_creates_a_version(
    emu: Emulator, api: httpx.Client, anon: httpx.Client, destination: str
) -> None:
    base = version_of(emu, "replicate-ext/tokens")
    response = checked(
        api.post(
            f"/models/replicate-ext/tokens/versions/{base}/trainings",
            json={"destination": destination, "input": {"steps": 2}},
        )
    )
    assert response.status_code == 201
    training = response.json()
    assert training["status"] == "starting"
    assert training["urls"]["get"] == f"{emu.base_url}/trainings/{training['id']}"
    done = wait_terminal(api, training)
    assert done["status"] == "succeeded"
    assert "Training step 2/2" in done["logs"]
    new_version = done["output"]["version"]
    assert new_version.startswith(f"{destination}:")
    assert anon.get(done["output"]["weights"]).status_code == 200
    latest = checked(api.get(f"/models/{destination}")).json()["latest_version"]
    assert f"{destination}:{latest['id']}" == new_version
    run = api.post(
        "/predictions",
        json={"version": new_version, "input": {"count": 2}},
        headers={"Prefer": "wait"},
    ).json()
    assert run["status"] == "succeeded" and run["output"] == ["hello", " world"]
    listed = checked(api.get("/trainings")).json()["results"]
    assert listed[0]["id"] == training["id"]
    assert checked(api.get(f"/trainings/{training['id']}")).json()["id"] == training["id"]


def test_training_cancel_and_failure(emu: Emulator, api: httpx.Client, destination: str) -> None:
    base = version_of(emu, "replicate-ext/echo")
    url = f"/models/replicate-ext/echo/versions/{base}/trainings"
    slow = api.post(url, json={"destination": destination, "input": {"steps": 1000}}).json()
    wait_for(lambda: api.get(slow["urls"]["get"]).json()["status"] == "processing")
    canceled = checked(api.post(f"/trainings/{slow['id']}/cancel"))
    assert canceled.json()["status"] == "canceled"
    failing = api.post(url, json={"destination": destination, "input": {"steps": 1, "fail": True}})
    failed = wait_terminal(api, failing.json())
    assert failed["status"] == "failed" and "diverged" in failed["error"]


def test_training_errors(emu: Emulator, api: httpx.Client, destination: str) -> None:
    base = version_of(emu, "replicate-ext/echo")
    url = f"/models/replicate-ext/echo/versions/{base}/trainings"
    assert (
        checked(api.post(url, json={"destination": "emulator/missing", "input": {}})).status_code
        == 404
    )
    assert (
        checked(api.post(url, json={"destination": "replicate-ext/hello", "input": {}})).status_code
        == 403
    )
    assert checked(api.post(url, json={"input": {}})).status_code == 422
    bad_version = "/models/replicate-ext/echo/versions/nope/trainings"
    assert (
        checked(api.post(bad_version, json={"destination": destination, "input": {}})).status_code
        == 404
    )
    assert checked(api.get("/trainings/nope")).status_code == 404


def test_deployment_crud_and_predictions(emu: Emulator, api: httpx.Client) -> None:
    version = version_of(emu, "replicate-ext/tokens")
    body = {
        "name": "my-tokens",
        "model": "replicate-ext/tokens",
        "version": version,
        "hardware": "gpu-t4",
        "min_instances": 0,
        "max_instances": 2,
    }
    created = checked(api.post("/deployments", json=body))
    assert created.status_code == 200
    dep = created.json()
    assert dep["owner"] == "emulator"
    assert dep["current_release"]["number"] == 1
    assert dep["current_release"]["configuration"] == {
        "hardware": "gpu-t4",
        "min_instances": 0,
        "max_instances": 2,
    }
    assert checked(api.post("/deployments", json=body)).status_code == 409
    updated = checked(
        api.patch("/deployments/emulator/my-tokens", json={"max_instances": 5})
    ).json()
    assert updated["current_release"]["number"] == 2
    assert updated["current_release"]["configuration"]["max_instances"] == 5
    assert checked(api.get("/deployments/emulator/my-tokens")).json() == updated
    assert "my-tokens" in [d["name"] for d in checked(api.get("/deployments")).json()["results"]]

    prediction = checked(
        api.post(
            "/deployments/emulator/my-tokens/predictions",
            json={"input": {"count": 1}},
            headers={"Prefer": "wait"},
        )
    ).json()
    assert prediction["deployment"] == "emulator/my-tokens"
    assert prediction["version"] == version
    assert prediction["output"] == ["hello"]

    assert checked(api.delete("/deployments/emulator/my-tokens")).status_code == 204
    assert checked(api.get("/deployments/emulator/my-tokens")).status_code == 404
    gone = api.post("/deployments/emulator/my-tokens/predictions", json={"input": {}})
    assert checked(gone).status_code == 404


def test_deployment_errors(emu: Emulator, api: httpx.Client) -> None:
    version = version_of(emu, "replicate-ext/echo")
    base = {
        "name": "d",
        "model": "replicate-ext/echo",
        "version": version,
        "hardware": "cpu",
        "min_instances": 0,
        "max_instances": 1,
    }
    assert checked(api.post("/deployments", json={**base, "max_instances": 21})).status_code == 422
    assert checked(api.post("/deployments", json={**base, "min_instances": 2})).status_code == 422
    assert checked(api.post("/deployments", json={**base, "version": "0" * 64})).status_code == 404
    assert checked(api.post("/deployments", json={**base, "hardware": "tpu"})).status_code == 404
    assert checked(api.post("/deployments", json={"name": "d"})).status_code == 422
    assert checked(api.patch("/deployments/emulator/nope", json={})).status_code == 404
