"""The real client's flows, through a Stoplight Prism proxy that validates them against the reference.

Prism (`node_modules/.bin/prism`, installed by `npm ci` from package.json) runs as a validating
proxy in front of the emulator: `prism proxy --errors DOCUMENT EMULATOR`. It checks every request
the client sends against Replicate's published OpenAPI description (patched for its two known
defects, see `_reference.py`) before forwarding it, and every response the emulator returns before
passing it back. With `--errors`, a violation becomes an error response of Prism's own (a 422 for
a bad request, a 500 for a bad response, both `application/problem+json` with a `type` under
`https://stoplight.io/prism/errors#`); a lesser violation (a warning) is passed through with an
`sl-violations` header. The client's HTTP transport records both, and every test asserts that
none was seen.

The client talks to Prism (`base_url=http://127.0.0.1:<prism port>/v1`); a request that would go
past Prism (to an absolute URL on the emulator's own origin) counts as a violation too.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from replicate_emulator import Emulator

from replicate_ext import AsyncReplicate, NotFoundError, Replicate, UnprocessableEntityError

from ._reference import Spec, operations, patched_reference, with_path_prefix

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
TOKEN = "r8_conformance_prism"
PRISM_ERROR = "https://stoplight.io/prism/errors#"
STARTUP_TIMEOUT = 60.0

# Reference operations no flow here sends through Prism, each with its reason.
NOT_EXERCISED: dict[str, str] = {}


def for_prism(spec: Spec) -> Spec:
    """The patched reference as Prism needs it: `/v1` in every path, one Prism limitation eased."""
    spec = with_path_prefix(spec, "/v1")
    # Prism 5 reads every part of a multipart body as a string: it does not decode a part whose
    # property is an object as JSON (OpenAPI 3.0's default encoding for such a part), so it
    # refuses `metadata={"k": "v"}` as "must be object" whatever is sent. The part is declared as
    # the string Prism sees; that it holds a JSON object is checked by the emulator (422 if not)
    # and by Schemathesis (tests/conformance/test_schemathesis.py).
    upload = spec["paths"]["/v1/files"]["post"]["requestBody"]["content"]["multipart/form-data"]
    metadata = upload["schema"]["properties"]["metadata"]
    assert metadata["type"] == "object", "the reference changed files.create: review this patch"
    metadata["type"] = "string"
    return spec


def _template_regex(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


@dataclass
class Recorder:
    """What went through Prism: each exchange, each violation, and the operations they hit."""

    prism_origin: str
    routes: list[tuple[str, re.Pattern[str], str]]
    exchanges: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    operations: set[str] = field(default_factory=set)

    def addressed(self, request: httpx.Request) -> None:
        """Record a request that would bypass Prism (none should)."""
        if not str(request.url).startswith(self.prism_origin + "/"):
            self.violations.append(f"{request.method} {request.url}: sent past Prism")

    def inspect(self, request: httpx.Request, response: httpx.Response, body: bytes | None) -> None:
        """Record the exchange; a violation if Prism reported one (header) or answered one (body)."""
        label = f"{request.method} {request.url.raw_path.decode('ascii')} -> {response.status_code}"
        self.exchanges.append(label)
        found = len(self.violations)
        header = response.headers.get("sl-violations")
        if header:
            self.violations.append(f"{label}: sl-violations {header}")
        if body is not None:
            try:
                problem = json.loads(body)
            except ValueError:
                problem = None
            if isinstance(problem, dict) and str(problem.get("type", "")).startswith(PRISM_ERROR):
                self.violations.append(f"{label}: Prism answered {body.decode(errors='replace')}")
        if response.is_success and len(self.violations) == found:
            # A clean success: the operation counts as exercised through Prism.
            for method, pattern, op_id in self.routes:
                if method == request.method and pattern.match(request.url.path):
                    self.operations.add(op_id)

    def assert_clean(self) -> None:
        assert not self.violations, "Prism found violations:\n" + "\n".join(self.violations)
        assert self.exchanges, "nothing went through Prism"


def _problem_body(response: httpx.Response) -> bool:
    content_type: str = response.headers.get("content-type", "")
    return content_type.startswith("application/problem+json")


class RecordingTransport(httpx.BaseTransport):
    """The client's transport: records where each request goes and what Prism says of it."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.addressed(request)
        response = self.inner.handle_request(request)
        body = response.read() if _problem_body(response) else None
        self.recorder.inspect(request, response, body)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncRecordingTransport(httpx.AsyncBaseTransport):
    """The async client's transport: records where each request goes and what Prism says."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.recorder.addressed(request)
        response = await self.inner.handle_async_request(request)
        body = await response.aread() if _problem_body(response) else None
        self.recorder.inspect(request, response, body)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Prism exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(
        f"Prism did not listen on {port} in {STARTUP_TIMEOUT} s:\n{log.read_text()[-4000:]}"
    )


@dataclass
class Proxy:
    """A running emulator behind a running Prism."""

    emulator: Emulator
    origin: str
    spec: Spec
    covered: set[str] = field(default_factory=set)

    def recorder(self) -> Recorder:
        routes = [
            (method, _template_regex(path), op_id)
            for (method, path), op_id in operations(self.spec).items()
        ]
        return Recorder(self.origin, routes)

    def via_prism(self, url: str) -> str:
        """An absolute emulator URL (a file's signed download URL), made to go through Prism.

        The emulator builds absolute URLs on its own origin; on the real API they are on the API's
        origin, which the client sends its token to. Moved to Prism's origin, they are that again.
        """
        emulator_origin = self.emulator.base_url.removesuffix("/v1")
        assert url.startswith(emulator_origin + "/"), url
        return self.origin + url.removeprefix(emulator_origin)


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    """The emulator, and Prism validating everything in front of it."""
    if not PRISM.exists():
        # Prism is part of the test toolchain (`make install` runs `npm ci`), not an optional tool.
        pytest.fail(
            f"Stoplight Prism is not installed at {PRISM}: run `make install` (or `npm ci`)",
            pytrace=False,
        )
    spec = for_prism(patched_reference())
    folder = tmp_path_factory.mktemp("prism")
    document = folder / "replicate-openapi.json"
    document.write_text(json.dumps(spec), encoding="utf-8")
    log = folder / "prism.log"
    with Emulator(token=TOKEN) as emu:
        port = _free_port()
        upstream = emu.base_url.removesuffix("/v1")
        command = [str(PRISM), "proxy", "--errors", "-h", "127.0.0.1", "-p", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, str(document), upstream],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        try:
            _wait_until_listening(process, port, log)
            yield Proxy(emu, f"http://127.0.0.1:{port}", spec)
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


@dataclass
class Session:
    """A client whose every request goes through Prism, and what Prism said about each."""

    client: Replicate
    recorder: Recorder


@pytest.fixture
def through_prism(proxy: Proxy) -> Iterator[Session]:
    recorder = proxy.recorder()
    http = httpx.Client(transport=RecordingTransport(recorder), timeout=60)
    client = Replicate(
        auth=TOKEN, base_url=proxy.origin + "/v1", http_client=http, poll_interval=0.02
    )
    try:
        yield Session(client, recorder)
    finally:
        client.close()
        http.close()
        proxy.covered |= recorder.operations


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _str(value: object) -> str:
    """A field typed as optional that the flow needs: it must be a string."""
    assert isinstance(value, str), value
    return value


def _owner(client: Replicate) -> str:
    return _str(client.account.get().username)


def _latest_version(client: Replicate, model: str) -> str:
    return _str(getattr(client.models.get(model).latest_version, "id", None))


def test_run_official_and_versioned_models(through_prism: Session) -> None:
    client = through_prism.client
    assert client.run("replicate-ext/hello", input={"name": "Ada"}) == "hello Ada"
    version = _latest_version(client, "replicate-ext/echo")
    payload = {"text": "x", "n": 3}
    assert client.run("replicate-ext/echo", input=payload) == payload
    assert client.run(f"replicate-ext/echo:{version}", input=payload) == payload
    assert client.run(version, input=payload) == payload
    # Sync mode shorter than the model: the client polls predictions.get through Prism.
    assert client.run("replicate-ext/sleep", input={"seconds": 0.3}, wait=1) == 0.3
    through_prism.recorder.assert_clean()


def test_predictions_create_get_list_cancel(through_prism: Session) -> None:
    client = through_prism.client
    created = client.predictions.create(
        model="replicate-ext/hello", input={"name": "Cy"}, wait=True, cancel_after="5m"
    )
    assert created.status == "succeeded" and created.output == "hello Cy"
    version = _latest_version(client, "replicate-ext/echo")
    # A webhook on a closed loopback port: its delivery fails, quietly, and never leaves the host.
    other = client.predictions.create(
        version=version,
        input={"a": 1},
        webhook="http://127.0.0.1:9/webhook",
        webhook_events_filter=["start", "completed"],
    )
    assert client.predictions.get(other.id).id == other.id
    assert client.wait(other.id).output == {"a": 1}
    ids = [p.id for p in client.predictions.list().results]
    assert other.id in ids and created.id in ids
    assert client.predictions.list(created_after="2000-01-01T00:00:00Z").results
    slow = client.predictions.create(model="replicate-ext/sleep", input={"seconds": 30})
    canceled = client.wait(client.predictions.cancel(slow.id))
    assert canceled.status in {"canceled", "aborted"}
    all_ids = [p.id for p in client.paginate(client.predictions.list).items()]
    assert slow.id in all_ids
    through_prism.recorder.assert_clean()


def test_models(through_prism: Session) -> None:
    client = through_prism.client
    owner = _owner(client)
    name = _unique("model")
    created = client.models.create(
        owner, name, visibility="private", hardware="cpu", description="first"
    )
    assert created.name == name
    assert client.models.update(f"{owner}/{name}", description="second").description == "second"
    assert client.models.get(f"{owner}/{name}").description == "second"
    assert any(m.name == "echo" for m in client.models.list().results)
    assert client.models.list(sort_by="model_created_at", sort_direction="asc").results
    client.models.delete(f"{owner}/{name}")
    versions = client.models.versions.list("replicate-ext/echo")
    assert versions.results
    version_id = versions.results[0].id
    assert client.models.versions.get("replicate-ext/echo", version_id).id == version_id
    assert client.models.readme.get("replicate-ext/hello")
    assert isinstance(client.models.examples.list("replicate-ext/hello").results, list)
    prediction = client.models.predictions.create("replicate-ext/hello", input={}, wait=True)
    assert prediction.version == "hidden" and prediction.output == "hello world"
    through_prism.recorder.assert_clean()


def test_catalog_account_search_and_webhook_secret(through_prism: Session) -> None:
    client = through_prism.client
    collections = client.collections.list()
    assert collections.results
    slug = _str(collections.results[0].slug)
    assert client.collections.get(slug).slug == slug
    assert any(h.sku == "cpu" for h in client.hardware.list())
    assert client.account.get().username
    assert client.search("hello", limit=5).models is not None
    assert client.webhooks.default.secret.get().key
    through_prism.recorder.assert_clean()


def test_deployments(through_prism: Session) -> None:
    client = through_prism.client
    owner = _owner(client)
    name = _unique("deploy")
    version = _latest_version(client, "replicate-ext/echo")
    created = client.deployments.create(
        name=name,
        model="replicate-ext/echo",
        version=version,
        hardware="cpu",
        min_instances=0,
        max_instances=1,
    )
    assert created.name == name
    ref = f"{owner}/{name}"
    assert client.deployments.get(ref).name == name
    release = client.deployments.update(ref, max_instances=3).current_release
    assert getattr(getattr(release, "configuration", None), "max_instances", None) == 3
    assert any(d.name == name for d in client.deployments.list().results)
    prediction = client.deployments.predictions.create(ref, input={"v": 1}, wait=True)
    assert prediction.output == {"v": 1}
    assert client.run(deployment=ref, input={"v": 2}) == {"v": 2}
    client.deployments.delete(ref)
    through_prism.recorder.assert_clean()


def test_trainings_and_version_delete(through_prism: Session) -> None:
    client = through_prism.client
    owner = _owner(client)
    name = _unique("tuned")
    destination = f"{owner}/{name}"
    client.models.create(owner, name, visibility="private", hardware="cpu")
    version = _latest_version(client, "replicate-ext/echo")
    training = client.trainings.create(
        f"replicate-ext/echo:{version}", destination=destination, input={"steps": 1}
    )
    done = client.wait(training, timeout=30)
    assert done.status == "succeeded"
    assert client.trainings.get(training.id).status == "succeeded"
    assert any(t.id == training.id for t in client.trainings.list().results)
    other = client.trainings.create("replicate-ext/echo", version, destination=destination)
    assert client.trainings.cancel(other.id).id == other.id
    client.wait(other, timeout=30)
    for tuned in client.models.versions.list(destination).results:
        client.models.versions.delete(destination, tuned.id)
    client.models.delete(destination)
    through_prism.recorder.assert_clean()


def test_files(through_prism: Session, proxy: Proxy, tmp_path: Path) -> None:
    client = through_prism.client
    data = b"\r\n--+++\r\nnot a boundary\r\n" * 100
    path = tmp_path / "sample.bin"
    path.write_bytes(data)
    created = client.files.create(path, metadata={"k": "v"})
    assert created.size == len(data)
    assert client.files.get(created.id).id == created.id
    assert any(f.id == created.id for f in client.files.list().results)
    urls = created.urls
    assert urls is not None
    urls.get = proxy.via_prism(_str(urls.get))
    assert b"".join(client.files.download(created)) == data
    plain = client.files.create(b"hello", filename="hello.txt", content_type="text/plain")
    assert _str(client.files.get(plain.id).content_type).startswith("text/plain")
    client.files.delete(created.id)
    client.files.delete(plain.id)
    through_prism.recorder.assert_clean()


async def test_async_client(proxy: Proxy) -> None:
    recorder = proxy.recorder()
    transport = AsyncRecordingTransport(recorder)
    async with (
        httpx.AsyncClient(transport=transport, timeout=60) as http,
        AsyncReplicate(
            auth=TOKEN, base_url=proxy.origin + "/v1", http_client=http, poll_interval=0.02
        ) as client,
    ):
        runs = [client.run("replicate-ext/hello", input={"name": str(i)}) for i in range(3)]
        assert await asyncio.gather(*runs) == ["hello 0", "hello 1", "hello 2"]
        slow = await client.predictions.create(model="replicate-ext/sleep", input={"seconds": 0.2})
        assert (await client.wait(slow)).output == 0.2
        assert (await client.predictions.list()).results
    proxy.covered |= recorder.operations
    recorder.assert_clean()


def test_a_violation_is_caught(through_prism: Session) -> None:
    """The harness itself: a request the reference forbids is refused by Prism and recorded."""
    with pytest.raises(UnprocessableEntityError):
        # `query` is required by the reference: Prism answers 422 without forwarding.
        through_prism.client.request("GET", "/search")
    with pytest.raises(NotFoundError):
        # An error status the reference does not list: Prism passes it with a warning.
        through_prism.client.predictions.get("does-not-exist")
    violations = through_prism.recorder.violations
    assert len(violations) == 2, violations
    assert "Prism answered" in violations[0] and "UNPROCESSABLE_ENTITY" in violations[0]
    assert "sl-violations" in violations[1] and "status code" in violations[1]


def test_every_reference_operation_went_through_prism(
    proxy: Proxy, request: pytest.FixtureRequest
) -> None:
    flows = [
        item
        for item in request.session.items
        if isinstance(item, pytest.Function) and item.module is request.module
    ]
    if len(flows) != len([name for name in globals() if name.startswith("test_")]):
        pytest.skip("only a selection of this module's tests ran: coverage is not known")
    missing = set(operations(proxy.spec).values()) - proxy.covered - set(NOT_EXERCISED)
    assert not missing, f"reference operations no flow sent through Prism: {sorted(missing)}"
