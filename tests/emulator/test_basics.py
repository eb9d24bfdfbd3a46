"""Authentication, errors and the small read-only resources."""

from __future__ import annotations

import base64

import httpx
from replicate_emulator import Emulator

from .helpers import TOKEN, checked


def test_missing_token_is_401_problem(anon: httpx.Client) -> None:
    response = checked(anon.get("/account"))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "title": "Unauthenticated",
        "detail": "You did not pass a valid authentication token",
        "status": 401,
    }


def test_wrong_token_is_401_everywhere(anon: httpx.Client) -> None:
    for method, path in [("GET", "/predictions"), ("POST", "/predictions"), ("GET", "/nope")]:
        response = anon.request(method, path, headers={"Authorization": "Bearer r8_wrong"})
        assert response.status_code == 401, (method, path)


def test_token_scheme_is_accepted(anon: httpx.Client) -> None:
    response = anon.get("/account", headers={"Authorization": f"Token {TOKEN}"})
    assert response.status_code == 200


def test_account(api: httpx.Client) -> None:
    account = checked(api.get("/account")).json()
    assert account["type"] == "user"
    assert account["username"] == "emulator"


def test_hardware(api: httpx.Client) -> None:
    skus = [h["sku"] for h in checked(api.get("/hardware")).json()]
    assert "cpu" in skus and "gpu-t4" in skus


def test_collections(api: httpx.Client) -> None:
    page = checked(api.get("/collections")).json()
    slugs = [c["slug"] for c in page["results"]]
    assert "emulator-demos" in slugs
    demos = checked(api.get("/collections/emulator-demos")).json()
    assert "replicate-ext/hello" in [f"{m['owner']}/{m['name']}" for m in demos["models"]]
    assert checked(api.get("/collections/nope")).status_code == 404


def test_search(api: httpx.Client) -> None:
    found = checked(api.get("/search", params={"query": "tokens", "limit": 5})).json()
    assert found["query"] == "tokens"
    assert found["models"][0]["model"]["name"] == "tokens"
    missing = checked(api.get("/search"))
    assert missing.status_code == 400
    assert missing.headers["content-type"] == "application/json"
    assert checked(api.get("/search", params={"query": "x", "limit": 0})).status_code == 400


def test_default_webhook_secret(api: httpx.Client) -> None:
    key = checked(api.get("/webhooks/default/secret")).json()["key"]
    assert key.startswith("whsec_")
    assert len(base64.b64decode(key.removeprefix("whsec_"))) >= 24


def test_unknown_path_and_method(api: httpx.Client) -> None:
    assert checked(api.get("/nope")).status_code == 404
    response = checked(api.put("/account"))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"


def test_trailing_slash_is_tolerated(api: httpx.Client) -> None:
    assert api.get("/account/").status_code == 200


def test_request_log_has_no_credentials(emu: Emulator, api: httpx.Client) -> None:
    before = emu.requests.count("GET", "/v1/hardware")
    api.get("/hardware")
    api.get("/hardware")
    assert emu.requests.count("GET", "/v1/hardware") == before + 2
    method, path, headers = emu.requests[-1]
    assert (method, path) == ("GET", "/v1/hardware")
    assert "authorization" not in headers
