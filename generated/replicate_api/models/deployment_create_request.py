from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DeploymentCreateRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "name",
        "model",
        "version",
        "hardware",
        "min_instances",
        "max_instances",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class DeploymentCreateRequest:
    """Settings of a new deployment."""

    name: str
    """ The deployment's name. """
    model: str
    """ The model to deploy, as `owner/name`. """
    version: str
    """ The 64-character ID of the version to deploy. """
    hardware: str
    """ The hardware SKU (see `hardware.list`). """
    min_instances: int
    """ The minimum number of instances, 0 to 5. """
    max_instances: int
    """ The maximum number of instances, 0 to 20. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        model = self.model

        version = self.version

        hardware = self.hardware

        min_instances = self.min_instances

        max_instances = self.max_instances

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "model": model,
                "version": version,
                "hardware": hardware,
                "min_instances": min_instances,
                "max_instances": max_instances,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        name = d["name"]

        model = d["model"]

        version = d["version"]

        hardware = d["hardware"]

        min_instances = d["min_instances"]

        max_instances = d["max_instances"]

        deployment_create_request = _new(cls)
        deployment_create_request.name = name
        deployment_create_request.model = model
        deployment_create_request.version = version
        deployment_create_request.hardware = hardware
        deployment_create_request.min_instances = min_instances
        deployment_create_request.max_instances = max_instances

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            deployment_create_request.additional_properties = {}
        else:
            deployment_create_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return deployment_create_request

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
