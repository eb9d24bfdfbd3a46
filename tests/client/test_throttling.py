"""429s of the emulator's rate limits: the client waits as the server says, header or detail."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from replicate_emulator import Emulator

from replicate_ext import AsyncReplicate, Replicate


@pytest.fixture(scope="module", params=["detail", "retry-after"])
def limited(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    """An emulator allowing one GET per second (burst 1), telling the reset time in the
    429's detail only, or also in ``Retry-After``."""
    with Emulator(
        rate_limits={"other": 60},
        rate_limit_burst=1.0,
        rate_limit_retry_after=request.param == "retry-after",
    ) as emu:
        yield emu


def _throttled(emu: Emulator) -> int:
    return sum(1 for r in emu.requests if r.path == "/v1/account")


def test_sync_client_waits_for_the_reset(limited: Emulator) -> None:
    # One retry only: a backoff guess (at most 0.5 s) would be throttled again and fail.
    limited.reset()
    with limited.client(max_retries=1) as client:
        assert [client.account.get().username for _ in range(2)] == ["emulator"] * 2
    assert _throttled(limited) == 3  # the second GET was refused once, then waited for


async def test_async_client_waits_for_the_reset(limited: Emulator) -> None:
    limited.reset()
    async with limited.async_client(max_retries=1) as client:
        names = [(await client.account.get()).username for _ in range(2)]
    assert names == ["emulator"] * 2
    assert _throttled(limited) == 3


def test_the_429_is_the_real_apis(limited: Emulator) -> None:
    headers = {"Authorization": f"Bearer {limited.token}"}
    with httpx.Client(base_url=limited.base_url, headers=headers) as http:
        responses = [http.get("/account") for _ in range(2)]
    assert responses[1].status_code == 429
    assert responses[1].json() == {
        "detail": "Request was throttled. Your rate limit resets in ~1s."
    }
    with_header = limited.config.rate_limit_retry_after
    assert responses[1].headers.get("retry-after") == ("1" if with_header else None)


def test_creates_have_their_own_limit() -> None:
    with (
        Emulator(rate_limits={"create": 60}, rate_limit_burst=1.0) as emu,
        emu.client(max_retries=0) as client,
    ):
        client.predictions.create(model="replicate-ext/hello", input={})
        for _ in range(3):
            client.account.get()  # "other" is not limited
        with pytest.raises(Exception, match="throttled") as caught:
            client.predictions.create(model="replicate-ext/hello", input={})
    assert getattr(caught.value, "retry_after", None) == 1.0
    assert isinstance(client, Replicate) and not isinstance(client, AsyncReplicate)
