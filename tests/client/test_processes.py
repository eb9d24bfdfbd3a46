"""Crossing process boundaries: errors and results pickle (and copy), and worker pools do not hang."""

from __future__ import annotations

import copy
import inspect
import multiprocessing
import pickle
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from replicate_api.models import Prediction
from replicate_api.types import UNSET
from replicate_emulator import Emulator

import replicate_ext.webhooks  # noqa: F401  # its errors belong to the tree too
from replicate_ext import FileOutput, ModelError, NotFoundError, Replicate, ReplicateError, _default
from replicate_ext.errors import InputProblem

from .conftest import Client, resolve

#: A value for every argument name an error of the tree takes; a new class with a new required
#: argument fails loudly here, naming the argument.
_SAMPLES: dict[str, Any] = {
    "message": "boom",
    "status": 503,
    "title": "Service Unavailable",
    "detail": "try later",
    "method": "GET",
    "path": "/v1/predictions/p1",
    "request_id": "req_1",
    "body": {"detail": "try later"},
    "response": httpx.Response(
        503,
        json={"detail": "try later"},
        request=httpx.Request("GET", "https://api.example/v1/predictions/p1"),
    ),
    "retry_after": 2.5,
    "outcome_unknown": True,
    "snippet": "<html>",
    "prediction_id": "p1",
    "last_event_id": "7",
    "prediction": Prediction(id="p1", status="failed", error="CUDA out of memory"),
    "webhook_id": "msg_1",
    "problems": [InputProblem("widht", "unknown input; did you mean 'width'?")],
    "model": "owner/name",
}


def _tree(cls: type[ReplicateError]) -> Iterator[type[ReplicateError]]:
    yield cls
    for sub in cls.__subclasses__():
        yield from _tree(sub)


def _arguments(cls: type[ReplicateError]) -> dict[str, Any]:
    """A sample value for every argument the constructor takes (following ``**kwargs`` up)."""
    names: list[str] = []
    for klass in cls.__mro__:
        if "__init__" not in vars(klass):
            continue
        params = list(inspect.signature(vars(klass)["__init__"]).parameters.values())[1:]
        names += [p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
        if not any(p.kind is p.VAR_KEYWORD for p in params):
            break
    missing = [name for name in names if name not in _SAMPLES]
    assert not missing, f"{cls.__name__} takes {missing}: add a sample value to _SAMPLES"
    return {name: _SAMPLES[name] for name in names}


def _build(cls: type[ReplicateError]) -> ReplicateError:
    kwargs = _arguments(cls)
    if "message" not in kwargs:  # a constructor that writes its own message
        return cls(**kwargs)
    return cls(kwargs.pop("message"), **kwargs)


def _comparable(value: Any) -> Any:
    if isinstance(value, httpx.Response):
        return (value.status_code, value.content, value.request.method, str(value.request.url))
    return value


ERRORS = sorted(_tree(ReplicateError), key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__name__)
def test_every_error_round_trips_through_pickle(cls: type[ReplicateError]) -> None:
    error = _build(cls)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own bytes
    assert type(copy) is cls
    assert str(copy) == str(error) and copy.args == error.args
    assert {k: _comparable(v) for k, v in vars(copy).items()} == {
        k: _comparable(v) for k, v in vars(error).items()
    }
    assert vars(error), "the sample sets attributes, so the comparison above means something"


def test_the_tree_is_enumerated() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"ModelError", "StreamInterruptedError", "WebhookReplayError"} <= names


def _fail(prediction_id: str) -> str:
    """A worker whose model failed."""
    raise ModelError(
        f"Prediction {prediction_id} failed: CUDA out of memory",
        prediction=Prediction(id=prediction_id, status="failed", error="CUDA out of memory"),
    )


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_model_error_in_a_pool_worker_reaches_the_caller() -> None:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pending = pool.map_async(_fail, ["p1", "p2"])
        with pytest.raises(ModelError) as info:
            pending.get(timeout=30)  # before the fix: the result handler died, this hung
    assert info.value.prediction_id in ("p1", "p2")
    assert info.value.prediction.error == "CUDA out of memory"


def test_the_missing_field_placeholder_survives_pickle_and_copy() -> None:
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET  # noqa: S301  # our own bytes
    assert copy.deepcopy(UNSET) is UNSET and copy.copy(UNSET) is UNSET
    sparse = Prediction(id="p1", status=UNSET)  # as a parser may leave it
    assert pickle.loads(pickle.dumps(sparse)) == sparse  # noqa: S301  # our own bytes
    assert copy.deepcopy(sparse) == sparse


async def test_predictions_round_trip(client: Client) -> None:
    prediction = await resolve(client.run("replicate-ext/image", input={"width": 8}, wait=False))
    finished = await resolve(client.wait(prediction))
    for value in (prediction, finished):
        assert pickle.loads(pickle.dumps(value)) == value  # noqa: S301  # our own bytes
        assert copy.deepcopy(value) == value


async def test_file_outputs_pickle_and_copy_and_can_still_be_read(
    client: Client, replicate_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = await resolve(client.run("replicate-ext/image", input={"width": 8}))
    assert isinstance(output, FileOutput)
    blocking = isinstance(client, Replicate)

    def read(output: FileOutput) -> Any:
        return output.read() if blocking else output.aread()

    data = await resolve(read(output))
    duplicate = copy.deepcopy(output)
    assert duplicate == output and await resolve(read(duplicate)) == data, "with its client"
    assert copy.copy(output) == output
    restored = pickle.loads(pickle.dumps(output))  # noqa: S301  # our own bytes
    assert type(restored) is FileOutput and restored.url == output.url
    # Unpickled (as in another process), it reads with the default client of the environment.
    monkeypatch.setenv("REPLICATE_API_TOKEN", replicate_emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", replicate_emulator.base_url)
    monkeypatch.setattr(_default, "_client", None)
    monkeypatch.setattr(_default, "_async_client", None)
    assert await resolve(read(restored)) == data
    if _default._client is not None:
        _default._client.close()


def test_a_pickled_status_error_does_not_carry_the_token(emulator: Emulator) -> None:
    # A task queue may store the pickled error; the response it keeps must not hold the token.
    with emulator.client() as client, pytest.raises(NotFoundError) as info:
        client.predictions.get("nope")
    error = info.value
    assert error.response is not None
    sent = error.response.request.headers["authorization"].endswith(emulator.token)
    assert sent, "the request in memory is the one sent"  # (no token in a failure's output)
    blob = pickle.dumps(error)
    leaked = emulator.token.encode() in blob
    assert not leaked, "the token is in the pickled error"
    copy = pickle.loads(blob)  # noqa: S301  # our own bytes
    assert "authorization" not in copy.response.request.headers
    assert copy.response.status_code == 404 and copy.response.json() == error.response.json()
    assert str(copy.response.request.url) == str(error.response.request.url)


def test_a_client_says_why_it_does_not_pickle(emulator: Emulator) -> None:
    # Before: "cannot pickle '_thread.RLock' object", from deep inside.
    with emulator.client() as client, pytest.raises(TypeError, match="make one in the other"):
        pickle.dumps(client)
