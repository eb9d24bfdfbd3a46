"""The baseline: plain ``httpx`` calls plus ``json.loads``, what a careful user would write."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import httpx

LABEL = "raw httpx"
IMPORT = "import httpx"
TERMINAL = frozenset({"succeeded", "failed", "canceled", "aborted"})


def _interval() -> float:
    return float(os.environ.get("REPLICATE_POLL_INTERVAL", "0.5"))


def _headers(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def client(origin: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=origin, headers=_headers(token), timeout=90)


def close(c: httpx.Client) -> None:
    c.close()


def get(c: httpx.Client, pid: str) -> Any:
    return json.loads(c.get(f"/v1/predictions/{pid}").content)


def _create(model: str, inp: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"url": f"/v1/models/{model}/predictions", "json": {"input": inp, **extra}}


def run(c: httpx.Client, model: str, inp: dict[str, Any]) -> Any:
    p = json.loads(c.post(**_create(model, inp), headers={"Prefer": "wait"}).content)
    while p["status"] not in TERMINAL:
        time.sleep(_interval())
        p = json.loads(c.get(p["urls"]["get"]).content)
    return p["output"]


def stream(c: httpx.Client, model: str, inp: dict[str, Any]) -> Iterator[str]:
    p = json.loads(c.post(**_create(model, inp, stream=True)).content)
    headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
    with c.stream("GET", p["urls"]["stream"], headers=headers) as response:
        event = ""
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "output":
                yield line[5:].strip()
            elif event == "done":
                return


def items(c: httpx.Client) -> Iterator[Any]:
    url: str | None = "/v1/predictions"
    while url:
        page = json.loads(c.get(url).content)
        yield from page["results"]
        url = page["next"]


def save(c: httpx.Client, output: Any, path: str) -> None:
    with c.stream("GET", str(output)) as response, open(path, "wb") as f:
        for chunk in response.iter_bytes():
            f.write(chunk)


def aclient(origin: str, token: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=origin, headers=_headers(token), timeout=90)


async def arun(c: httpx.AsyncClient, model: str, inp: dict[str, Any]) -> Any:
    p = json.loads((await c.post(**_create(model, inp), headers={"Prefer": "wait"})).content)
    while p["status"] not in TERMINAL:
        await asyncio.sleep(_interval())
        p = json.loads((await c.get(p["urls"]["get"])).content)
    return p["output"]


async def aclose(c: httpx.AsyncClient) -> None:
    await c.aclose()
