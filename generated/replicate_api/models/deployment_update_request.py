from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET

T = TypeVar("T", bound="DeploymentUpdateRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "version",
        "hardware",
        "min_instances",
        "max_instances",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class DeploymentUpdateRequest:
    """The settings to change; omitted ones stay as they are."""

    version: str | None = None
    """ The ID of the version to deploy. """
    hardware: str | None = None
    """ The hardware SKU (see `hardware.list`). """
    min_instances: int | None = None
    """ The minimum number of instances, 0 to 5. """
    max_instances: int | None = None
    """ The maximum number of instances, 0 to 20. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _src_version = UNSET if self.version is None else self.version
        version = _src_version

        _src_hardware = UNSET if self.hardware is None else self.hardware
        hardware = _src_hardware

        _src_min_instances = UNSET if self.min_instances is None else self.min_instances
        min_instances = _src_min_instances

        _src_max_instances = UNSET if self.max_instances is None else self.max_instances
        max_instances = _src_max_instances

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if version is not None and version is not UNSET:
            field_dict["version"] = version
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
        version = d.get("version", UNSET)

        hardware = d.get("hardware", UNSET)

        min_instances = d.get("min_instances", UNSET)

        max_instances = d.get("max_instances", UNSET)

        deployment_update_request = _new(cls)
        deployment_update_request.version = None if version is UNSET else version
        deployment_update_request.hardware = None if hardware is UNSET else hardware
        deployment_update_request.min_instances = None if min_instances is UNSET else min_instances
        deployment_update_request.max_instances = None if max_instances is UNSET else max_instances

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            deployment_update_request.additional_properties = {}
        else:
            deployment_update_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return deployment_update_request

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
