"""Files out: URL outputs wrapped in :class:`FileOutput`, a ``str`` that can also download itself.

``run()`` wraps every output string that is an ``http(s)://`` or ``data:`` URL. The value is still
the URL, so code that treats outputs as strings keeps working. Downloads stream in chunks, decode
``data:`` URLs locally, retry like every other request (a connection dropped mid-body resumes
where it broke, see ``_downloads``), and send the API token only when the URL is
on the API's own origin.

Example:
    >>> out = FileOutput("data:text/plain;base64,aGVsbG8=")
    >>> out.read(), out.url == out
    (b'hello', True)
"""

from __future__ import annotations

import base64
import binascii
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from ._downloads import Download
from .errors import InvalidArgumentError, ReplicateError, ResponseDecodeError, snippet

if TYPE_CHECKING:
    from ._http import AsyncHTTP, SyncHTTP

__all__ = ["FileOutput", "wrap_outputs"]

_URL_PREFIXES = ("https://", "http://", "data:")
CHUNK_SIZE = 1 << 16


def _decode_data_url(url: str) -> bytes:
    header, sep, payload = url.partition(",")
    if not sep:
        raise ResponseDecodeError("A data: URL output has no ',' separating its data.")
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise ResponseDecodeError("A data: URL output is not valid base64.") from None
    return urllib.parse.unquote_to_bytes(payload)


def _broken(
    http: SyncHTTP | AsyncHTTP, response: httpx.Response, exc: httpx.HTTPError
) -> ReplicateError:
    """Our error for a download that failed part way: undecodable, or the connection failed."""
    if isinstance(exc, httpx.TransportError):
        return http.failures.transport_error(exc, response.request, idempotent=True)
    return ResponseDecodeError(
        f"The download could not be decoded ({snippet(str(exc))}).",
        status=response.status_code,
        method=response.request.method,
        path=response.request.url.path,
    )


def _part(target: Path) -> Path:
    """Where a download goes until it is complete."""
    return target.with_name(target.name + ".part")


def _after_break(
    http: SyncHTTP | AsyncHTTP, download: Download, response: httpx.Response, exc: httpx.HTTPError
) -> float:
    """Seconds before a download that broke mid-body resumes (see ``_downloads``).

    Raises:
        ReplicateError: It cannot resume (undecodable, not resumable, retries spent).
    """
    delay = download.resume_after(http.failures) if isinstance(exc, httpx.TransportError) else None
    if delay is None:
        raise _broken(http, response, exc) from exc
    return delay


class FileOutput(str):
    """A file the model produced: the URL as a string, plus ways to fetch its bytes.

    It downloads with the client that made it. A copy (``copy.copy``, ``copy.deepcopy``) is
    the same object, client included. A pickled one (sent to another process) keeps only its
    URL, and downloads with the default client there (:func:`~replicate_ext.default_client`
    or :func:`~replicate_ext.default_async_client`, configured from the ``REPLICATE_*``
    variables), as does one made from a URL (``FileOutput(url)``).

    Example:
        >>> FileOutput("data:,hi").read()
        b'hi'
        >>> import pickle
        >>> pickle.loads(pickle.dumps(FileOutput("https://x/1.png"))).url
        'https://x/1.png'
    """

    _sync: SyncHTTP | None
    _async: AsyncHTTP | None

    def __new__(
        cls, url: str, *, sync: SyncHTTP | None = None, async_: AsyncHTTP | None = None
    ) -> FileOutput:
        obj = super().__new__(cls, url)
        obj._sync = sync
        obj._async = async_
        return obj

    @property
    def url(self) -> str:
        """The URL, as a plain ``str``.

        Example:
            >>> type(FileOutput("https://example.com/a.png").url)
            <class 'str'>
        """
        return str.__str__(self)

    def __repr__(self) -> str:
        url = self.url
        return f"FileOutput({url if len(url) <= 80 else url[:79] + '…'!r})"  # cut: visibly

    def __reduce__(self) -> tuple[Any, ...]:
        return FileOutput, (self.url,)  # a client (its pool, its locks) does not cross processes

    def __copy__(self) -> FileOutput:
        return self  # immutable, like the str it is

    def __deepcopy__(self, memo: dict[int, Any]) -> FileOutput:
        return self

    def _sync_http(self) -> SyncHTTP:
        if self._sync is not None:
            return self._sync
        if self._async is not None:
            raise InvalidArgumentError(
                "This FileOutput came from an async client: use aread(), aiter_bytes() or asave()."
            )
        from ._default import default_client

        return default_client()._http

    def _async_http(self) -> AsyncHTTP:
        if self._async is not None:
            return self._async
        if self._sync is not None:
            raise InvalidArgumentError(
                "This FileOutput came from a blocking client: use read(), iter_bytes() or save()."
            )
        from ._default import default_async_client

        return default_async_client()._http

    def iter_bytes(self, chunk_size: int | None = CHUNK_SIZE) -> Iterator[bytes]:
        """Stream the file's bytes in chunks (constant memory).

        Example:
            >>> b"".join(FileOutput("data:,abc").iter_bytes())
            b'abc'
        """
        if self.url.startswith("data:"):
            yield _decode_data_url(self.url)
            return
        http = self._sync_http()
        download = Download()
        while not download.complete:
            request = http.get_request(self.url, download.headers())
            response = http.send(request, idempotent=True, stream=True)
            download.started(response)
            try:
                for chunk in response.iter_bytes(chunk_size):
                    if data := download.fresh(chunk):
                        yield data
                return
            except (httpx.DecodingError, httpx.TransportError) as exc:
                delay = _after_break(http, download, response, exc)
            finally:
                response.close()
            time.sleep(delay)

    def read(self) -> bytes:
        """The whole file. Example: ``png = output.read()``."""
        return b"".join(self.iter_bytes(chunk_size=None))  # chunks as read: no re-chunking

    def save(self, path: str | Path) -> Path:
        """Stream the file to ``path`` and return it; a download that fails leaves ``path`` as it
        was (the bytes go to ``path.part`` first). Example: ``output.save("out.png")``."""
        target = Path(path)
        part = _part(target)
        try:
            with part.open("wb") as out:
                for chunk in self.iter_bytes(chunk_size=None):  # chunks as read: no re-chunking
                    out.write(chunk)
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
        return target

    async def aiter_bytes(self, chunk_size: int | None = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """Stream the file's bytes (async). Example: ``async for chunk in output.aiter_bytes(): ...``."""
        if self.url.startswith("data:"):
            yield _decode_data_url(self.url)
            return
        http = self._async_http()
        download = Download()
        while not download.complete:
            request = http.get_request(self.url, download.headers())
            response = await http.send(request, idempotent=True, stream=True)
            download.started(response)
            try:
                async for chunk in response.aiter_bytes(chunk_size):
                    if data := download.fresh(chunk):
                        yield data
                return
            except (httpx.DecodingError, httpx.TransportError) as exc:
                delay = _after_break(http, download, response, exc)
            finally:
                await response.aclose()
            import asyncio  # (not at import time: the blocking client does not need it)

            await asyncio.sleep(delay)

    async def aread(self) -> bytes:
        """The whole file (async). Example: ``png = await output.aread()``."""
        return b"".join([chunk async for chunk in self.aiter_bytes(chunk_size=None)])

    async def asave(self, path: str | Path) -> Path:
        """Stream the file to ``path`` (async; as :meth:`save`). Example:
        ``await output.asave("out.png")``."""
        import anyio

        target = Path(path)
        part = _part(target)
        try:
            async with await anyio.open_file(part, "wb") as out:
                async for chunk in self.aiter_bytes(chunk_size=None):
                    await out.write(chunk)
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
        return target


def wrap_outputs(
    value: Any, *, sync: SyncHTTP | None = None, async_: AsyncHTTP | None = None
) -> Any:
    """Wrap every URL string in an output (at any depth of lists and dicts) in :class:`FileOutput`.

    Example:
        >>> wrap_outputs({"images": ["https://x/1.png"], "n": 1, "caption": "a cat"})["images"][0]
        FileOutput('https://x/1.png')
    """
    if isinstance(value, str):
        if value.startswith(_URL_PREFIXES):
            return FileOutput(value, sync=sync, async_=async_)
        return value
    if isinstance(value, list):
        return [wrap_outputs(item, sync=sync, async_=async_) for item in value]
    if isinstance(value, dict):
        return {key: wrap_outputs(item, sync=sync, async_=async_) for key, item in value.items()}
    return value
