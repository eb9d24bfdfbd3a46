from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingOutput")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "version",
        "weights",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class TrainingOutput:
    """What a successful training produced."""

    version: None | str = None
    """ The new version, as `owner/name:version`. """
    weights: None | str = None
    """ The URL of the trained weights. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        weights: None | str | Unset
        if isinstance(self.weights, Unset):
            weights = UNSET
        else:
            weights = self.weights

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if version is not None and version is not UNSET:
            field_dict["version"] = version
        if weights is not None and weights is not UNSET:
            field_dict["weights"] = weights

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        version = d.get("version")

        weights = d.get("weights")

        training_output = _new(cls)
        training_output.version = version
        training_output.weights = weights

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            training_output.additional_properties = {}
        else:
            training_output.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return training_output

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
