"""``predictions``, ``models``, ``files``, ``trainings``, ``webhooks`` and ``emulator`` end to end."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from replicate_emulator import sign_webhook

from replicate_ext import Replicate

from .conftest import CLI, wait_for


def test_predictions_list_get_cancel(cli: CLI, api: Replicate) -> None:
    running = api.predictions.create(model="replicate-ext/sleep", input={"seconds": 30})
    listed = cli("predictions", "list", "--limit", "5")
    assert listed.code == 0 and listed.out.startswith("ID ")
    assert running.id in listed.out
    as_json = cli("predictions", "list", "--json", "--limit", "3")
    assert running.id in [p["id"] for p in as_json.json()] and len(as_json.json()) <= 3
    for bad in ("0", "-2", "many"):  # before: --limit 0 was taken, and listed nothing
        refused = cli("predictions", "list", "--limit", bad)
        assert refused.code == 2 and "--limit" in refused.err, refused.err
    # The model has started (and logged) before it is canceled: the emulator may have been busy.
    assert wait_for(lambda: "Sleeping" in (api.predictions.get(running.id).logs or ""))
    canceled = cli("predictions", "cancel", running.id)
    assert canceled.code == 0
    assert canceled.out in (
        f"Canceled prediction {running.id}\n",
        f"Cancel requested for prediction {running.id} (status: processing)\n",
    )
    api.wait(running.id, timeout=5)
    shown = cli("predictions", "get", running.id)
    assert shown.code == 0
    assert f"id: {running.id}\n" in shown.out and "status: canceled\n" in shown.out
    assert "logs:\nSleeping for 30 seconds" in shown.out
    again = cli("predictions", "cancel", running.id, "--json")
    assert again.json()["status"] == "canceled"
    assert cli("predictions", "get", running.id, "--json").json()["id"] == running.id


def test_prediction_not_found_exits_3(cli: CLI) -> None:
    for verb in ("get", "cancel"):
        result = cli("predictions", verb, "no-such-prediction")
        assert result.code == 3
        assert result.err.startswith("error: 404") and "\nhint: " in result.err


def test_models_get_and_versions(cli: CLI) -> None:
    shown = cli("models", "get", "replicate-ext/tokens")
    assert shown.code == 0
    assert shown.out.startswith("replicate-ext/tokens: Streams text tokens")
    assert "  count (integer, default 8): Number of tokens\n" in shown.out
    model = cli("models", "get", "replicate-ext/tokens", "--json").json()
    version = model["latest_version"]["id"]
    listed = cli("models", "versions", "replicate-ext/tokens")
    assert listed.code == 0 and version in listed.out
    assert cli("models", "versions", "replicate-ext/tokens", "--json").json()[0]["id"] == version
    assert cli("models", "get", "nobody/nothing").code == 3
    assert cli("models", "versions", "replicate-ext/hello").code == 3  # official: no versions
    assert cli("models", "get", "not-a-ref").code == 2


def test_run_a_version(cli: CLI) -> None:
    version = cli("models", "get", "replicate-ext/tokens", "--json").json()["latest_version"]["id"]
    pinned = cli("run", f"replicate-ext/tokens:{version}", "-i", "count=2", "--json")
    assert pinned.code == 0, pinned.err
    assert pinned.json()["input"] == {"count": 2} and pinned.json()["version"] == version
    bare = cli("run", version, "-i", "count=2", "-i", "prompt=x")  # no schema: best effort
    assert (bare.code, bare.out) == (0, "x x\n")


def test_files_round_trip(cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"hello \x00 world\n" * 100
    source = tmp_path / "sample.bin"
    source.write_bytes(data)
    uploaded = cli("files", "upload", str(source), "--metadata", '{"by": "cli"}', "--json")
    assert uploaded.code == 0, uploaded.err
    file_id = uploaded.json()["id"]
    assert uploaded.json()["metadata"] == {"by": "cli"}
    assert file_id in cli("files", "list").out
    assert file_id in [f["id"] for f in cli("files", "list", "--json").json()]
    shown = cli("files", "get", file_id)
    assert f"id: {file_id}\nname: sample.bin\n" in shown.out and f"size: {len(data)}\n" in shown.out
    copy = tmp_path / "copy.bin"
    downloaded = cli("files", "download", file_id, "-o", str(copy))
    assert (downloaded.code, downloaded.out) == (0, f"{copy}\n")
    assert copy.read_bytes() == data
    monkeypatch.chdir(tmp_path / "..")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    assert cli("files", "download", file_id).out == "sample.bin\n"
    assert (work / "sample.bin").read_bytes() == data
    assert cli("files", "download", file_id).code == 2, "an existing file is not overwritten"
    deleted = cli("files", "delete", file_id)
    assert (deleted.code, deleted.out) == (0, f"Deleted file {file_id}\n")
    assert cli("files", "get", file_id).code == 3


def test_files_upload_human_output_and_usage(cli: CLI, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hi")
    result = cli("files", "upload", str(note))
    assert result.code == 0
    assert re.match(rf"Uploaded {re.escape(str(note))} as file \w+\nurl: http", result.out)
    assert cli("files", "upload", str(tmp_path / "missing")).code == 2
    assert cli("files", "upload", str(note), "--metadata", "[1]").code == 2


def test_trainings_create_get_cancel(cli: CLI, api: Replicate) -> None:
    owner = str(api.account.get().username)
    name = f"cli-tuned-{uuid.uuid4().hex[:8]}"
    api.models.create(owner, name, visibility="private", hardware="cpu")
    started = cli(
        "trainings", "create", "replicate-ext/echo", "--destination", f"{owner}/{name}",
        "-i", "steps=1", "--json",
    )  # fmt: skip
    assert started.code == 0, started.err
    training = started.json()
    assert training["input"] == {"steps": 1}
    shown = cli("trainings", "get", training["id"])
    assert shown.code == 0 and f"id: {training['id']}\n" in shown.out
    second = cli("trainings", "create", "replicate-ext/echo", "--destination", f"{owner}/{name}")
    tid = re.fullmatch(r"Started training (\w+) \(status: \w+\)\n", second.out)
    assert tid, second.out
    canceled = cli("trainings", "cancel", tid.group(1), "--json")
    assert canceled.code == 0 and canceled.json()["id"] == tid.group(1)
    assert cli("trainings", "get", "nope").code == 3
    missing = cli("trainings", "create", "replicate-ext/echo", "--destination", "nobody/nothing")
    assert missing.code == 3
    assert cli("trainings", "create", "replicate-ext/echo").code == 2  # --destination required


def _delivery(tmp_path: Path, secret: str, body: bytes, *, stamp: int | None = None) -> list[str]:
    path = tmp_path / "body.json"
    path.write_bytes(body)
    stamp = int(time.time()) if stamp is None else stamp
    signature = sign_webhook(secret, "msg_1", stamp, body)
    return [
        "--body-file", str(path),
        "--header", "webhook-id: msg_1",
        "--header", f"Webhook-Timestamp: {stamp}",
        "--header", f"webhook-signature: {signature}",
    ]  # fmt: skip


def test_webhooks_secret_and_verify(cli: CLI, api: Replicate, tmp_path: Path) -> None:
    secret = str(api.webhooks.default.secret.get().key)
    shown = cli("webhooks", "secret")
    assert (shown.code, shown.out) == (0, f"{secret}\n")
    assert cli("webhooks", "secret", "--json").json() == {"key": secret}
    body = b'{"id": "p1", "status": "succeeded"}'
    valid = cli("webhooks", "verify", "--secret", secret, *_delivery(tmp_path, secret, body))
    assert (valid.code, valid.out) == (0, "valid: webhook msg_1\n")
    as_json = cli(
        "webhooks", "verify", "--json", "--secret", secret, *_delivery(tmp_path, secret, body)
    )
    assert as_json.json() == {"valid": True, "webhook_id": "msg_1"}
    headers = _delivery(tmp_path, secret, body)[2:]
    piped = cli("webhooks", "verify", "--secret", secret, *headers, stdin=body)
    assert piped.code == 0, piped.err
    tampered = cli("webhooks", "verify", "--secret", secret, *headers, stdin=body + b" ")
    assert tampered.code == 1 and tampered.err.startswith(
        "error: invalid webhook: no webhook-signature"
    )
    stale = cli(
        "webhooks", "verify", "--secret", secret, *_delivery(tmp_path, secret, body, stamp=1)
    )
    assert stale.code == 1 and "tolerance" in stale.err
    anyage = _delivery(tmp_path, secret, body, stamp=1)
    assert cli("webhooks", "verify", "--secret", secret, "--tolerance", "-1", *anyage).code == 0
    unsigned = cli(
        "webhooks", "verify", "--secret", secret, "--header", "webhook-id: x", stdin=body
    )
    assert unsigned.code == 1 and "header" in unsigned.err


def test_webhooks_verify_usage(cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert cli("webhooks", "verify", stdin=b"{}").code == 2  # no secret
    bad_secret = cli(
        "webhooks",
        "verify",
        "--secret",
        "r8_not_a_secret",
        *_delivery(tmp_path, "whsec_AAAA", b"{}"),
    )
    assert bad_secret.code == 2 and "API token" in bad_secret.err
    assert cli("webhooks", "verify", "--secret", "whsec_AAAA", "--header", "nocolon").code == 2
    missing = cli(
        "webhooks", "verify", "--secret", "whsec_AAAA", "--body-file", str(tmp_path / "x")
    )
    assert missing.code == 2
    monkeypatch.setenv("REPLICATE_WEBHOOK_SECRET", "whsec_AAAA")
    from_env = cli("webhooks", "verify", *_delivery(tmp_path, "whsec_AAAA", b"{}"))
    assert from_env.code == 0, from_env.err


def test_emulator_command_usage(cli: CLI, tmp_path: Path) -> None:
    assert cli("emulator", "--model", "nonsense").code == 2
    # Before: a traceback (a predictor file that is not there; a speed of 0).
    missing = cli("emulator", "--model", f"acme/x={tmp_path}/nope.py:Nope", "--port", "0")
    assert missing.code == 2 and "predictor file not found" in missing.err, missing.err
    stopped = cli("emulator", "--speed", "0", "--port", "0")
    assert stopped.code == 2 and "speed=0.0 must be positive" in stopped.err, stopped.err
    shown = cli("emulator", "--help")
    assert shown.code == 0 and "--port" in shown.out


def test_emulator_command_serves(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    token = "r8_cli_emulator_token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "replicate_ext.cli", "emulator", "--port", "0", "--token", token],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.fullmatch(r"Replicate emulator ready at (\S+) \(token: r8_\w+\)\n", line)
        assert match, line
        monkeypatch.setenv("REPLICATE_BASE_URL", match.group(1))
        monkeypatch.setenv("REPLICATE_API_TOKEN", token)
        result = cli("run", "replicate-ext/hello", "-i", "name=emulator")
        assert (result.code, result.out) == (0, "hello emulator\n")
        assert token not in result.out + result.err
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
