"""``files``: upload, list, get, delete and download files of the Files API.

Example:
    $ replicate-ext files upload photo.png
    Uploaded photo.png as file hrs3z5bobb52lt6p46amjz3t5i
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .commands import show_items
from .context import Context
from .errors import EXIT_OK, UsageError
from .output import as_dict

__all__ = [
    "cmd_files_delete",
    "cmd_files_download",
    "cmd_files_get",
    "cmd_files_list",
    "cmd_files_upload",
]


def cmd_files_upload(ctx: Context) -> int:
    """``files upload PATH [--metadata JSON]``.

    Example:
        >>> main(["files", "upload", "photo.png"])  # doctest: +SKIP
        0
    """
    path = Path(ctx.args.path).expanduser()
    if not path.is_file():
        raise UsageError(f"no such file: {str(path)!r}")
    metadata = None
    if ctx.args.metadata is not None:
        try:
            metadata = json.loads(ctx.args.metadata)
        except ValueError:
            metadata = None
        if not isinstance(metadata, dict):
            raise UsageError('--metadata must be a JSON object, e.g. {"source": "cli"}')
    created = ctx.client.files.create(path, metadata=metadata)
    if ctx.json:
        ctx.emit_json(created)
    else:
        ctx.print(f"Uploaded {path} as file {created.id}")
        url = as_dict(created).get("urls", {}).get("get")
        if url:
            ctx.print(f"url: {url}")
    return EXIT_OK


def cmd_files_list(ctx: Context) -> int:
    """``files list [--limit N]``.

    Example:
        >>> main(["files", "list"])  # doctest: +SKIP
        0
    """
    pages = ctx.client.paginate(ctx.client.files.list)
    return show_items(ctx, pages, ["ID", "NAME", "SIZE", "TYPE", "CREATED"], _file_row)


def _file_row(item: Any) -> list[Any]:
    data = as_dict(item)
    return [item.id, *(data.get(key) for key in ("name", "size", "content_type", "created_at"))]


def cmd_files_get(ctx: Context) -> int:
    """``files get ID``.

    Example:
        >>> main(["files", "get", "hrs3z5bobb52lt6p46amjz3t5i"])  # doctest: +SKIP
        0
    """
    found = ctx.client.files.get(ctx.args.id)
    if ctx.json:
        ctx.emit_json(found)
        return EXIT_OK
    data = as_dict(found)
    for key in ("id", "name", "content_type", "size", "created_at", "expires_at", "metadata"):
        if data.get(key) not in (None, "", {}):
            value = data[key]
            ctx.print(f"{key}: {value if isinstance(value, str | int) else json.dumps(value)}")
    sha = (data.get("checksums") or {}).get("sha256")
    if sha:
        ctx.print(f"sha256: {sha}")
    return EXIT_OK


def cmd_files_delete(ctx: Context) -> int:
    """``files delete ID``.

    Example:
        >>> main(["files", "delete", "hrs3z5bobb52lt6p46amjz3t5i"])  # doctest: +SKIP
        0
    """
    ctx.client.files.delete(ctx.args.id)
    if ctx.json:
        ctx.emit_json({"id": ctx.args.id, "deleted": True})
    else:
        ctx.print(f"Deleted file {ctx.args.id}")
    return EXIT_OK


def cmd_files_download(ctx: Context) -> int:
    """``files download ID [-o PATH]``: to ``PATH`` (``-`` is stdout), else the file's name.

    Without ``-o`` an existing file is never overwritten.

    Example:
        >>> main(["files", "download", "hrs3z5bobb52lt6p46amjz3t5i", "-o", "copy.png"])  # doctest: +SKIP
        0
    """
    client = ctx.client
    found = client.files.get(ctx.args.id)
    name = Path(str(as_dict(found).get("name") or "")).name or found.id
    if ctx.args.output == "-":
        sink = getattr(ctx.out, "buffer", None)
        if sink is None:
            raise UsageError("stdout cannot take binary data here; use -o PATH")
        ctx.out.flush()
        for chunk in client.files.download(found):
            sink.write(chunk)
        sink.flush()
        return EXIT_OK
    if ctx.args.output is not None:
        target = Path(ctx.args.output).expanduser()
        if target.is_dir():
            target = target / name
    else:
        target = Path(name)
        if target.exists():
            raise UsageError(f"{target} exists; not overwriting it", hint="pass -o PATH")
    size = 0
    with target.open("wb") as sink_file:
        for chunk in client.files.download(found):
            size += len(chunk)
            sink_file.write(chunk)
    if ctx.json:
        ctx.emit_json({"id": found.id, "path": str(target), "size": size})
    else:
        ctx.print(str(target))
    return EXIT_OK
