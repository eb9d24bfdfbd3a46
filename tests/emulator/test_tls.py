"""TLS mode: HTTPS on loopback with a CA made at start-up, trusted by emu.client()."""

from __future__ import annotations

import os
import re
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN

ROOT = Path(__file__).resolve().parents[2]


def test_tls_serves_the_api_streams_and_files_over_https() -> None:
    with Emulator(token=TOKEN, tls=True) as emu:
        assert emu.base_url.startswith("https://127.0.0.1:")
        ca_path = emu.ca_path
        assert ca_path is not None and ca_path.read_text().startswith("-----BEGIN CERTIFICATE")
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            httpx.get(emu.base_url + "/account", headers=AUTH)
        with httpx.Client(verify=ssl.create_default_context(cafile=str(ca_path))) as http:
            assert http.get(emu.base_url + "/account", headers=AUTH).status_code == 200
        with emu.client() as client:
            prediction = client.predictions.create(
                model="replicate-ext/image", input={"width": 2, "height": 2}, wait=True
            )
            assert prediction.urls is not None
            assert str(prediction.urls.stream).startswith("https://")
            output = prediction.output
            assert isinstance(output, str) and output.startswith("https://127.0.0.1:")
            upload = client.files.create(b"abc", filename="a.txt")
            assert upload.urls is not None
            assert str(upload.urls.get).startswith("https://")
            assert b"".join(client.files.download(upload)) == b"abc"
            tokens = [str(e) for e in client.stream("replicate-ext/tokens", input={"count": 2})]
            assert len(tokens) == 2
        with httpx.Client(verify=emu.ssl_context() or True) as http:
            assert http.get(output).content.startswith(b"\x89PNG")
    assert not ca_path.exists(), "the CA files are removed when the emulator stops"


async def test_async_client_trusts_the_emulator_ca() -> None:
    with Emulator(token=TOKEN, tls=True) as emu:
        async with emu.async_client() as client:
            assert await client.run("replicate-ext/hello", input={"name": "TLS"}) == "hello TLS"


def test_cli_tls_prints_the_ca_bundle_before_the_ready_line() -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-m", "replicate_emulator", "--port", "0", "--token", TOKEN, "--tls"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        assert proc.stdout is not None
        ca_line, ready = proc.stdout.readline(), proc.stdout.readline()
        ca = re.match(r"^CA bundle: (\S+) \(trust it: SSL_CERT_FILE .*NODE_EXTRA_CA_CERTS", ca_line)
        url = re.match(r"^Replicate emulator ready at (https://127\.0\.0\.1:\d+/v1) ", ready)
        assert ca and url, ca_line + ready
        response = httpx.get(
            url[1] + "/account", headers=AUTH, verify=ssl.create_default_context(cafile=ca[1])
        )
        assert response.status_code == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=15)
    assert proc.returncode == 0
