"""replicate-ext, this project's client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LABEL = "replicate-ext"
IMPORT = "from replicate_ext import Replicate"  # the package is lazy: load the client


def client(origin: str, token: str) -> Any:
    from replicate_ext import Replicate

    return Replicate(auth=token, base_url=f"{origin}/v1")


def close(c: Any) -> None:
    c.close()


def get(c: Any, pid: str) -> Any:
    return c.predictions.get(pid)


def run(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return c.run(model, input=inp)


def stream(c: Any, model: str, inp: dict[str, Any]) -> Iterator[str]:
    for event in c.stream(model, input=inp):
        yield str(event)


def items(c: Any) -> Iterator[Any]:
    return iter(c.paginate(c.predictions.list).items())


def save(c: Any, output: Any, path: str) -> None:
    output.save(path)


def aclient(origin: str, token: str) -> Any:
    from replicate_ext import AsyncReplicate

    return AsyncReplicate(auth=token, base_url=f"{origin}/v1")


async def arun(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return await c.run(model, input=inp)


async def aclose(c: Any) -> None:
    await c.close()
