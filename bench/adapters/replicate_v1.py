"""The official client, ``replicate==1.0.7``.

It wraps only ``https:``/``data:`` outputs in ``FileOutput``; the bench server speaks plain
``http:``, so :func:`save` wraps the URL itself and streams it the way ``FileOutput`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

LABEL = "replicate 1.0.7"
IMPORT = "import replicate"


def client(origin: str, token: str) -> Any:
    import replicate

    return replicate.Client(api_token=token, base_url=origin)


def close(c: Any) -> None:
    c._client.close()


def get(c: Any, pid: str) -> Any:
    return c.predictions.get(pid)


def run(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return c.run(model, input=inp)


def stream(c: Any, model: str, inp: dict[str, Any]) -> Iterator[str]:
    for event in c.stream(model, input=inp):
        if event.event.value == "output":
            yield str(event.data)


def items(c: Any) -> Iterator[Any]:
    from replicate.pagination import paginate

    for page in paginate(c.predictions.list):
        yield from page


def save(c: Any, output: Any, path: str) -> None:
    from replicate.helpers import FileOutput

    file = output if isinstance(output, FileOutput) else FileOutput(str(output), c)
    with open(path, "wb") as f:
        for chunk in file:
            f.write(chunk)


def aclient(origin: str, token: str) -> Any:
    return client(origin, token)


async def arun(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return await c.async_run(model, input=inp)


async def aclose(c: Any) -> None:
    await c._async_client.aclose()
