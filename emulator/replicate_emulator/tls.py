"""HTTPS on loopback: a certificate authority made at start-up, with ``trustme``.

``Emulator(tls=True)`` (``--tls`` on the command line) serves the API, its streams and its file
deliveries over HTTPS, so output files are ``https://`` URLs, the only ones (with ``data:``)
that the official clients treat as files. Its server certificate names ``127.0.0.1``,
``localhost``, ``::1`` and the host it listens on, and is signed by a CA made when the
emulator is created; the CA's certificate is written to a PEM file whose path the emulator
prints (``emu.ca_path``). Trust it with:

- Python (httpx, so replicate-ext and both official Python clients): ``SSL_CERT_FILE=<path>``
  (it replaces the default bundle for that process), or ``verify=emu.ssl_context()``;
- Node (the official JavaScript client): ``NODE_EXTRA_CA_CERTS=<path>`` (added to Node's CAs);
- curl: ``--cacert <path>``.

Example:
    >>> ca = LocalCA(["127.0.0.1"])
    >>> ca.ca_path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    True
    >>> ca.close()
"""

from __future__ import annotations

import shutil
import ssl
import tempfile
from collections.abc import Iterable
from pathlib import Path

__all__ = ["LocalCA"]

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class LocalCA:
    """A throwaway CA and one server certificate for the given hosts, as PEM files.

    Args:
        hosts: Names and addresses the server certificate must cover (loopback ones are
            always included).

    Example:
        >>> ca = LocalCA(["127.0.0.1"])
        >>> ca.server_pem.exists(), isinstance(ca.ssl_context(), ssl.SSLContext)
        (True, True)
        >>> ca.close()
    """

    def __init__(self, hosts: Iterable[str]) -> None:
        import trustme

        names = list(dict.fromkeys([*_LOOPBACK, *hosts]))
        self._ca = trustme.CA(organization_name="replicate-ext emulator")
        self._cert = self._ca.issue_cert(*names)
        self.directory = Path(tempfile.mkdtemp(prefix="replicate-emulator-tls-"))
        self.ca_path = self.directory / "ca.pem"
        """The CA certificate (PEM): the bundle clients are told to trust."""
        self.server_pem = self.directory / "server.pem"
        """The server's private key and certificate chain (PEM), for the HTTP server."""
        self.write()

    def write(self) -> None:
        """Write the PEM files (again, after :meth:`close`): the same CA, the same paths."""
        self.directory.mkdir(mode=0o700, exist_ok=True)
        self._ca.cert_pem.write_to_path(str(self.ca_path))
        self._cert.private_key_and_cert_chain_pem.write_to_path(str(self.server_pem))
        self.server_pem.chmod(0o600)

    def ssl_context(self) -> ssl.SSLContext:
        """Return a client SSL context that trusts this CA (and only it).

        Example:
            >>> ca = LocalCA([])
            >>> ca.ssl_context().verify_mode == ssl.CERT_REQUIRED
            True
            >>> ca.close()
        """
        return ssl.create_default_context(cafile=str(self.ca_path))

    def close(self) -> None:
        """Delete the PEM files."""
        shutil.rmtree(self.directory, ignore_errors=True)
