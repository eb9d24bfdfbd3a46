"""Files: multipart upload, list, get, delete and signed download."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..core import Core
from ..records import FileRecord
from ..timeutil import new_id, now
from ..upload_form import UploadForm
from ..web import HTTPError, Req, Resp, empty, json_resp, problem
from .common import not_found

if TYPE_CHECKING:
    from starlette.datastructures import FormData

__all__ = ["ROUTES", "download_url", "signature"]

_NOT_FOUND = "File not found"
# Numbers and JSON literals are never MIME types (multipart cannot carry their JSON type).
_NOT_A_TYPE = re.compile(r"^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)$")


def signature(secret: str, owner: str, file_id: str, expiry: int) -> str:
    """Return the download signature: base64 HMAC-SHA256 of ``"{owner} {id} {expiry}"``.

    Example:
        >>> len(signature("secret", "alice", "abc", 1))
        44
    """
    message = f"{owner} {file_id} {expiry}".encode()
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def download_url(core: Core, record: FileRecord) -> str:
    """Return the signed, absolute download URL of a file (valid until it expires)."""
    expiry = int(record.expires_at)
    sig = signature(core.store.signing_secret, record.owner, record.id, expiry)
    query = f"expiry={expiry}&owner={quote(record.owner)}&signature={quote(sig, safe='')}"
    return f"{core.config.base_url}/files/{record.id}/download?{query}"


def _live(core: Core, file_id: str) -> FileRecord:
    record = core.store.files.get(file_id)
    if record is None or record.expires_at <= now():
        raise not_found(_NOT_FOUND)
    return record


async def files_create(core: Core, req: Req) -> Resp:
    """``POST /files`` (multipart: ``content``, ``filename``, ``type``, ``metadata``).

    How each field is read, and what is refused, is in ``replicate_emulator.upload_form``.
    """
    from starlette.formparsers import MultiPartException
    from starlette.requests import Request

    if "content-type" not in req.headers and not await req.body():
        # The reference makes the body optional: no body at all uploads an empty file.
        return _store_upload(core, b"", UploadForm(), None, None)
    if not req.headers.get("content-type", "").startswith("multipart/form-data"):
        raise HTTPError(415, "Upload files as multipart/form-data", "Unsupported Media Type")
    try:
        form = await Request(req.scope, req.receive).form(max_files=10, max_fields=100)
    except MultiPartException as exc:
        raise HTTPError(400, f"Malformed multipart body: {exc.message}") from exc
    data, upload_name, upload_type, parts = await _read_form(form)
    return _store_upload(core, data, parts, upload_name, upload_type)


async def _read_form(form: FormData) -> tuple[bytes, str | None, str | None, UploadForm]:
    """Read ``content`` and the other fields (file parts as text) of an upload form, closed after."""
    from starlette.datastructures import UploadFile

    parts = UploadForm()
    content: bytes | None = None
    upload_name = upload_type = None
    try:
        for name, value in form.multi_items():
            if name == "content":
                if content is not None:
                    raise HTTPError(422, "The content field is sent twice", "Invalid request")
                if isinstance(value, UploadFile):
                    content = await value.read()
                    upload_name, upload_type = value.filename, value.content_type
                else:
                    content = value.encode()
            elif isinstance(value, UploadFile):
                try:
                    parts.add(name, (await value.read()).decode())
                except UnicodeDecodeError as exc:
                    detail = f"The {name} part must be UTF-8 text"
                    raise HTTPError(422, detail, "Invalid request") from exc
            else:
                parts.add(name, value)
    finally:
        await form.close()
    if content is None:
        raise HTTPError(422, "The content field is required", "Invalid request")
    return content, upload_name, upload_type, parts


def _store_upload(
    core: Core,
    data: bytes,
    parts: UploadForm,
    upload_name: str | None,
    upload_type: str | None,
) -> Resp:
    if len(data) > core.config.max_file_size:
        limit = core.config.max_file_size // (1024 * 1024)
        return problem(413, f"Files must be less than {limit}MB in size", "Content Too Large")
    content_type = parts.fields.get("type") or upload_type or "application/octet-stream"
    if _NOT_A_TYPE.match(content_type):
        raise HTTPError(422, f"type must be a MIME type, got {content_type!r}", "Invalid request")
    name = parts.fields.get("filename") or upload_name or "file"
    if len(name) > 255:
        raise HTTPError(422, "filename must be at most 255 characters", "Invalid request")
    metadata = parts.metadata()
    created = now()
    record = FileRecord(
        id=new_id(),
        seq=core.store.next_seq(),
        name=name,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        metadata=metadata,
        created_at=created,
        expires_at=created + core.config.file_expiry,
        owner=core.config.username,
        content=data,
    )
    core.store.put_file(record)
    return json_resp(record.as_json(download_url(core, record)), 201)


async def files_list(core: Core, req: Req) -> Resp:
    """``GET /files`` (newest first)."""
    records = [f for f in core.store.snapshot(core.store.files) if f.expires_at > now()]
    return core.page(req, records, lambda f: f.as_json(download_url(core, f)))


async def files_get(core: Core, req: Req) -> Resp:
    """``GET /files/{id}``."""
    record = _live(core, req.params["id"])
    return json_resp(record.as_json(download_url(core, record)))


async def files_delete(core: Core, req: Req) -> Resp:
    """``DELETE /files/{id}``."""
    _live(core, req.params["id"])
    core.store.delete_file(req.params["id"])
    return empty(204)


async def files_download(core: Core, req: Req) -> Resp:
    """``GET /files/{id}/download``: only with a valid ``owner``/``expiry``/``signature``.

    The reference makes the three parameters required: a request without them is refused
    with a 401 even with a token (the real API serves no unsigned download); a wrong,
    tampered or expired signature answers 404, what the reference documents.
    """
    owner, expiry, sig = (req.arg("owner"), req.arg("expiry"), req.arg("signature"))
    if not owner or not expiry or not sig:
        missing = [
            n for n, v in (("owner", owner), ("expiry", expiry), ("signature", sig)) if not v
        ]
        detail = (
            "The download URL is missing its signature (query parameters "
            f"{', '.join(missing)}): download with the file's urls.get"
        )
        return problem(401, detail, "Missing signature")
    record = _live(core, req.params["id"])
    if owner != record.owner or not expiry.isdigit():
        raise not_found(_NOT_FOUND)
    expected = signature(core.store.signing_secret, owner, record.id, int(expiry))
    if int(expiry) < now() or not hmac.compare_digest(expected, sig):
        raise not_found(_NOT_FOUND)
    disposition = f"attachment; filename*=UTF-8''{quote(record.name)}"
    headers = [
        (b"content-type", b"application/octet-stream"),
        (b"content-disposition", disposition.encode()),
        (b"etag", f'"{record.md5}"'.encode()),
    ]
    return Resp(200, headers, record.content)


ROUTES = [
    ("GET", r"/v1/files", files_list),
    ("POST", r"/v1/files", files_create),
    ("GET", r"/v1/files/(?P<id>[^/]+)", files_get),
    ("DELETE", r"/v1/files/(?P<id>[^/]+)", files_delete),
]
PUBLIC_ROUTES = [("GET", r"/v1/files/(?P<id>[^/]+)/download", files_download)]
