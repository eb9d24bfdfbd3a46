"""The benchmark's own virtual environments, one per client package, under ``bench/.venvs/``.

The official packages are both named ``replicate``, so each client gets its own environment.
Every environment pins the same ``httpx`` as the project's, so that the comparison measures the
clients, not two httpx versions. An environment is (re)installed only when its requirements or
the project's ``pyproject.toml`` change (a stamp file records them).
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENVS = BENCH / ".venvs"

#: Which environment each adapter runs in (raw httpx shares ours: the very same httpx).
CLIENT_ENV = {"raw_httpx": "ours", "ours": "ours", "replicate_v1": "v1", "replicate_v2": "v2"}


def requirements() -> dict[str, list[str]]:
    """``pip install`` arguments of each environment."""
    httpx = f"httpx=={version('httpx')}"
    return {
        # pyinstrument (--profile) and py-spy profile the scenarios that miss a target
        "ours": ["-e", str(ROOT), httpx, "pyinstrument==5.1.3", "py-spy==0.4.3"],
        "v1": ["replicate==1.0.7", httpx],
        "v2": ["--pre", "replicate==2.0.0b4", httpx],
    }


def python(env: str) -> Path:
    """The interpreter of environment ``env``."""
    return VENVS / env / "bin" / "python"


def _stamp(args: list[str]) -> str:
    if "-e" not in args:
        return " ".join(args)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return " ".join([*args, f"pyproject={digest}"])  # the project's dependencies may change


def ensure(env: str, args: list[str], log: Path) -> None:
    """Create environment ``env`` and install ``args`` into it, unless already done."""
    stamp_file = VENVS / env / ".bench-stamp"
    stamp = _stamp(args)
    if python(env).exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return
    print(f"  installing {env}: {' '.join(args)}", flush=True)
    base = getattr(sys, "_base_executable", sys.executable)
    with log.open("a") as out:
        subprocess.run([base, "-m", "venv", str(VENVS / env)], check=True, stdout=out)  # noqa: S603
        pip = [str(python(env)), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, *args], check=True, stdout=out, stderr=out)  # noqa: S603
    stamp_file.write_text(stamp)


def ensure_all(envs: set[str]) -> None:
    """Install every environment in ``envs`` (``ours``, ``v1``, ``v2``)."""
    VENVS.mkdir(parents=True, exist_ok=True)
    log = VENVS / "install.log"
    for env, args in requirements().items():
        if env in envs:
            ensure(env, args, log)
