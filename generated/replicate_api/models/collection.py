from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model import Model


T = TypeVar("T", bound="Collection")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "name",
        "slug",
        "description",
        "full_description",
        "models",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Collection:
    """A collection with its models."""

    name: None | str = None
    """ The collection's name. """
    slug: None | str = None
    """ The collection's slug. """
    description: None | str = None
    """ A short description. """
    full_description: None | str = None
    """ A longer description in Markdown. """
    models: list[Model] | None = None
    """ The models in the collection. """
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

        full_description: None | str | Unset
        if isinstance(self.full_description, Unset):
            full_description = UNSET
        else:
            full_description = self.full_description

        models: list[dict[str, Any]] | None | Unset
        if isinstance(self.models, Unset):
            models = UNSET
        elif isinstance(self.models, list):
            models = []
            for models_type_0_item_data in self.models:
                models_type_0_item = models_type_0_item_data.to_dict()
                models.append(models_type_0_item)

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
        if full_description is not None and full_description is not UNSET:
            field_dict["full_description"] = full_description
        if models is not None and models is not UNSET:
            field_dict["models"] = models

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        name = d.get("name")

        slug = d.get("slug")

        description = d.get("description")

        full_description = d.get("full_description")

        models = d.get("models")
        if isinstance(models, list):
            try:
                _parse_models_type_0_item = Model.from_dict
                models_type_0 = [_parse_models_type_0_item(item) for item in models]

                models = models_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        collection = _new(cls)
        collection.name = name
        collection.slug = slug
        collection.description = description
        collection.full_description = full_description
        collection.models = models

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            collection.additional_properties = {}
        else:
            collection.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return collection

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


from ..models.model import Model  # noqa: E402
