from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.file_checksums import FileChecksums
    from ..models.file_urls import FileUrls


T = TypeVar("T", bound="FileObject")
_CHECKSUMS_KEYS = frozenset(
    {
        "sha256",
    }
)
_URLS_KEYS = frozenset(
    {
        "get",
    }
)
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "id",
        "name",
        "etag",
        "content_type",
        "size",
        "checksums",
        "metadata",
        "created_at",
        "expires_at",
        "urls",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class FileObject:
    """An uploaded file."""

    id: str
    """ The file's ID. """
    name: None | str = None
    """ The file's name, as given when it was uploaded. """
    etag: None | str = None
    """ An entity tag of the content (its MD5). """
    content_type: None | str = None
    """ The file's MIME type. """
    size: int | None = None
    """ The file's length in bytes. """
    checksums: FileChecksums | None = None
    """ Checksums of the content, by algorithm. """
    metadata: Any = None
    """ Metadata given when the file was uploaded. """
    created_at: datetime.datetime | None = None
    """ When the file was uploaded. """
    expires_at: datetime.datetime | None = None
    """ When the file will be deleted. """
    urls: FileUrls | None = None
    """ URLs for the file. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        etag: None | str | Unset
        if isinstance(self.etag, Unset):
            etag = UNSET
        else:
            etag = self.etag

        content_type: None | str | Unset
        if isinstance(self.content_type, Unset):
            content_type = UNSET
        else:
            content_type = self.content_type

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        checksums: dict[str, Any] | None | Unset
        if isinstance(self.checksums, Unset):
            checksums = UNSET
        elif isinstance(self.checksums, FileChecksums):
            checksums = self.checksums.to_dict()
        else:
            checksums = self.checksums

        metadata = self.metadata

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        urls: dict[str, Any] | None | Unset
        if isinstance(self.urls, Unset):
            urls = UNSET
        elif isinstance(self.urls, FileUrls):
            urls = self.urls.to_dict()
        else:
            urls = self.urls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if etag is not None and etag is not UNSET:
            field_dict["etag"] = etag
        if content_type is not None and content_type is not UNSET:
            field_dict["content_type"] = content_type
        if size is not None and size is not UNSET:
            field_dict["size"] = size
        if checksums is not None and checksums is not UNSET:
            field_dict["checksums"] = checksums
        if metadata is not None and metadata is not UNSET:
            field_dict["metadata"] = metadata
        if created_at is not None and created_at is not UNSET:
            field_dict["created_at"] = created_at
        if expires_at is not None and expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if urls is not None and urls is not UNSET:
            field_dict["urls"] = urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d["id"]

        name = d.get("name")

        etag = d.get("etag")

        content_type = d.get("content_type")

        size = d.get("size")

        checksums = d.get("checksums")
        if isinstance(checksums, dict):
            checksums_model = _new(FileChecksums)
            checksums_model.sha256 = checksums.get("sha256")
            checksums_model.additional_properties = (
                {}
                if _CHECKSUMS_KEYS.issuperset(checksums)
                else {k: v for k, v in checksums.items() if k not in _CHECKSUMS_KEYS}
            )
            checksums = checksums_model

        metadata = d.get("metadata")

        created_at = d.get("created_at")
        if isinstance(created_at, str):
            try:
                created_at_type_0 = parse_datetime(created_at)

                created_at = created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        expires_at = d.get("expires_at")
        if isinstance(expires_at, str):
            try:
                expires_at_type_0 = parse_datetime(expires_at)

                expires_at = expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        urls = d.get("urls")
        if isinstance(urls, dict):
            urls_model = _new(FileUrls)
            urls_model.get = urls.get("get")
            urls_model.additional_properties = (
                {}
                if _URLS_KEYS.issuperset(urls)
                else {k: v for k, v in urls.items() if k not in _URLS_KEYS}
            )
            urls = urls_model

        file_object = _new(cls)
        file_object.id = id
        file_object.name = name
        file_object.etag = etag
        file_object.content_type = content_type
        file_object.size = size
        file_object.checksums = checksums
        file_object.metadata = metadata
        file_object.created_at = created_at
        file_object.expires_at = expires_at
        file_object.urls = urls

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            file_object.additional_properties = {}
        else:
            file_object.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return file_object

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


from ..models.file_checksums import FileChecksums  # noqa: E402
from ..models.file_urls import FileUrls  # noqa: E402
