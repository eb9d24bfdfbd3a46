"""The Files API (``client.files``): upload, list, get, delete and download, sync and async.

Uploads are multipart requests built by our one request builder (httpx picks a random
boundary) with ``metadata`` as a JSON form field, and parsed by the generated
``files_create.parse_response``: the generated ``build_request`` sends ``metadata`` as a JSON
file part, which not every server parses.

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
from typing import IO, Any, Unpack, overload

from replicate_api.api.files import files_create, files_delete, files_get, files_list
from replicate_api.models import FileObject
from replicate_api.types import UNSET

from .._binding import S, api
from .._call import Call, CallOptions, Flow, page_of
from .._http import AsyncHTTP, SyncHTTP
from ..errors import InvalidArgumentError
from ..file_input import MAX_FILE_SIZE
from ..pagination import Page
from ._resource import Resource

__all__ = ["MAX_FILE_SIZE", "FileInput", "Files", "UploadOptions", "upload_flow", "upload_parts"]


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
        InvalidArgumentError: Not a file-like input, a path that cannot be read, or over the
            API's 100 MB limit.

    Example:
        >>> files, data, _ = upload_parts(b"hi", filename="a.txt")
        >>> files["content"][0], files["content"][2], data["filename"]
        ('a.txt', 'text/plain', 'a.txt')
    """
    opened: IO[bytes] | None = None
    content: bytes | IO[bytes]
    if isinstance(file, Path):
        try:
            opened = content = file.open("rb")
        except OSError as exc:  # missing, a directory, not readable: nothing is sent
            raise InvalidArgumentError(
                f"Cannot upload {str(file)!r}: {exc.strerror or exc}."
            ) from None
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


class UploadOptions(CallOptions, total=False):
    """The keywords of ``files.create``.

    Attributes:
        filename: The name to store; defaults to the path's or file's name.
        content_type: Defaults to a guess from the filename.
        metadata: JSON-serialisable metadata stored with the file.
    """

    filename: str | None
    content_type: str | None
    metadata: dict[str, Any] | None


def upload_flow(file: FileInput, **params: Unpack[UploadOptions]) -> Flow[FileObject]:
    """Upload a file: one call, and the file it opened closed afterwards.

    Example:
        >>> call = next(upload_flow(b"hi", filename="a.txt"))
        >>> call.request["method"], call.request["url"], call.idempotent
        ('POST', '/files', False)
    """
    files, data, opened = upload_parts(
        file,
        filename=params.get("filename"),
        content_type=params.get("content_type"),
        metadata=params.get("metadata"),
    )
    request = {"method": "POST", "url": "/files", "files": files, "data": data}
    call = Call(request, files_create.parse_response, idempotent=False)
    try:
        uploaded: FileObject = yield call.with_options(
            timeout=params.get("timeout"), extra_headers=params.get("extra_headers")
        )
    finally:
        if opened is not None:
            opened.close()
    return uploaded


def _download_url(file: Any) -> str:
    urls = getattr(file, "urls", None)
    url = getattr(urls, "get", None)
    if not isinstance(url, str):
        raise InvalidArgumentError(
            "This file has no download URL (urls.get); fetch it with files.get()."
        )
    return url


class Files(Resource[S]):
    """``client.files``: upload, list, get, delete and download files."""

    @api
    def create(self, file: FileInput, **params: Unpack[UploadOptions]) -> Flow[FileObject]:
        """Upload a file (at most 100 MB).

        Args:
            file: ``bytes``, a ``pathlib.Path`` or a binary file object.
            **params: ``filename`` (defaults to the path's or file's name), ``content_type``
                (defaults to a guess from the filename), ``metadata`` (JSON-serialisable) and
                the per-call options (see :class:`UploadOptions`).

        Example:
            >>> client.files.create(b"hello", filename="hello.txt").id  # doctest: +SKIP
        """
        return upload_flow(file, **params)

    @api
    def list(
        self, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[FileObject]]:
        """One page of your files. Example: ``client.files.list().results``."""
        request = files_list.build_request(cursor=cursor or UNSET)
        return Call(request, page_of(files_list.parse_response)).with_options(**options)

    @api
    def get(self, file_id: str, **options: Unpack[CallOptions]) -> Call[FileObject]:
        """A file's details. Example: ``client.files.get(fid).checksums``."""
        request = files_get.build_request(file_id)
        return Call(request, files_get.parse_response).with_options(**options)

    @api
    def delete(self, file_id: str, **options: Unpack[CallOptions]) -> Call[None]:
        """Delete a file. Example: ``client.files.delete(fid)``."""
        request = files_delete.build_request(file_id)
        return Call(request, files_delete.parse_response).with_options(**options)

    @overload
    def download(
        self: Files[SyncHTTP], file: str | FileObject, *, chunk_size: int = 65536
    ) -> Iterator[bytes]: ...

    @overload
    def download(
        self: Files[AsyncHTTP], file: str | FileObject, *, chunk_size: int = 65536
    ) -> AsyncIterator[bytes]: ...

    def download(
        self, file: str | FileObject, *, chunk_size: int = 65536
    ) -> Iterator[bytes] | AsyncIterator[bytes]:
        """Stream a file's content in chunks (constant memory): ``for`` with ``Replicate``,
        ``async for`` with ``AsyncReplicate``.

        Example:
            >>> with open("out.bin", "wb") as out:                  # doctest: +SKIP
            ...     for chunk in client.files.download(fid):
            ...         out.write(chunk)
        """
        if isinstance(self._http, SyncHTTP):
            return _download(Files(self._http), file, chunk_size)
        return _adownload(Files(self._http), file, chunk_size)


def _download(files: Files[SyncHTTP], file: str | FileObject, chunk_size: int) -> Iterator[bytes]:
    obj = files.get(file) if isinstance(file, str) else file
    http = files._http
    response = http.send(http.get_request(_download_url(obj)), idempotent=True, stream=True)
    try:
        yield from response.iter_bytes(chunk_size)
    finally:
        response.close()


async def _adownload(
    files: Files[AsyncHTTP], file: str | FileObject, chunk_size: int
) -> AsyncIterator[bytes]:
    obj = await files.get(file) if isinstance(file, str) else file
    http = files._http
    response = await http.send(http.get_request(_download_url(obj)), idempotent=True, stream=True)
    try:
        async for chunk in response.aiter_bytes(chunk_size):
            yield chunk
    finally:
        await response.aclose()
