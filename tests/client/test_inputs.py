"""Inputs that cannot be sent are refused, naming where they are, before any request."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import InvalidArgumentError

from .conftest import Client, resolve


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _self_containing() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


@pytest.fixture
def closed_file(tmp_path: Path) -> Any:
    path = tmp_path / "a.bin"
    path.write_bytes(b"x")
    with path.open("rb") as handle:
        pass
    return handle


@pytest.fixture
def text_file(tmp_path: Path) -> Iterator[Any]:
    path = tmp_path / "a.txt"
    path.write_text("x")
    with path.open() as handle:
        yield handle


BAD: dict[str, tuple[Any, str]] = {
    "nan": (math.nan, 'input["masks"][2]'),
    "inf": (math.inf, 'input["masks"][2]'),
    "-inf": (-math.inf, 'input["masks"][2]'),
    "set": ({1, 2}, 'input["masks"][2]'),
    "object": (object(), 'input["masks"][2]'),
    "decimal": (Decimal("1.5"), 'input["masks"][2]'),
    "int key": ({1: "a"}, 'input["masks"][2] has the key 1'),
    "missing path": (Path("/no/such/file.png"), 'input["masks"][2]'),
    "directory": (Path("/"), 'input["masks"][2]'),
    "deep": (_nested(10_000), 'input["masks"][2]'),
    "cycle": (_self_containing(), 'input["masks"][2]'),
}


async def _refused(client: Client, emulator: Emulator, value: Any, where: str) -> str:
    before = len(emulator.requests)
    with pytest.raises(InvalidArgumentError) as info:
        await resolve(
            client.run(
                "replicate-ext/hello",
                input={"image": b"\x89PNG uploaded first today", "masks": [1, 2, value]},
            )
        )
    assert where in str(info.value)
    assert len(emulator.requests) == before, "nothing is sent: not even the other file"
    return str(info.value)


@pytest.mark.parametrize("case", list(BAD))
async def test_unsendable_values_are_refused_before_anything_is_sent(
    client: Client, emulator: Emulator, case: str
) -> None:
    value, where = BAD[case]
    await _refused(client, emulator, value, where)


async def test_closed_and_text_mode_files_are_refused(
    client: Client, emulator: Emulator, closed_file: Any, text_file: Any
) -> None:
    assert "closed" in await _refused(client, emulator, closed_file, 'input["masks"][2]')
    assert "text mode" in await _refused(client, emulator, text_file, 'input["masks"][2]')
    assert "text mode" in await _refused(client, emulator, io.StringIO("x"), 'input["masks"][2]')


async def test_every_create_checks_its_input(client: Client, emulator: Emulator) -> None:
    before = len(emulator.requests)
    with pytest.raises(InvalidArgumentError, match=r'input\["x"\]'):
        await resolve(client.predictions.create(model="replicate-ext/hello", input={"x": {3}}))
    with pytest.raises(InvalidArgumentError, match=r'input\["x"\]'):
        await resolve(
            client.trainings.create(
                "replicate-ext/hello:" + "0" * 64, destination="a/b", input={"x": math.nan}
            )
        )
    assert len(emulator.requests) == before


async def test_dates_are_sent_as_iso_8601(client: Client) -> None:
    when = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    prediction = await resolve(
        client.predictions.create(
            model="replicate-ext/echo",
            input={"when": when, "day": [dt.date(2025, 1, 2)]},
        )
    )
    assert prediction.input_["when"] == "2025-01-02T03:04:05+00:00"
    assert prediction.input_["day"] == ["2025-01-02"]
