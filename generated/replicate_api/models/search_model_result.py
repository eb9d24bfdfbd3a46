from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model import Model
    from ..models.search_model_metadata import SearchModelMetadata


T = TypeVar("T", bound="SearchModelResult")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "model",
        "metadata",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class SearchModelResult:
    """A model that matched a search."""

    model: Model | None = None
    """ The model. """
    metadata: None | SearchModelMetadata = None
    """ Why and how well it matched. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: dict[str, Any] | None | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        elif isinstance(self.model, Model):
            model = self.model.to_dict()
        else:
            model = self.model

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, SearchModelMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not None and model is not UNSET:
            field_dict["model"] = model
        if metadata is not None and metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        model = d.get("model")
        if isinstance(model, dict):
            try:
                model_type_1 = Model.from_dict(model)

                model = model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        metadata = d.get("metadata")
        if isinstance(metadata, dict):
            try:
                metadata_type_1 = SearchModelMetadata.from_dict(metadata)

                metadata = metadata_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        search_model_result = _new(cls)
        search_model_result.model = model
        search_model_result.metadata = metadata

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            search_model_result.additional_properties = {}
        else:
            search_model_result.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return search_model_result

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
from ..models.search_model_metadata import SearchModelMetadata  # noqa: E402
