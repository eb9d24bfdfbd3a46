"""State in a data directory survives a restart."""

from __future__ import annotations

from pathlib import Path

import httpx
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN, checked, version_of


def test_state_survives_restart(tmp_path: Path) -> None:
    with (
        Emulator(token=TOKEN, data_dir=tmp_path) as first,
        httpx.Client(base_url=first.base_url, headers=AUTH) as client,
    ):
        prediction = client.post(
            "/models/replicate-ext/image/predictions",
            json={"input": {"width": 2, "height": 2}},
            headers={"Prefer": "wait"},
        ).json()
        running = client.post(
            "/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 60}}
        ).json()
        upload = client.post("/files", files={"content": ("a.txt", b"hello")}).json()
        client.post(
            "/models",
            json={
                "owner": "emulator",
                "name": "kept",
                "visibility": "private",
                "hardware": "cpu",
            },
        )
        client.post(
            "/deployments",
            json={
                "name": "dep",
                "model": "replicate-ext/echo",
                "version": version_of(first, "replicate-ext/echo"),
                "hardware": "cpu",
                "min_instances": 0,
                "max_instances": 1,
            },
        )
        secret = client.get("/webhooks/default/secret").json()["key"]

    with (
        Emulator(token=TOKEN, data_dir=tmp_path) as second,
        httpx.Client(base_url=second.base_url, headers=AUTH) as client,
    ):
        again = checked(client.get(f"/predictions/{prediction['id']}")).json()
        assert again["status"] == "succeeded"
        assert again["output"] == prediction["output"]
        # Output URLs keep the origin they were created with; the port may have changed.
        moved = again["output"].replace(first.config.origin, second.config.origin)
        image = httpx.get(moved)
        assert image.content.startswith(b"\x89PNG")
        interrupted = checked(client.get(f"/predictions/{running['id']}")).json()
        assert interrupted["status"] == "failed"
        listed = [p["id"] for p in client.get("/predictions").json()["results"]]
        assert listed[:2] == [running["id"], prediction["id"]]
        assert (
            checked(client.get(f"/files/{upload['id']}")).json()["checksums"] == upload["checksums"]
        )
        # The signed URL (and its signing secret) survive the restart too.
        download = client.get(
            upload["urls"]["get"].replace(first.config.origin, second.config.origin)
        )
        assert download.content == b"hello"
        assert client.get("/models/emulator/kept").status_code == 200
        assert client.get("/deployments/emulator/dep").status_code == 200
        assert client.get("/webhooks/default/secret").json()["key"] == secret
        new = client.post("/models/replicate-ext/hello/predictions", json={"input": {}}).json()
        assert client.get("/predictions").json()["results"][0]["id"] == new["id"]


def test_memory_mode_forgets() -> None:
    with Emulator(token=TOKEN) as first, httpx.Client(base_url=first.base_url, headers=AUTH) as c:
        c.post("/models/replicate-ext/hello/predictions", json={"input": {}})
    with Emulator(token=TOKEN) as second, httpx.Client(base_url=second.base_url, headers=AUTH) as c:
        assert c.get("/predictions").json()["results"] == []
