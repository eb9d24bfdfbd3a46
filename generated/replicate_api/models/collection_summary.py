from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CollectionSummary")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "name",
        "slug",
        "description",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class CollectionSummary:
    """A collection as listed, without its models."""

    name: None | str = None
    """ The collection's name. """
    slug: None | str = None
    """ The collection's slug. """
    description: None | str = None
    """ A short description. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        slug: None | str | Unset
        if isinstance(self.slug, Unset):
            slug = UNSET
        else:
            slug = self.slug

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if slug is not None and slug is not UNSET:
            field_dict["slug"] = slug
        if description is not None and description is not UNSET:
            field_dict["description"] = description

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        name = d.get("name")

        slug = d.get("slug")

        description = d.get("description")

        collection_summary = _new(cls)
        collection_summary.name = name
        collection_summary.slug = slug
        collection_summary.description = description

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            collection_summary.additional_properties = {}
        else:
            collection_summary.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return collection_summary

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
