"""Paging links, both ways: the next-page cursor is read from a same-origin link without parsing
the URL, with the same answers as a full parse and the same refusals (other origins, no cursor,
a repeated cursor); query parameters written into the URL give the URL httpx would build."""

from __future__ import annotations

import weakref
from types import SimpleNamespace

import httpx
import pytest

from replicate_ext._requests import RequestBuilder
from replicate_ext.config import resolve_config
from replicate_ext.errors import ResponseDecodeError
from replicate_ext.pagination import AsyncPaginator, Page, Paginator, next_cursor

ORIGIN = "https://api.replicate.com"


def cursor_of(link: str | None, seen: set[str] | None = None) -> str | None:
    return next_cursor(SimpleNamespace(next=link), ORIGIN, set() if seen is None else seen)


@pytest.mark.parametrize(
    "link",
    [
        f"{ORIGIN}/v1/predictions?cursor=abc",
        f"{ORIGIN}/v1/predictions?source=web&cursor=c%2Fd%3D&cursor=second",
        f"{ORIGIN}/v1/predictions?cursor=a+b",
        f"{ORIGIN}/v1/predictions?cursor=x#fragment?cursor=y",
        f"{ORIGIN}?cursor=top",
        "https://API.replicate.com:443/v1/predictions?cursor=normalized",
        "/v1/predictions?cursor=relative",
    ],
)
def test_cursor_is_what_a_full_url_parse_gives(link: str) -> None:
    expected = httpx.URL(link).params.get("cursor")
    assert expected
    assert cursor_of(link) == expected


@pytest.mark.parametrize(
    "link",
    [
        "https://api.replicate.com.evil.example/v1/predictions?cursor=a",
        "https://api.replicate.com@evil.example/v1/predictions?cursor=a",
        "https://api.replicate.com:8443/v1/predictions?cursor=a",
        "http://api.replicate.com/v1/predictions?cursor=a",
        "https://evil.example/v1/predictions?next=https://api.replicate.com/&cursor=a",
    ],
)
def test_links_to_another_origin_are_refused(link: str) -> None:
    with pytest.raises(ResponseDecodeError, match="another host"):
        cursor_of(link)


@pytest.mark.parametrize(
    "link",
    [
        f"{ORIGIN}/v1/predictions",
        f"{ORIGIN}/v1/predictions?cursor=",
        f"{ORIGIN}/v1/predictions?cursors=a",
        f"{ORIGIN}/v1/predictions#?cursor=a",
    ],
)
def test_a_link_without_a_cursor_is_refused(link: str) -> None:
    with pytest.raises(ResponseDecodeError, match="no cursor"):
        cursor_of(link)


def test_a_repeated_cursor_is_refused_and_the_last_page_has_none() -> None:
    seen: set[str] = set()
    assert cursor_of(f"{ORIGIN}/v1/predictions?cursor=a", seen) == "a"
    with pytest.raises(ResponseDecodeError, match="repeats"):
        cursor_of(f"{ORIGIN}/v1/models?cursor=a", seen)
    assert cursor_of(None) is None and cursor_of("") is None


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "a b/c=d&e"},
        {"created_after": "2025-01-01T00:00:00+00:00", "source": "web", "cursor": "\u00fc"},
        {"cursor": ""},
        {"limit": 3, "cursor": "x"},  # not all text: httpx merges them
        {"flag": True},
    ],
)
def test_query_parameters_give_the_url_httpx_builds(params: dict[str, str | int | bool]) -> None:
    builder = RequestBuilder(resolve_config("r8_x", base_url=f"{ORIGIN}/v1"), None)
    request = builder.build("GET", "/predictions", params=params)
    assert request.url == httpx.Request("GET", f"{ORIGIN}/v1/predictions", params=params).url
    with httpx.Client(params={"default": "1"}) as own:  # a caller's client merges its own
        merged = RequestBuilder(builder.config, own).build("GET", "/predictions", params=params)
        assert merged.url == own.build_request("GET", f"{ORIGIN}/v1/predictions", params=params).url


class Item:
    """A result that can be watched (weakref) to see when nothing holds it any more."""


class Pages:
    """A list operation of ``count`` pages of two items; each fetch records whether the items
    made so far are still held by something (the paginator) at that moment."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.made: list[weakref.ref[Item]] = []
        self.held_at_fetch: list[int] = []

    def __call__(self, cursor: str | None = None) -> Page[Item]:
        self.held_at_fetch.append(sum(ref() is not None for ref in self.made))
        number = int(cursor or 0) + 1
        results = [Item(), Item()]
        self.made += [weakref.ref(item) for item in results]
        link = f"{ORIGIN}/v1/predictions?cursor={number}" if number < self.count else None
        return Page(results=results, next=link)


def test_items_hold_one_page_at_a_time() -> None:
    """``items()`` lets go of a page before the next one is fetched and built."""
    pages = Pages(3)
    assert sum(1 for _ in Paginator(pages, {}, ORIGIN).items()) == 6
    assert pages.held_at_fetch == [0, 1, 1]  # the one item the caller's loop holds


async def test_async_items_hold_one_page_at_a_time() -> None:
    pages = Pages(3)

    async def fn(cursor: str | None = None) -> Page[Item]:
        return pages(cursor)

    count = 0
    async for _ in AsyncPaginator(fn, {}, ORIGIN).items():
        count += 1
    assert count == 6
    assert pages.held_at_fetch == [0, 1, 1]  # the one item the caller's loop holds
