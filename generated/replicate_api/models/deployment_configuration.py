from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DeploymentConfiguration")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "hardware",
        "min_instances",
        "max_instances",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class DeploymentConfiguration:
    """Hardware and scaling settings of a release."""

    hardware: None | str = None
    """ The hardware SKU (see `hardware.list`). """
    min_instances: int | None = None
    """ The minimum number of instances. """
    max_instances: int | None = None
    """ The maximum number of instances. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        hardware: None | str | Unset
        if isinstance(self.hardware, Unset):
            hardware = UNSET
        else:
            hardware = self.hardware

        min_instances: int | None | Unset
        if isinstance(self.min_instances, Unset):
            min_instances = UNSET
        else:
            min_instances = self.min_instances

        max_instances: int | None | Unset
        if isinstance(self.max_instances, Unset):
            max_instances = UNSET
        else:
            max_instances = self.max_instances

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if hardware is not None and hardware is not UNSET:
            field_dict["hardware"] = hardware
        if min_instances is not None and min_instances is not UNSET:
            field_dict["min_instances"] = min_instances
        if max_instances is not None and max_instances is not UNSET:
            field_dict["max_instances"] = max_instances

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        hardware = d.get("hardware")

        min_instances = d.get("min_instances")

        max_instances = d.get("max_instances")

        deployment_configuration = _new(cls)
        deployment_configuration.hardware = hardware
        deployment_configuration.min_instances = min_instances
        deployment_configuration.max_instances = max_instances

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            deployment_configuration.additional_properties = {}
        else:
            deployment_configuration.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return deployment_configuration

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
