"""The typed binding to the generated layer: mypy checks call sites, twins cannot drift.

- a bad call (wrong keyword, wrong result use) fails ``mypy --strict``; good usage passes;
- ``replicate_api`` works on its own against the emulator (``sync``, ``sync_detailed``, ``asyncio``);
- every public method of ``Replicate`` and ``AsyncReplicate`` (and their resources) has the
  same name, signature and docstring on both sides;
- ``replicate_ext`` never names a generated operation in a string.
"""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from replicate_api.api.account import account_get
from replicate_api.api.models import models_predictions_create, models_versions_list
from replicate_api.api.predictions import predictions_create, predictions_get
from replicate_api.client import AuthenticatedClient
from replicate_api.models import ModelPredictionRequest, PredictionRequest
from replicate_emulator import Emulator

from replicate_ext import AsyncReplicate, Replicate
from replicate_ext._binding import api

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "replicate_ext"

# -- 1. typing is checked at call sites ------------------------------------------------------

GOOD_SNIPPET = """
from typing import Any, assert_type

from replicate_api.api.predictions import predictions_get
from replicate_api.models import FileObject, ModelVersion, Prediction
from replicate_ext import AsyncReplicate, Page, Replicate


def sync_usage(client: Replicate) -> list[str]:
    assert_type(client.predictions.get("x"), Prediction)
    assert_type(client.predictions.get("x", timeout=2.5, extra_headers={"X-Trace": "1"}), Prediction)
    ids = [item.id for item in client.paginate(client.predictions.list).items()]
    for item in client.paginate(client.predictions.list, created_after="2025-01-01").items():
        assert_type(item, Prediction)
    assert_type(client.files.list(), Page[FileObject])
    assert_type(client.models.versions.list("a/b"), Page[ModelVersion])
    assert_type(predictions_get.build_request(prediction_id="x"), dict[str, Any])
    return ids


async def async_usage(aclient: AsyncReplicate) -> list[str]:
    p = await aclient.predictions.get("x", timeout=2.5)
    assert_type(p, Prediction)
    ids = [p.id]
    async for item in aclient.paginate(aclient.predictions.list).items():
        assert_type(item, Prediction)
        ids.append(item.id)
    assert_type(await aclient.files.list(), Page[FileObject])
    assert_type(await aclient.models.versions.list("a/b"), Page[ModelVersion])
    return ids
"""

BAD_PRELUDE = """
from replicate_api.api.predictions import predictions_get
from replicate_ext import AsyncReplicate, Replicate

client = Replicate(auth="r8_x", base_url="http://127.0.0.1:9/v1")
"""

#: (statement, mypy error code, a fragment of its message): each line must fail, alone.
BAD_SYNC = [
    (
        'client.predictions.get(prediction_idd="x")',
        "call-arg",
        'Unexpected keyword argument "prediction_idd"',
    ),
    (
        'predictions_get.build_request(predictionid="x")',
        "call-arg",
        'Unexpected keyword argument "predictionid" for "build_request"',
    ),
    (
        'x: int = client.predictions.get("x")',
        "assignment",
        'Incompatible types in assignment (expression has type "Prediction", variable has type',
    ),
    (
        'client.predictions.get("x", timeoutt=1)',
        "call-arg",
        'Unexpected keyword argument "timeoutt"',
    ),
    (
        "client.models.versions.list(42)",
        "arg-type",
        'Argument 1 has incompatible type "int"; expected "str"',
    ),
]

#: The same, inside ``async def main(aclient: AsyncReplicate)``.
BAD_ASYNC = [
    (
        "p = await aclient.predictions.get('x'); p.idd",
        "attr-defined",
        '"Prediction" has no attribute "idd"',
    ),
    (
        'await aclient.predictions.get(prediction_idd="x")',
        "call-arg",
        'Unexpected keyword argument "prediction_idd"',
    ),
    (
        'n: int = await aclient.predictions.get("x")',
        "assignment",
        'expression has type "Prediction", variable has type "int"',
    ),
    (
        'm: int = aclient.predictions.get("x")',
        "assignment",
        'expression has type "Coroutine[Any, Any, Prediction]"',
    ),
]


def _bad_snippet() -> tuple[str, dict[int, tuple[str, str]]]:
    """The bad snippet, and the expected (code, fragment) by line number."""
    lines = textwrap.dedent(BAD_PRELUDE).lstrip().splitlines()
    expected: dict[int, tuple[str, str]] = {}
    for statement, code, fragment in BAD_SYNC:
        lines.append(statement)
        expected[len(lines)] = (code, fragment)
    lines += ["", "", "async def main(aclient: AsyncReplicate) -> None:"]
    for statement, code, fragment in BAD_ASYNC:
        lines.append("    " + statement)
        expected[len(lines)] = (code, fragment)
    return "\n".join(lines) + "\n", expected


_ERROR = re.compile(r"^[^:]+:(\d+): error: (.*)  \[([a-z-]+)\]$")


def _mypy(tmp_path: Path, source: str) -> tuple[int, str]:
    """Run ``mypy --strict`` on ``source`` in a clean directory (no project config or cache)."""
    snippet = tmp_path / "snippet.py"
    snippet.write_text(textwrap.dedent(source).lstrip())
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\nstrict = True\nwarn_unused_configs = True\n")
    env = {**os.environ, "MYPYPATH": str(ROOT / "generated")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            os.devnull,
            "--config-file",
            str(config),
            "--show-error-codes",
            "--no-color-output",
            "--no-error-summary",
            str(snippet),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    return result.returncode, result.stdout + result.stderr


def test_good_usage_passes_mypy_strict(tmp_path: Path) -> None:
    status, output = _mypy(tmp_path, GOOD_SNIPPET)
    assert status == 0, output


def test_bad_usage_fails_mypy_strict_at_each_call_site(tmp_path: Path) -> None:
    source, expected = _bad_snippet()
    status, output = _mypy(tmp_path, source)
    assert status == 1, output
    found: dict[int, list[tuple[str, str]]] = {}
    for line in output.splitlines():
        match = _ERROR.match(line)
        if match:
            found.setdefault(int(match[1]), []).append((match[3], match[2]))
    assert set(found) == set(expected), output  # every bad line, and nothing else
    for number, (want_code, fragment) in expected.items():
        reported = [f"[{code}] {message}" for code, message in found[number]]
        assert f"[{want_code}] " in " ".join(reported), (number, reported)
        assert any(fragment in message for message in reported), (number, fragment, reported)


# -- 2. the generated package works on its own -----------------------------------------------


@pytest.fixture
def generated_client(replicate_emulator: Emulator) -> Iterator[AuthenticatedClient]:
    """The generated client alone, on the shared emulator."""
    with AuthenticatedClient(
        base_url=replicate_emulator.base_url, token=replicate_emulator.token
    ) as client:
        yield client


def test_generated_sync_functions_against_the_emulator(
    generated_client: AuthenticatedClient,
) -> None:
    account = account_get.sync(client=generated_client)
    assert account is not None and account.username == "emulator"

    created = models_predictions_create.sync(
        "replicate-ext",
        "hello",
        client=generated_client,
        body=ModelPredictionRequest.from_dict({"input": {"name": "Ada"}}),
        prefer="wait",
    )
    assert created is not None
    assert (created.status, created.output, created.model) == (
        "succeeded",
        "hello Ada",
        "replicate-ext/hello",
    )

    fetched = predictions_get.sync_detailed(created.id, client=generated_client)
    assert fetched.status_code == 200
    assert fetched.parsed is not None and fetched.parsed.id == created.id
    assert fetched.parsed.output == "hello Ada"

    versions = models_versions_list.sync("replicate-ext", "echo", client=generated_client)
    assert versions is not None and versions.results
    version = versions.results[0].id
    echoed = predictions_create.sync_detailed(
        client=generated_client,
        body=PredictionRequest(version=version, input_={"a": [1, 2]}),
        prefer="wait",
    )
    assert echoed.status_code in (200, 201)
    assert echoed.parsed is not None
    assert (echoed.parsed.version, echoed.parsed.output) == (version, {"a": [1, 2]})

    missing = predictions_get.sync_detailed("does-not-exist", client=generated_client)
    assert missing.status_code == 404 and missing.parsed is None


async def test_generated_asyncio_function_against_the_emulator(
    generated_client: AuthenticatedClient,
) -> None:
    account = await account_get.asyncio(client=generated_client)
    assert account is not None and account.username == "emulator"
    detailed = await account_get.asyncio_detailed(client=generated_client)
    assert detailed.status_code == 200 and detailed.parsed == account
    await generated_client.get_async_httpx_client().aclose()


# -- 3. sync and async twins cannot drift ----------------------------------------------------

RESOURCES = [
    "",
    "predictions",
    "models",
    "models.versions",
    "models.predictions",
    "models.examples",
    "models.readme",
    "deployments",
    "deployments.predictions",
    "trainings",
    "files",
    "collections",
    "hardware",
    "account",
    "webhooks",
    "webhooks.default",
    "webhooks.default.secret",
]

#: The only methods that may be written once per client, because their I/O shape differs by
#: nature: ``close`` (a coroutine on the async side), ``stream`` and ``paginate`` (iterators
#: vs async iterators). Everything else is written once for both.
HAND_WRITTEN_TWINS = {"close", "paginate", "stream"}


def _resource(root: object, path: str) -> Any:
    value: Any = root
    for part in filter(None, path.split(".")):
        value = getattr(value, part)
    return value


def _public_callables(obj: object) -> dict[str, Any]:
    found = {}
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if callable(value) and not isinstance(value, type):
            found[name] = value
    return found


def _shape(fn: Any) -> list[tuple[str, Any, Any]]:
    """Parameter names, kinds and defaults: what a caller can pass."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.fixture
def twins() -> Iterator[tuple[Replicate, AsyncReplicate]]:
    """Both clients, never used to send anything (the port is closed)."""
    sync = Replicate(auth="r8_x", base_url="http://127.0.0.1:9/v1")
    async_ = AsyncReplicate(auth="r8_x", base_url="http://127.0.0.1:9/v1")
    yield sync, async_
    sync.close()


@pytest.mark.parametrize("path", RESOURCES, ids=lambda p: p or "client")
def test_sync_and_async_twins_match(path: str, twins: tuple[Replicate, AsyncReplicate]) -> None:
    sync_obj, async_obj = (_resource(client, path) for client in twins)
    if path:
        assert type(sync_obj) is type(async_obj), "one resource class for both sides"
    sync_methods, async_methods = _public_callables(sync_obj), _public_callables(async_obj)
    assert sorted(sync_methods) == sorted(async_methods)
    for name, sync_fn in sync_methods.items():
        async_fn = async_methods[name]
        where = f"{path or 'client'}.{name}"
        defined = [inspect.getattr_static(type(obj), name) for obj in (sync_obj, async_obj)]
        if defined[0] is not defined[1]:
            assert name in HAND_WRITTEN_TWINS, f"{where} is written twice"
            assert _shape(sync_fn) == _shape(async_fn), where
            assert sync_fn.__doc__ and async_fn.__doc__, where
            assert not inspect.iscoroutinefunction(sync_fn), where
            continue
        sync_sig, async_sig = inspect.signature(sync_fn), inspect.signature(async_fn)
        assert sync_sig.parameters == async_sig.parameters, where
        if inspect.iscoroutinefunction(async_fn):  # the same result, awaited
            awaited = f"Coroutine[Any, Any, {sync_sig.return_annotation}]"
            assert async_sig.return_annotation == awaited, where
        else:  # a plain method shared by both clients (output, stream, download)
            assert async_sig.return_annotation == sync_sig.return_annotation, where
        assert sync_fn.__doc__ == async_fn.__doc__, where
        assert sync_fn.__doc__ and sync_fn.__doc__.strip(), f"{where} has no docstring"
        assert not inspect.iscoroutinefunction(sync_fn), where
        if isinstance(inspect.getattr_static(type(sync_obj), name), api):
            assert inspect.iscoroutinefunction(async_fn), f"{where} must be awaitable"


def test_hand_written_twins_are_only_the_io_shaped_ones() -> None:
    defined_twice = {
        name
        for name in set(vars(Replicate)) & set(vars(AsyncReplicate))
        if not name.startswith("_")
    }
    assert "close" in defined_twice
    assert defined_twice <= HAND_WRITTEN_TWINS
    assert inspect.iscoroutinefunction(AsyncReplicate.close)
    assert not inspect.iscoroutinefunction(Replicate.close)


def _bound_api_methods(
    twins: tuple[Replicate, AsyncReplicate],
) -> Iterator[tuple[str, api[Any, Any], Any]]:
    """(where, the ``api`` descriptor, the bound method) for every method of both clients."""
    for client in twins:
        for path in RESOURCES:
            obj = _resource(client, path)
            for name in _public_callables(obj):
                declared = inspect.getattr_static(type(obj), name)
                if isinstance(declared, api):
                    where = f"{type(client).__name__}: {path or 'client'}.{name}"
                    yield where, declared, getattr(obj, name)


def test_bound_methods_show_the_callers_parameters(
    twins: tuple[Replicate, AsyncReplicate],
) -> None:
    """``help()`` and ``inspect.signature`` of a bound method show what a caller passes."""
    checked = 0
    for where, declared, method in _bound_api_methods(twins):
        shown = list(inspect.signature(method).parameters.values())
        written = list(inspect.signature(declared.fn).parameters.values())
        assert written[0].name == "self" and shown == written[1:], where
        checked += 1
    assert checked > 60
    for client in twins:
        bound = inspect.signature(client.predictions.get).bind("p1", timeout=1)
        assert bound.arguments == {"prediction_id": "p1", "options": {"timeout": 1}}


def test_bound_methods_show_what_the_caller_gets(
    twins: tuple[Replicate, AsyncReplicate],
) -> None:
    """The return annotation a bound method shows is not the internal ``Call`` / ``Flow``
    its body returns (``help(client.predictions.get)`` must not say ``-> Call[Prediction]``)."""
    wrong = [
        f"{where} -> {inspect.signature(method).return_annotation}"
        for where, _, method in _bound_api_methods(twins)
        if str(inspect.signature(method).return_annotation).startswith(("Call[", "Flow["))
    ]
    assert wrong == []


# -- 4. no string-named operations -----------------------------------------------------------

FORBIDDEN = [
    re.compile(r"""import_module\(\s*f?["']replicate_api"""),
    re.compile(r"""__import__\(\s*f?["']replicate_api"""),
    re.compile(r"\b_get_kwargs\b"),
    re.compile(r"\b_parse_response\b"),
    re.compile(r"""\bCall\(\s*f?["']"""),
]


def test_no_operation_is_named_in_a_string() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 10, PACKAGE
    hits: list[str] = []
    typed_imports = 0
    for source in sources:
        text = source.read_text()
        typed_imports += len(re.findall(r"^from replicate_api\.api\.\w+ import", text, re.M))
        for number, line in enumerate(text.splitlines(), start=1):
            hits.extend(
                f"{source.relative_to(ROOT)}:{number}: {line.strip()}"
                for pattern in FORBIDDEN
                if pattern.search(line)
            )
    assert hits == []
    assert typed_imports >= 10, "operations are imported statically from replicate_api.api"


@pytest.mark.parametrize(
    "line",
    [
        'mod = importlib.import_module("replicate_api.api.predictions.predictions_get")',
        "kwargs = mod._get_kwargs(prediction_id=pid)",
        "return mod._parse_response(client=c, response=r)",
        'Call("predictions.get", prediction_id=pid)',
    ],
)
def test_forbidden_patterns_catch_the_old_style(line: str) -> None:
    assert any(pattern.search(line) for pattern in FORBIDDEN)
