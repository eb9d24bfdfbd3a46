from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model import Model
    from ..models.search_model_metadata import SearchModelMetadata


T = TypeVar("T", bound="SearchModelResult")


@_attrs_define
class SearchModelResult:
    """A model that matched a search."""

    model: Model | None = None
    """ The model. """
    metadata: None | SearchModelMetadata = None
    """ Why and how well it matched. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.model import Model  # noqa: PLC0415
        from ..models.search_model_metadata import SearchModelMetadata  # noqa: PLC0415

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
        from ..models.model import Model  # noqa: PLC0415
        from ..models.search_model_metadata import SearchModelMetadata  # noqa: PLC0415

        d = src_dict

        def _parse_model(data: object) -> Model | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                model_type_1 = Model.from_dict(data)

                return model_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(Model | None | Unset, data)

        model = _parse_model(d.get("model"))

        def _parse_metadata(data: object) -> None | SearchModelMetadata | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_1 = SearchModelMetadata.from_dict(data)

                return metadata_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SearchModelMetadata | Unset, data)

        metadata = _parse_metadata(d.get("metadata"))

        search_model_result = cls(
            model=model,
            metadata=metadata,
        )

        search_model_result.additional_properties = {
            k: v
            for k, v in d.items()
            if k
            not in {
                "model",
                "metadata",
            }
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
