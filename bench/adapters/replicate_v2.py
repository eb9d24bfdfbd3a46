"""The official v2 beta, ``replicate==2.0.0b4`` (Stainless-generated; no SSE streaming).

Like v1 it wraps only ``https:``/``data:`` outputs in ``FileOutput``, so :func:`save` wraps the
plain ``http:`` URL of the bench server itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import Unsupported

LABEL = "replicate 2.0.0b4"
IMPORT = "import replicate"


def client(origin: str, token: str) -> Any:
    import replicate

    return replicate.Replicate(bearer_token=token, base_url=f"{origin}/v1")


def close(c: Any) -> None:
    c.close()


def get(c: Any, pid: str) -> Any:
    return c.predictions.get(prediction_id=pid)


def run(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return c.run(model, input=inp)


def stream(c: Any, model: str, inp: dict[str, Any]) -> Iterator[str]:
    raise Unsupported("v2 beta has no server-sent events (stream() polls through use())")


def items(c: Any) -> Iterator[Any]:
    return iter(c.predictions.list())


def save(c: Any, output: Any, path: str) -> None:
    from replicate.lib._files import FileOutput

    file = output if isinstance(output, FileOutput) else FileOutput(str(output), c)
    with open(path, "wb") as f:
        for chunk in file:
            f.write(chunk)


def aclient(origin: str, token: str) -> Any:
    import replicate

    return replicate.AsyncReplicate(bearer_token=token, base_url=f"{origin}/v1")


async def arun(c: Any, model: str, inp: dict[str, Any]) -> Any:
    return await c.run(model, input=inp)


async def aclose(c: Any) -> None:
    await c.close()
