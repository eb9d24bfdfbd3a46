from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchPage")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "name",
        "href",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class SearchPage:
    """A documentation page that matched a search."""

    name: None | str = None
    """ The page's title. """
    href: None | str = None
    """ The page's URL path. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        href: None | str | Unset
        if isinstance(self.href, Unset):
            href = UNSET
        else:
            href = self.href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if href is not None and href is not UNSET:
            field_dict["href"] = href

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        name = d.get("name")

        href = d.get("href")

        search_page = _new(cls)
        search_page.name = name
        search_page.href = href

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            search_page.additional_properties = {}
        else:
            search_page.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return search_page

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
