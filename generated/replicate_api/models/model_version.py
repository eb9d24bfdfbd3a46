from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

T = TypeVar("T", bound="ModelVersion")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "id",
        "created_at",
        "cog_version",
        "openapi_schema",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class ModelVersion:
    """An immutable snapshot of a model, pushed with Cog."""

    id: str
    """ The version's 64-character ID. """
    created_at: datetime.datetime | None = None
    """ When the version was pushed. """
    cog_version: None | str = None
    """ The Cog version that built it. """
    openapi_schema: Any = None
    """ The OpenAPI schema of the version's inputs and outputs. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        cog_version: None | str | Unset
        if isinstance(self.cog_version, Unset):
            cog_version = UNSET
        else:
            cog_version = self.cog_version

        openapi_schema = self.openapi_schema

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if created_at is not None and created_at is not UNSET:
            field_dict["created_at"] = created_at
        if cog_version is not None and cog_version is not UNSET:
            field_dict["cog_version"] = cog_version
        if openapi_schema is not None and openapi_schema is not UNSET:
            field_dict["openapi_schema"] = openapi_schema

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d["id"]

        created_at = d.get("created_at")
        if isinstance(created_at, str):
            try:
                created_at_type_0 = parse_datetime(created_at)

                created_at = created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        cog_version = d.get("cog_version")

        openapi_schema = d.get("openapi_schema")

        model_version = _new(cls)
        model_version.id = id
        model_version.created_at = created_at
        model_version.cog_version = cog_version
        model_version.openapi_schema = openapi_schema

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            model_version.additional_properties = {}
        else:
            model_version.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return model_version

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
