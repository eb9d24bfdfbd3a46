from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SearchModelMetadata")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "generated_description",
        "score",
        "tags",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class SearchModelMetadata:
    """Search metadata of a model."""

    generated_description: None | str = None
    """ A generated, longer description of the model. """
    score: float | None = None
    """ Relevance score. """
    tags: list[str] | None = None
    """ Descriptive tags. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generated_description: None | str | Unset
        if isinstance(self.generated_description, Unset):
            generated_description = UNSET
        else:
            generated_description = self.generated_description

        score: float | None | Unset
        if isinstance(self.score, Unset):
            score = UNSET
        else:
            score = self.score

        tags: list[str] | None | Unset
        if isinstance(self.tags, Unset):
            tags = UNSET
        elif isinstance(self.tags, list):
            tags = self.tags

        else:
            tags = self.tags

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if generated_description is not None and generated_description is not UNSET:
            field_dict["generated_description"] = generated_description
        if score is not None and score is not UNSET:
            field_dict["score"] = score
        if tags is not None and tags is not UNSET:
            field_dict["tags"] = tags

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        generated_description = d.get("generated_description")

        score = d.get("score")

        tags = d.get("tags")
        if isinstance(tags, list):
            try:
                tags_type_0 = cast(list[str], tags)

                tags = tags_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        search_model_metadata = _new(cls)
        search_model_metadata.generated_description = generated_description
        search_model_metadata.score = score
        search_model_metadata.tags = tags

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            search_model_metadata.additional_properties = {}
        else:
            search_model_metadata.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return search_model_metadata

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
