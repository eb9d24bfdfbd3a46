from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchCollection")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "name",
        "slug",
        "description",
        "models",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class SearchCollection:
    """A collection that matched a search."""

    name: None | str = None
    """ The collection's name. """
    slug: None | str = None
    """ The collection's slug. """
    description: None | str = None
    """ A short description. """
    models: list[str] | None = None
    """ The collection's models, as `owner/name`. """
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

        models: list[str] | None | Unset
        if isinstance(self.models, Unset):
            models = UNSET
        elif isinstance(self.models, list):
            models = self.models

        else:
            models = self.models

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if slug is not None and slug is not UNSET:
            field_dict["slug"] = slug
        if description is not None and description is not UNSET:
            field_dict["description"] = description
        if models is not None and models is not UNSET:
            field_dict["models"] = models

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        name = d.get("name")

        slug = d.get("slug")

        description = d.get("description")

        models = d.get("models")
        if isinstance(models, list):
            try:
                models_type_0 = cast(list[str], models)

                models = models_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        search_collection = _new(cls)
        search_collection.name = name
        search_collection.slug = slug
        search_collection.description = description
        search_collection.models = models

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            search_collection.additional_properties = {}
        else:
            search_collection.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return search_collection

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
