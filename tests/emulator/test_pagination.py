"""Cursor pagination: newest first, absolute next/previous URLs, stable under inserts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN, checked


@pytest.fixture(scope="module")
def small_pages() -> Iterator[Emulator]:
    with Emulator(token=TOKEN, page_size=2, boot_time=0) as emulator:
        yield emulator


def _pages(client: httpx.Client, url: str) -> list[dict[str, Any]]:
    pages = []
    next_url: str | None = url
    while next_url:
        page = checked(client.get(next_url)).json()
        pages.append(page)
        next_url = page["next"]
    return pages


def test_walk_forward_and_back(small_pages: Emulator) -> None:
    with httpx.Client(base_url=small_pages.base_url, headers=AUTH) as client:
        ids = [
            client.post(
                "/models/replicate-ext/hello/predictions", json={"input": {"name": str(i)}}
            ).json()["id"]
            for i in range(5)
        ]
        pages = _pages(client, f"{small_pages.base_url}/predictions")
        assert [p["id"] for page in pages for p in page["results"]] == ids[::-1]
        assert [len(page["results"]) for page in pages] == [2, 2, 1]
        assert pages[0]["previous"] is None
        assert pages[1]["next"].startswith(f"{small_pages.base_url}/predictions?cursor=")
        # A new prediction does not shift the second page.
        newer = client.post("/models/replicate-ext/hello/predictions", json={"input": {}}).json()
        assert checked(client.get(pages[0]["next"])).json()["results"] == pages[1]["results"]
        back = checked(client.get(pages[2]["previous"])).json()
        assert [p["id"] for p in back["results"]] == [p["id"] for p in pages[1]["results"]]
        first = checked(client.get(back["previous"])).json()
        assert [p["id"] for p in first["results"]] == ids[::-1][:2]
        assert first["previous"] is not None  # the newer prediction is before it now
        top = checked(client.get(first["previous"])).json()
        assert [p["id"] for p in top["results"]] == [newer["id"]]


def test_filters_are_kept_in_cursor_urls(small_pages: Emulator) -> None:
    with httpx.Client(base_url=small_pages.base_url, headers=AUTH) as client:
        for _ in range(3):
            client.post("/models/replicate-ext/hello/predictions", json={"input": {}})
        page = client.get("/predictions", params={"created_after": "2000-01-01T00:00:00Z"}).json()
        assert "created_after=2000-01-01T00%3A00%3A00Z" in page["next"]


def test_other_lists_paginate(small_pages: Emulator) -> None:
    with httpx.Client(base_url=small_pages.base_url, headers=AUTH) as client:
        pages = _pages(client, f"{small_pages.base_url}/models")
        assert sum(len(p["results"]) for p in pages) == len(small_pages.core.store.models)
        assert len(_pages(client, f"{small_pages.base_url}/collections")) == 2


def test_invalid_cursor(small_pages: Emulator) -> None:
    with httpx.Client(base_url=small_pages.base_url, headers=AUTH) as client:
        for cursor in ("garbage", "eyJ4IjoxfQ"):
            response = checked(client.get("/predictions", params={"cursor": cursor}))
            assert response.status_code == 400
