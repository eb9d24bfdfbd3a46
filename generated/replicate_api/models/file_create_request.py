from __future__ import annotations

import json
from collections.abc import Mapping
from io import BytesIO
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .. import types
from ..types import UNSET, File, Unset

if TYPE_CHECKING:
    from ..models.file_metadata import FileMetadata


T = TypeVar("T", bound="FileCreateRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "content",
        "filename",
        "type",
        "metadata",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class FileCreateRequest:
    """A file to upload, as multipart form fields."""

    content: File
    """ The file's content. """
    filename: str | None = None
    """ The file's name. """
    type_: str | None = None
    """ The file's MIME type; the server default is `application/octet-stream`. """
    metadata: FileMetadata | None = None
    """ Arbitrary JSON metadata of a file upload. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content = self.content.to_tuple()

        _src_filename = UNSET if self.filename is None else self.filename
        filename = _src_filename

        _src_type_ = UNSET if self.type_ is None else self.type_
        type_ = _src_type_

        _src_metadata = UNSET if self.metadata is None else self.metadata
        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(_src_metadata, Unset):
            metadata = _src_metadata.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content": content,
            }
        )
        if filename is not None and filename is not UNSET:
            field_dict["filename"] = filename
        if type_ is not None and type_ is not UNSET:
            field_dict["type"] = type_
        if metadata is not None and metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    def to_multipart(self) -> types.RequestFiles:
        files: types.RequestFiles = []

        files.append(("content", self.content.to_tuple()))

        if self.filename is not None and not isinstance(self.filename, Unset):
            files.append(("filename", (None, str(self.filename).encode(), "text/plain")))

        if self.type_ is not None and not isinstance(self.type_, Unset):
            files.append(("type", (None, str(self.type_).encode(), "text/plain")))

        if self.metadata is not None and not isinstance(self.metadata, Unset):
            files.append(
                (
                    "metadata",
                    (None, json.dumps(self.metadata.to_dict()).encode(), "application/json"),
                )
            )

        for prop_name, prop in self.additional_properties.items():
            files.append((prop_name, (None, str(prop).encode(), "text/plain")))

        return files

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        content = File(payload=BytesIO(d["content"]))

        filename = d.get("filename", UNSET)

        type_ = d.get("type", UNSET)

        _metadata = d.get("metadata", UNSET)
        metadata: FileMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = FileMetadata.from_dict(_metadata)

        file_create_request = _new(cls)
        file_create_request.content = content
        file_create_request.filename = None if filename is UNSET else filename
        file_create_request.type_ = None if type_ is UNSET else type_
        file_create_request.metadata = None if metadata is UNSET else metadata

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            file_create_request.additional_properties = {}
        else:
            file_create_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return file_create_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


from ..models.file_metadata import FileMetadata  # noqa: E402
