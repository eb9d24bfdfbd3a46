"""The official clients' everyday flows, run unchanged against the emulator (in TLS mode).

Each client's flow script (``clients/``) runs once per session in its own runtime; each flow is
then one test here. Where an official client itself is wrong, :data:`UPSTREAM_BUGS` says so
and the test expects that very failure: the day a fixed release is pinned, the test fails and
asks for the entry to go.
"""

from __future__ import annotations

import pytest

from .conftest import INSTALLED, run_client

COMMON = [
    "run_official_model",
    "run_model_version",
    "run_bare_version_id",
    "run_deployment",
    "predictions_create_get_wait_list",
    "predictions_cancel",
    "pagination",
    "stream_output",
    "file_input_and_output",
    "file_output",
    "files_api",
    "models_versions_collections_search",
    "account_and_hardware",
    "trainings",
    "webhooks",
    "error_401",
    "error_404",
    "error_422",
    "model_failure",
]

#: The flows of each client: the common ones, and those only that client has.
FLOWS = {
    "py-1.0": [*COMMON, "stream_error_event", "async_run_get_search", "async_stream"],
    "py-2.x": [*COMMON, "client_use_method", "async_run_get_search", "async_stream"],
    "js": [*COMMON, "stream_error_event"],
}

#: (client, flow) -> (a part of the error the client raises, why it is the client's fault).
UPSTREAM_BUGS = {
    ("py-1.0", "run_bare_version_id"): (
        "Invalid reference to model version",
        "run() rejects a bare version id, which the API runs (POST /v1/predictions)",
    ),
    ("py-2.x", "run_bare_version_id"): (
        "Invalid reference to model version",
        "run() documents a bare version id as a valid reference, then rejects it",
    ),
    ("js", "run_bare_version_id"): (
        "Invalid reference to model version",
        "run() rejects a bare version id, which the API runs (POST /v1/predictions)",
    ),
    ("py-2.x", "client_use_method"): (
        "issubclass() arg 1 must be a class",
        "Replicate.use() passes the client instance where lib.use() expects a class",
    ),
    ("py-2.x", "async_stream"): (
        "requires an object with __aiter__ method, got coroutine",
        "AsyncReplicate.stream() returns an un-awaited coroutine, not an async iterator",
    ),
}


@pytest.fixture(scope="session")
def results(official_env: dict[str, str]) -> dict[str, dict[str, dict[str, object]]]:
    """Each installed client's flow results, by client and flow (each script runs once)."""
    return {
        client: run_client(client, official_env)
        for client, marker in INSTALLED.items()
        if marker.exists()
    }


CASES = [(client, flow) for client, flows in FLOWS.items() for flow in flows]


@pytest.mark.parametrize(("client", "flow"), CASES, ids=[f"{c}:{f}" for c, f in CASES])
def test_official_client_flow(
    results: dict[str, dict[str, dict[str, object]]], client: str, flow: str
) -> None:
    if client not in results:
        pytest.skip(f"{client} is not installed: run 'make official-clients'")
    result = results[client].get(flow)
    assert result is not None, f"{client} did not report {flow}"
    bug = UPSTREAM_BUGS.get((client, flow))
    if bug is None:
        assert result["ok"], f"{client} {flow}: {result.get('error')}"
        return
    expected, why = bug
    assert not result["ok"], f"{client} {flow} passes now: drop it from UPSTREAM_BUGS ({why})"
    assert expected in str(result["error"]), result["error"]


def test_every_reported_flow_is_declared(
    results: dict[str, dict[str, dict[str, object]]],
) -> None:
    for client, reported in results.items():
        assert sorted(reported) == sorted(FLOWS[client]), client
