"""The official clients as test peers: a TLS emulator, its fixtures, and each client's results.

The clients live outside the project's virtualenv (both Python packages are named
``replicate``): ``make official-clients`` (a prerequisite of ``make pytest``) installs
``.venv-official/v1`` (1.0.x), ``.venv-official/v2`` (the newest 2.x pre-release) and
``tests/official/node_modules`` (the npm package, pinned by ``package-lock.json``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from replicate_emulator import Emulator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CLIENTS = HERE / "clients"
TOKEN = "r8_officialclients000000000000000000000"

#: How each client's flow script is started: (interpreter or runtime, script).
COMMANDS = {
    "py-1.0": (ROOT / ".venv-official" / "v1" / "bin" / "python", CLIENTS / "py_v1.py"),
    "py-2.x": (ROOT / ".venv-official" / "v2" / "bin" / "python", CLIENTS / "py_v2.py"),
    "js": (Path(shutil.which("node") or "node"), CLIENTS / "js.mjs"),
}
INSTALLED = {
    "py-1.0": COMMANDS["py-1.0"][0],
    "py-2.x": COMMANDS["py-2.x"][0],
    "js": HERE / "node_modules" / "replicate" / "package.json",
}

# The flow scripts import the official clients, which this virtualenv does not have.
collect_ignore = ["clients"]


@pytest.fixture(scope="session")
def official_emulator() -> Iterator[Emulator]:
    """A TLS emulator (so output files are https URLs, which the clients treat as files)."""
    with Emulator(token=TOKEN, tls=True, page_size=2) as emu:
        yield emu


@pytest.fixture(scope="session")
def official_env(official_emulator: Emulator) -> dict[str, str]:
    """The environment of the flow scripts: the emulator, its CA, and the fixtures they use."""
    return make_env(official_emulator)


def make_env(emu: Emulator) -> dict[str, str]:
    """Create the scripts' fixtures on ``emu`` (a TLS emulator); return their environment."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(base_url=emu.base_url, headers=auth, verify=emu.ssl_context() or True) as h:
        version = h.get("/models/replicate-ext/echo").json()["latest_version"]["id"]
        deployment = {
            "name": "echo-official",
            "model": "replicate-ext/echo",
            "version": version,
            "hardware": "cpu",
            "min_instances": 0,
            "max_instances": 1,
        }
        h.post("/deployments", json=deployment).raise_for_status()
        destination = {"owner": "emulator", "name": "tuned", "visibility": "private"}
        h.post("/models", json={**destination, "hardware": "cpu"}).raise_for_status()
    fixtures = {"version": version, "deployment": "emulator/echo-official"}
    fixtures["destination"] = "emulator/tuned"
    ca = str(emu.ca_path)
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("REPLICATE_")},
        "REPLICATE_BASE_URL": emu.base_url,
        "REPLICATE_API_TOKEN": TOKEN,
        "SSL_CERT_FILE": ca,
        "NODE_EXTRA_CA_CERTS": ca,
        "OFFICIAL_FIXTURES": json.dumps(fixtures),
    }


def run_client(client: str, env: dict[str, str]) -> dict[str, dict[str, object]]:
    """Run one client's flow script; return each flow's result by name."""
    runtime, script = COMMANDS[client]
    done = subprocess.run(
        [str(runtime), str(script)],
        env={**env, "PYTHONPATH": str(HERE.parent)},  # the scripts import official.clients.harness
        cwd=CLIENTS,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    results = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["flow"]] = result
    if done.returncode != 0 or not results:
        raise AssertionError(f"{client} flows exited {done.returncode}:\n{done.stderr[-3000:]}")
    return results
