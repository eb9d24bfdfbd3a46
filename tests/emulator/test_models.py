"""Models, versions, READMEs and examples."""

from __future__ import annotations

import httpx
from replicate_emulator import Emulator

from .helpers import checked, version_of, wait_terminal


def test_get_model_with_latest_version(emu: Emulator, api: httpx.Client) -> None:
    model = checked(api.get("/models/replicate-ext/echo")).json()
    assert model["owner"] == "replicate-ext" and model["name"] == "echo"
    assert model["url"] == "https://replicate.com/replicate-ext/echo"
    assert model["is_official"] is False
    latest = model["latest_version"]
    assert latest["id"] == version_of(emu, "replicate-ext/echo")
    assert len(latest["id"]) == 64
    assert set(latest["openapi_schema"]["components"]["schemas"]) >= {"Input", "Output"}
    assert checked(api.get("/models/replicate-ext/nope")).status_code == 404


def test_versions(emu: Emulator, api: httpx.Client) -> None:
    page = checked(api.get("/models/replicate-ext/tokens/versions")).json()
    version = page["results"][0]
    assert version["id"] == version_of(emu, "replicate-ext/tokens")
    output = version["openapi_schema"]["components"]["schemas"]["Output"]
    assert output["x-cog-array-type"] == "iterator"
    one = checked(api.get(f"/models/replicate-ext/tokens/versions/{version['id']}")).json()
    assert one == version
    assert checked(api.get("/models/replicate-ext/tokens/versions/nope")).status_code == 404


def test_official_model_hides_versions(api: httpx.Client) -> None:
    model = checked(api.get("/models/replicate-ext/hello")).json()
    assert model["is_official"] is True
    response = checked(api.get("/models/replicate-ext/hello/versions"))
    assert response.status_code == 404
    assert "official model" in response.json()["detail"]


def test_list_models_sorted(api: httpx.Client) -> None:
    page = checked(api.get("/models")).json()
    names = [f"{m['owner']}/{m['name']}" for m in page["results"]]
    assert {"replicate-ext/hello", "replicate-ext/sleep"} <= set(names)
    asc = checked(
        api.get("/models", params={"sort_by": "model_created_at", "sort_direction": "asc"})
    )
    assert asc.json()["results"][0]["name"] == "hello"
    assert checked(api.get("/models", params={"sort_by": "stars"})).status_code == 400


def test_readme_and_examples(api: httpx.Client) -> None:
    readme = checked(api.get("/models/replicate-ext/hello/readme"))
    assert readme.headers["content-type"].startswith("text/plain")
    assert readme.text.startswith("# hello")
    assert checked(api.get("/models/replicate-ext/echo/readme")).status_code == 404
    examples = checked(api.get("/models/replicate-ext/hello/examples")).json()
    assert examples == {"previous": None, "next": None, "results": []}


def test_create_update_delete_model(api: httpx.Client) -> None:
    body = {
        "owner": "emulator",
        "name": "hot-dog",
        "visibility": "private",
        "hardware": "cpu",
        "description": "Detect hot dogs",
        "github_url": "https://github.com/emulator/hot-dog",
    }
    created = checked(api.post("/models", json=body))
    assert created.status_code == 201
    assert created.json()["latest_version"] is None
    assert checked(api.post("/models", json=body)).status_code == 409
    updated = checked(api.patch("/models/emulator/hot-dog", json={"readme": "# Hot dog"}))
    assert updated.json()["description"] == "Detect hot dogs"
    assert api.get("/models/emulator/hot-dog/readme").text == "# Hot dog"
    assert (
        checked(api.patch("/models/emulator/hot-dog", json={"description": 3})).status_code == 422
    )
    assert checked(api.delete("/models/emulator/hot-dog")).status_code == 204
    assert checked(api.get("/models/emulator/hot-dog")).status_code == 404


def test_create_model_errors(api: httpx.Client) -> None:
    base = {"owner": "emulator", "name": "m", "visibility": "public", "hardware": "cpu"}
    assert checked(api.post("/models", json={**base, "owner": "someone"})).status_code == 403
    assert checked(api.post("/models", json={**base, "visibility": "secret"})).status_code == 422
    assert checked(api.post("/models", json={**base, "hardware": "tpu"})).status_code == 404
    assert checked(api.post("/models", json={"owner": "emulator"})).status_code == 422
    assert checked(api.post("/models", json={**base, "name": "Bad Name"})).status_code == 422


def test_cannot_modify_others_models(api: httpx.Client) -> None:
    assert checked(api.patch("/models/replicate-ext/echo", json={})).status_code == 403
    assert checked(api.delete("/models/replicate-ext/echo")).status_code == 403


def test_delete_version_then_model(emu: Emulator, api: httpx.Client) -> None:
    body = {"owner": "emulator", "name": "versioned", "visibility": "private", "hardware": "cpu"}
    api.post("/models", json=body)
    training = api.post(
        f"/models/replicate-ext/echo/versions/{version_of(emu, 'replicate-ext/echo')}/trainings",
        json={"destination": "emulator/versioned", "input": {"steps": 1}},
    ).json()
    assert wait_terminal(api, training)["status"] == "succeeded"
    assert checked(api.delete("/models/emulator/versioned")).status_code == 400
    version = api.get("/models/emulator/versioned").json()["latest_version"]["id"]
    assert checked(api.delete(f"/models/emulator/versioned/versions/{version}")).status_code == 202
    assert checked(api.get(f"/models/emulator/versioned/versions/{version}")).status_code == 404
    assert checked(api.delete("/models/emulator/versioned")).status_code == 204


def test_query_models_searches_with_a_plain_text_body(api: httpx.Client) -> None:
    """``QUERY /v1/models``: the body is the query (the official clients' models.search)."""
    text = {"content-type": "text/plain"}
    found = checked(api.request("QUERY", "/models", content=b"streams tokens", headers=text))
    assert found.status_code == 200
    results = found.json()["results"]
    assert results[0]["owner"] == "replicate-ext"
    assert results[0]["name"] == "tokens"
    assert set(found.json()) == {"next", "previous", "results"}
    # The 2.x Python client sends the query JSON-encoded, the JavaScript client too (as text).
    as_json = checked(api.request("QUERY", "/models", json="streams tokens"))
    assert as_json.json()["results"] == results
    quoted = api.request("QUERY", "/models", content=b'"streams tokens"', headers=text)
    assert checked(quoted).json()["results"] == results
    nothing = checked(api.request("QUERY", "/models", content=b"zzqx", headers=text))
    assert nothing.json()["results"] == []
    for body, headers in ((b"  ", text), (b"[1]", {"content-type": "application/json"})):
        refused = checked(api.request("QUERY", "/models", content=body, headers=headers))
        assert refused.status_code == 400


def test_models_path_allows_query_too(api: httpx.Client) -> None:
    refused = checked(api.put("/models"))
    assert refused.status_code == 405
    assert refused.headers["allow"] == "GET, POST, QUERY"
