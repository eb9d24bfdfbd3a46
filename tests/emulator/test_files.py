"""Files: multipart upload, checksums, signed downloads, list, get, delete, size limit."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import httpx
from replicate_emulator import Emulator

from .helpers import checked

CONTENT = b"PK\x03\x04 not really a zip"


def _upload(api: httpx.Client, **extra: str) -> httpx.Response:
    data = {"metadata": json.dumps({"customer_reference_id": 123}), **extra}
    files = {"content": ("example.zip", CONTENT, "application/zip")}
    return checked(api.post("/files", files=files, data=data))


def test_upload_get_download_delete(api: httpx.Client, anon: httpx.Client) -> None:
    created = _upload(api)
    assert created.status_code == 201
    info = created.json()
    assert info["name"] == "example.zip"
    assert info["content_type"] == "application/zip"
    assert info["size"] == len(CONTENT)
    assert info["checksums"]["sha256"] == hashlib.sha256(CONTENT).hexdigest()
    assert info["checksums"]["md5"] == hashlib.md5(CONTENT).hexdigest()  # noqa: S324
    assert info["metadata"] == {"customer_reference_id": 123}
    assert info["expires_at"] > info["created_at"]
    url = info["urls"]["get"]
    query = parse_qs(urlsplit(url).query)
    assert set(query) == {"owner", "expiry", "signature"}
    assert query["owner"] == ["emulator"]

    download = checked(anon.get(url))
    assert download.status_code == 200
    assert download.content == CONTENT
    assert download.headers["content-type"] == "application/octet-stream"

    tampered = url.replace("signature=", "signature=x")
    assert checked(anon.get(tampered)).status_code == 404
    expired = url.replace(f"expiry={query['expiry'][0]}", "expiry=1")
    assert checked(anon.get(expired)).status_code == 404
    unsigned = url.split("?")[0]
    assert checked(anon.get(unsigned)).status_code == 401
    assert checked(api.get(unsigned)).status_code == 401

    assert checked(api.get(f"/files/{info['id']}")).json() == info
    listed = checked(api.get("/files")).json()["results"]
    assert listed[0]["id"] == info["id"]
    assert checked(api.delete(f"/files/{info['id']}")).status_code == 204
    assert checked(api.get(f"/files/{info['id']}")).status_code == 404
    assert checked(api.delete(f"/files/{info['id']}")).status_code == 404
    assert checked(anon.get(url)).status_code == 404


def test_upload_fields_override(api: httpx.Client) -> None:
    info = _upload(api, filename="renamed.bin", type="application/x-custom").json()
    assert (info["name"], info["content_type"]) == ("renamed.bin", "application/x-custom")


def test_upload_errors(emu: Emulator, api: httpx.Client) -> None:
    assert (
        checked(api.post("/files", data={"metadata": "{}"}, files={"x": b"1"})).status_code == 422
    )
    bad = api.post("/files", files={"content": ("a", b"1")}, data={"metadata": "[1]"})
    assert checked(bad).status_code == 422
    assert checked(api.post("/files", json={"content": "x"})).status_code == 415
    emu.config.max_file_size = 4
    try:
        too_big = checked(api.post("/files", files={"content": ("a", b"12345")}))
        assert too_big.status_code == 413
        assert too_big.headers["content-type"] == "application/problem+json"
    finally:
        emu.config.max_file_size = 100 * 1024 * 1024


def _metadata(api: httpx.Client, files: list[tuple[str, object]]) -> httpx.Response:
    parts = [("content", ("a.txt", b"hi", "text/plain")), *files]
    return checked(api.post("/files", files=parts))  # type: ignore[arg-type]


def test_metadata_as_a_json_file_part(api: httpx.Client) -> None:
    """The JavaScript client appends metadata as a Blob: a file part of type application/json."""
    part = ("metadata", ("blob", b'{"customer_reference_id": 123}', "application/json"))
    created = _metadata(api, [part])
    assert created.status_code == 201
    assert created.json()["metadata"] == {"customer_reference_id": 123}


def test_metadata_as_bracketed_fields(api: httpx.Client) -> None:
    """The 2.x Python client flattens a dict into metadata[k]=v fields: form values are text."""
    fields: list[tuple[str, object]] = [
        ("metadata[customer_reference_id]", (None, b"123")),
        ("metadata[owner][name]", (None, b"ada")),
        ("metadata[tags][]", (None, b"a")),
        ("metadata[tags][]", (None, b"b")),
    ]
    created = _metadata(api, fields)
    assert created.status_code == 201
    assert created.json()["metadata"] == {
        "customer_reference_id": "123",
        "owner": {"name": "ada"},
        "tags": ["a", "b"],
    }


def test_metadata_that_cannot_be_read_is_refused_with_a_reason(api: httpx.Client) -> None:
    cases: dict[str, list[tuple[str, object]]] = {
        "must be valid JSON": [("metadata", ("blob", b"{nope", "application/json"))],
        "must be a JSON object": [("metadata", (None, b"[1]"))],
        "send one of the two": [("metadata", (None, b"{}")), ("metadata[a]", (None, b"1"))],
        "metadata fields look like": [("metadata[a", (None, b"1"))],
        "conflicts": [("metadata[a]", (None, b"1")), ("metadata[a][b]", (None, b"2"))],
        "sent twice": [("metadata[a]", (None, b"1")), ("metadata[a]", (None, b"2"))],
        "Unknown field 'meta'": [("meta", (None, b"{}"))],
    }
    for reason, parts in cases.items():
        refused = _metadata(api, parts)
        assert refused.status_code == 422, reason
        assert reason in refused.json()["detail"]


def test_a_model_function_gets_a_file_input_as_a_url(emu: Emulator, api: httpx.Client) -> None:
    """What docs/emulator.md promises: a file input reaches the function as a URL string."""

    def size(inp: dict[str, object]) -> int:
        url = str(inp["file"])
        return len(httpx.get(url).content)  # a signed download URL: no token needed

    emu.add_model("acme/file-size", size, replace=True)
    upload = _upload(api).json()
    created = api.post(
        "/models/acme/file-size/predictions",
        json={"input": {"file": upload["urls"]["get"]}},
        headers={"Prefer": "wait"},
    )
    assert checked(created).json()["output"] == len(CONTENT)
