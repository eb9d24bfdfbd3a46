"""The hot path: GET /v1/predictions/{id} from another process, keep-alive."""

from __future__ import annotations

import os

import httpx

from replicate_ext.emulator import Emulator
from replicate_ext.emulator.bench import measure

from .helpers import AUTH


def test_get_prediction_throughput(emu: Emulator, api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/hello/predictions", json={"input": {}}, headers={"Prefer": "wait"}
    ).json()
    token = AUTH["Authorization"].removeprefix("Bearer ")
    env_backup = os.environ.get("PYTHONPATH")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env_backup]))
    try:
        rate = measure(created["urls"]["get"], token, seconds=1.0)
        if rate < 1500:  # other processes may be loading this 2-core machine: try once more
            rate = max(rate, measure(created["urls"]["get"], token, seconds=1.0))
    finally:
        if env_backup is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = env_backup
    assert rate >= 1500, f"only {rate:.0f} GET /v1/predictions/{{id}} per second"
