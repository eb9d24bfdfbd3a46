"""Every operation of the reference is served; streams end cleanly on disconnect and stop."""

from __future__ import annotations

import re
import threading
import time

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, REF, TOKEN, parse_sse, wait_for

GENERIC_404 = "The requested resource could not be found."


def test_all_reference_operations_are_routed(api: httpx.Client) -> None:
    assert REF.spec is not None
    operations = [
        (method.upper(), path)
        for path, item in REF.spec["paths"].items()
        for method in ("get", "post", "patch", "delete")
        if method in item
    ]
    assert len(operations) == 36
    for method, template in operations:
        path = re.sub(r"{[^}]+}", "x", template)
        response = api.request(method, path, params={"query": "x"})
        assert response.status_code != 405, (method, path)
        if response.status_code == 404:
            assert response.json()["detail"] != GENERIC_404, (method, path)


def test_stream_disconnect_releases_the_watcher(emu: Emulator, api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 30}}
    ).json()
    job = emu.core.store.predictions[created["id"]]
    with api.stream("GET", created["urls"]["stream"]) as response:
        lines = response.iter_lines()  # keep a reference: a dropped iterator closes the stream
        next(lines)
        assert wait_for(lambda: job.watchers._subs)
    wait_for(lambda: not job.watchers._subs)
    api.post(created["urls"]["cancel"])


def test_stop_ends_open_streams() -> None:
    emu = Emulator(token=TOKEN).start()
    events: list[str] = []
    with httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=10) as client:
        created = client.post(
            "/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 60}}
        ).json()
        opened = threading.Event()

        def read() -> None:
            with client.stream("GET", created["urls"]["stream"]) as response:
                opened.set()
                events.extend(e.event for e in parse_sse(response.iter_lines()))

        reader = threading.Thread(target=read)
        reader.start()
        opened.wait(5)
        time.sleep(0.1)
        start = time.monotonic()
        emu.stop()
        reader.join(5)
        assert not reader.is_alive()
        assert time.monotonic() - start < 3


def test_stop_closes_the_clients_it_handed_out() -> None:
    # ``emu.client().use(...)`` in a ``with Emulator()`` block: before, its sockets were left
    # open after the emulator stopped (a ResourceWarning under -W error).
    from replicate_ext import ClientClosedError

    with Emulator() as emu:
        kept = emu.client()
        assert kept.run("replicate-ext/hello", input={"name": "Ada"}) == "hello Ada"
        with emu.client() as closed_by_its_user:
            closed_by_its_user.account.get()
    with pytest.raises(ClientClosedError):
        kept.account.get()


@pytest.mark.parametrize("setting", [{"speed": 0}, {"concurrency": 0}, {"page_size": 0}])
def test_settings_it_could_only_misbehave_with_are_refused(setting: dict[str, float]) -> None:
    # Before: accepted; speed=0 divided by zero later, concurrency=0 never ran a prediction.
    with pytest.raises(ValueError, match=next(iter(setting))):
        Emulator(**setting)  # type: ignore[arg-type]
