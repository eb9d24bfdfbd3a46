"""Files in (uploads, data URIs) and out (FileOutput), progress reports and interrupts."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    FileOutput,
    InvalidArgumentError,
    Progress,
)

from .conftest import resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TRICKY = b"\r\n--+++\r\n" + bytes(range(256)) * 64


async def _read(output: FileOutput) -> bytes:
    if output._async is not None:
        return await output.aread()
    return output.read()


async def test_inputs_with_files_at_any_depth_are_uploaded(client: Client, tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(TRICKY)
    inputs = {"top": path, "nested": [{"deep": io.BytesIO(b"deep bytes")}, b"raw"], "n": 3}
    output = await resolve(client.run("replicate-ext/echo", input=inputs))
    assert output["n"] == 3
    top, deep, raw = output["top"], output["nested"][0]["deep"], output["nested"][1]
    for value in (top, deep, raw):
        assert isinstance(value, FileOutput) and "/files/" in value.url
    assert await _read(top) == TRICKY, "the boundary-like bytes survive the upload"
    assert await _read(deep) == b"deep bytes"
    assert await _read(raw) == b"raw"


async def test_data_uri_encoding_sends_no_upload(client: Client, emulator: Emulator) -> None:
    before = emulator.requests.count("POST", "/v1/files")
    output = await resolve(
        client.run("replicate-ext/echo", input={"f": b"inline me"}, file_encoding="data-uri")
    )
    assert output["f"].startswith("data:application/octet-stream;base64,")
    assert await _read(output["f"]) == b"inline me"
    assert emulator.requests.count("POST", "/v1/files") == before


async def test_files_over_the_limit_fail_before_sending(
    client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(100 * 1000 * 1000 + 1)  # sparse: no real 100 MB on disk
    before = len(emulator.requests)
    with pytest.raises(InvalidArgumentError, match="100,000,000"):
        await resolve(client.run("replicate-ext/echo", input={"f": big}))
    assert len(emulator.requests) == before


async def test_uploading_a_path_that_cannot_be_read_fails_before_sending(
    client: Client, emulator: Emulator, tmp_path: Path
) -> None:
    # Before: files.create(Path(...)) let the raw FileNotFoundError (or IsADirectoryError) out.
    before = len(emulator.requests)
    with pytest.raises(InvalidArgumentError, match=r"missing\.bin': No such file or directory"):
        await resolve(client.files.create(tmp_path / "missing.bin"))
    with pytest.raises(InvalidArgumentError, match="Is a directory"):
        await resolve(client.files.create(tmp_path))
    assert len(emulator.requests) == before


async def test_image_output_is_a_file_output(client: Client, tmp_path: Path) -> None:
    output = await resolve(client.run("replicate-ext/image", input={}))
    image = output[0] if isinstance(output, list) else output
    assert isinstance(image, FileOutput) and isinstance(image, str)
    assert image.startswith("http") and image.url == str(image)
    data = await _read(image)
    assert data.startswith(PNG_MAGIC)
    target = tmp_path / "out.png"
    saved = await image.asave(target) if image._async is not None else image.save(target)
    assert saved.read_bytes() == data
    plain = await resolve(client.run("replicate-ext/image", input={}, use_file_output=False))
    plain_image = plain[0] if isinstance(plain, list) else plain
    assert type(plain_image) is str


def _progress_model(inp: dict[str, Any], log: Any) -> str:
    total = 4
    for step in range(1, total + 1):
        time.sleep(0.05)
        log(f"{step * 100 // total:3d}%|{'#' * step}| {step}/{total} [00:00<00:00]")
    return "done"


async def test_on_progress_reports_status_and_bars(client: Client, emulator: Emulator) -> None:
    if "test/progress" not in getattr(emulator, "_test_models", set()):
        emulator.add_model("test/progress", _progress_model)
        emulator._test_models = {"test/progress"}  # type: ignore[attr-defined]
    seen: list[tuple[str, Progress | None]] = []
    output = await resolve(
        client.run(
            "test/progress",
            input={},
            wait=1,
            on_progress=lambda p, prog: seen.append((p.status, prog)),
        )
    )
    assert output == "done"
    assert seen[-1][0] == "succeeded" and seen[-1][1] == Progress(
        percentage=1.0, current=4, total=4
    )
    assert len(seen) == len(set(seen)), "only changes are reported"


def test_keyboard_interrupt_cancels_the_prediction(emulator: Emulator) -> None:
    created: list[str] = []

    def interrupt(prediction: Any, progress: Any) -> None:
        created.append(prediction.id)
        raise KeyboardInterrupt

    with emulator.client(poll_interval=0.01) as client:
        with pytest.raises(KeyboardInterrupt):
            client.run("replicate-ext/sleep", input={"seconds": 30}, wait=1, on_progress=interrupt)
        final = client.wait(created[0], timeout=10)
    assert final.status == "canceled"


def test_interrupt_without_cancel_leaves_it_running(emulator: Emulator) -> None:
    created: list[str] = []

    def interrupt(prediction: Any, progress: Any) -> None:
        created.append(prediction.id)
        raise KeyboardInterrupt

    with emulator.client(poll_interval=0.01) as client:
        with pytest.raises(KeyboardInterrupt):
            client.run(
                "replicate-ext/sleep",
                input={"seconds": 30},
                wait=1,
                on_progress=interrupt,
                cancel_on_interrupt=False,
            )
        assert client.predictions.get(created[0]).status in {"starting", "processing"}
        client.predictions.cancel(created[0])


async def test_task_cancellation_cancels_the_prediction(emulator: Emulator) -> None:
    created: list[str] = []
    seen = asyncio.Event()

    def record(prediction: Any, progress: Any) -> None:
        created.append(prediction.id)
        seen.set()

    async with emulator.async_client(poll_interval=0.01) as client:
        task = asyncio.create_task(
            client.run(
                "replicate-ext/sleep",
                input={"seconds": 30},
                wait=1,
                on_progress=record,
            )
        )
        await asyncio.wait_for(seen.wait(), timeout=10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        final = await client.wait(created[0], timeout=10)
    assert final.status == "canceled"


SIGINT_SCRIPT = """
import sys
from replicate_emulator import Emulator

with Emulator() as emu:
    client = emu.client(poll_interval=0.05)
    print("ready", flush=True)
    try:
        client.run("replicate-ext/sleep", input={"seconds": 30})
    except KeyboardInterrupt:
        prediction = client.predictions.list().results[0]
        print(client.wait(prediction.id, timeout=10).status, flush=True)
"""


def test_ctrl_c_during_the_sync_mode_create_cancels_it() -> None:
    """Ctrl-C while the server holds the create: no id came back, the prediction is found and canceled."""
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-c", SIGINT_SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(1.0)  # the create is now held by the server (sync mode)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert out.strip() == "canceled", err


async def test_task_cancelled_during_the_sync_mode_create_cancels_it(emulator: Emulator) -> None:
    async with emulator.async_client(poll_interval=0.05) as client:
        task = asyncio.create_task(client.run("replicate-ext/sleep", input={"seconds": 29.5}))
        await asyncio.sleep(0.8)  # held by the server: no prediction id has come back yet
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        page = await client.predictions.list()
        mine = next(p for p in page.results if p.input_ == {"seconds": 29.5})
        assert (await client.wait(mine.id, timeout=10)).status == "canceled"


async def test_the_interrupted_create_is_found_past_the_first_page() -> None:
    # A busy account: while the server holds our create, others make more than a page of
    # predictions. Before, only the first page was searched and ours went on running.
    with Emulator(page_size=5) as emu, emu.client() as other:
        async with emu.async_client(poll_interval=0.05) as client:
            task = asyncio.create_task(client.run("replicate-ext/sleep", input={"seconds": 29}))
            await asyncio.sleep(0.8)  # held by the server: no prediction id has come back yet
            for i in range(12):  # three pages' worth, all newer than ours
                other.predictions.create(model="replicate-ext/sleep", input={"seconds": i})
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        mine = next(
            p for p in other.paginate(other.predictions.list).items() if p.input_ == {"seconds": 29}
        )
        assert other.wait(mine.id, timeout=10).status == "canceled"
