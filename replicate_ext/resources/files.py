"""The Files API (``client.files``): upload, list, get, delete and download, sync and async.

Uploads are multipart requests built with httpx (a random boundary per request), never with
the generated upload call, whose fixed boundary corrupts files that contain it.

Example:
    >>> f = client.files.create(Path("photo.png"), metadata={"source": "camera"})  # doctest: +SKIP
    >>> b"".join(client.files.download(f.id))[:8]                                 # doctest: +SKIP
    b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import httpx

from .._operations import Call, list_call, operation, parse_response
from ..errors import InvalidArgumentError
from ..pagination import Page
from ._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from replicate_api.models import FileObject

__all__ = ["MAX_FILE_SIZE", "AsyncFiles", "FileInput", "Files", "upload_parts"]

#: The Files API refuses uploads larger than this (100 MB).
MAX_FILE_SIZE = 100 * 1000 * 1000

FileInput = bytes | bytearray | Path | IO[bytes]


def _size(content: bytes | IO[bytes]) -> int | None:
    if isinstance(content, bytes):
        return len(content)
    try:
        pos = content.tell()
        end = content.seek(0, os.SEEK_END)
        content.seek(pos)
        return end - pos
    except (OSError, AttributeError, ValueError):
        return None


def upload_parts(
    file: FileInput,
    *,
    filename: str | None = None,
    content_type: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, str], IO[bytes] | None]:
    """The ``files`` and ``data`` arguments of the multipart upload, and a file to close after.

    Raises:
        InvalidArgumentError: Not a file-like input, or over the API's 100 MB limit.

    Example:
        >>> files, data, _ = upload_parts(b"hi", filename="a.txt")
        >>> files["content"][0], files["content"][2], data["filename"]
        ('a.txt', 'text/plain', 'a.txt')
    """
    opened: IO[bytes] | None = None
    content: bytes | IO[bytes]
    if isinstance(file, Path):
        opened = content = file.open("rb")
        filename = filename or file.name
    elif isinstance(file, bytes | bytearray):
        content = bytes(file)
    elif hasattr(file, "read"):
        content = file
        name = getattr(file, "name", None)
        if filename is None and isinstance(name, str):
            filename = os.path.basename(name)
    else:
        raise InvalidArgumentError(
            f"Cannot upload {type(file).__name__}: pass bytes, a pathlib.Path or a binary file."
        )
    size = _size(content)
    if size is not None and size > MAX_FILE_SIZE:
        if opened is not None:
            opened.close()
        raise InvalidArgumentError(
            f"The file is {size:,} bytes, over the Files API's limit of {MAX_FILE_SIZE:,} bytes; "
            "host it elsewhere and pass its URL instead."
        )
    filename = filename or "file"
    if content_type is None:
        content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    data = {"filename": filename, "type": content_type}
    if metadata is not None:
        data["metadata"] = json.dumps(metadata)
    return {"content": (filename, content, content_type)}, data, opened


def _upload_request(http: Any, parts: tuple[dict[str, Any], dict[str, str], Any]) -> httpx.Request:
    files, data, _ = parts
    request = http.client.build_request(
        "POST", http.url("/files"), files=files, data=data, headers=http.headers
    )
    return http.authorize(request)  # type: ignore[no-any-return]


def _list_call(cursor: str | None) -> Call:
    return list_call("files.files_list", cursor=cursor)


def _download_url(file: Any) -> str:
    urls = getattr(file, "urls", None)
    url = getattr(urls, "get", None)
    if not isinstance(url, str):
        raise InvalidArgumentError(
            "This file has no download URL (urls.get); fetch it with files.get()."
        )
    return url


class Files(SyncResource):
    """``client.files``."""

    def create(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> FileObject:
        """Upload a file (at most 100 MB).

        Args:
            file: ``bytes``, a ``pathlib.Path`` or a binary file object.
            filename: The name to store; defaults to the path's or file's name.
            content_type: Defaults to a guess from the filename.
            metadata: JSON-serialisable metadata stored with the file.

        Example:
            >>> client.files.create(b"hello", filename="hello.txt").id  # doctest: +SKIP
        """
        parts = upload_parts(file, filename=filename, content_type=content_type, metadata=metadata)
        try:
            response = self._http.send(_upload_request(self._http, parts), idempotent=False)
        finally:
            if parts[2] is not None:
                parts[2].close()
        result: FileObject = parse_response(operation("files.files_create"), response)
        return result

    def list(self, *, cursor: str | None = None) -> Page[FileObject]:
        """One page of your files. Example: ``client.files.list().results``."""
        result: Page[FileObject] = self._http.call(_list_call(cursor))
        return result

    def get(self, file_id: str) -> FileObject:
        """A file's details. Example: ``client.files.get(fid).checksums``."""
        result: FileObject = self._http.call(Call("files.files_get", {"file_id": file_id}))
        return result

    def delete(self, file_id: str) -> None:
        """Delete a file. Example: ``client.files.delete(fid)``."""
        self._http.call(Call("files.files_delete", {"file_id": file_id}))

    def download(self, file: str | FileObject, *, chunk_size: int = 65536) -> Iterator[bytes]:
        """Stream a file's content in chunks (constant memory).

        Example:
            >>> with open("out.bin", "wb") as out:                  # doctest: +SKIP
            ...     for chunk in client.files.download(fid):
            ...         out.write(chunk)
        """
        obj = self.get(file) if isinstance(file, str) else file
        request = self._http.get_request(_download_url(obj))
        response = self._http.send(request, idempotent=True, stream=True)
        try:
            yield from response.iter_bytes(chunk_size)
        finally:
            response.close()


class AsyncFiles(AsyncResource):
    """``client.files`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def create(
        self,
        file: FileInput,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> FileObject:
        """Upload a file. Example: ``await client.files.create(b"hi", filename="a.txt")``."""
        parts = upload_parts(file, filename=filename, content_type=content_type, metadata=metadata)
        try:
            response = await self._http.send(_upload_request(self._http, parts), idempotent=False)
        finally:
            if parts[2] is not None:
                parts[2].close()
        result: FileObject = parse_response(operation("files.files_create"), response)
        return result

    async def list(self, *, cursor: str | None = None) -> Page[FileObject]:
        """One page of files. Example: ``await client.files.list()``."""
        result: Page[FileObject] = await self._http.call(_list_call(cursor))
        return result

    async def get(self, file_id: str) -> FileObject:
        """A file's details. Example: ``await client.files.get(fid)``."""
        result: FileObject = await self._http.call(Call("files.files_get", {"file_id": file_id}))
        return result

    async def delete(self, file_id: str) -> None:
        """Delete a file. Example: ``await client.files.delete(fid)``."""
        await self._http.call(Call("files.files_delete", {"file_id": file_id}))

    async def download(
        self, file: str | FileObject, *, chunk_size: int = 65536
    ) -> AsyncIterator[bytes]:
        """Stream a file's content. Example: ``async for chunk in client.files.download(fid): ...``."""
        obj = await self.get(file) if isinstance(file, str) else file
        request = self._http.get_request(_download_url(obj))
        response = await self._http.send(request, idempotent=True, stream=True)
        try:
            async for chunk in response.aiter_bytes(chunk_size):
                yield chunk
        finally:
            await response.aclose()
