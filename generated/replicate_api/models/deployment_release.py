from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.account import Account
    from ..models.deployment_configuration import DeploymentConfiguration


T = TypeVar("T", bound="DeploymentRelease")
_CREATED_BY_KEYS = frozenset(
    {
        "type",
        "username",
        "name",
        "github_url",
        "avatar_url",
    }
)
_CONFIGURATION_KEYS = frozenset(
    {
        "hardware",
        "min_instances",
        "max_instances",
    }
)
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "number",
        "model",
        "version",
        "created_at",
        "created_by",
        "configuration",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class DeploymentRelease:
    """One configuration of a deployment; every update creates a new release."""

    number: int | None = None
    """ The release number, starting at 1. """
    model: None | str = None
    """ The model, as `owner/name`. """
    version: None | str = None
    """ The ID of the model version. """
    created_at: datetime.datetime | None = None
    """ When the release was created. """
    created_by: Account | None = None
    """ The account that created the release. """
    configuration: DeploymentConfiguration | None = None
    """ The hardware and scaling of the release. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number: int | None | Unset
        if isinstance(self.number, Unset):
            number = UNSET
        else:
            number = self.number

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        created_by: dict[str, Any] | None | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        elif isinstance(self.created_by, Account):
            created_by = self.created_by.to_dict()
        else:
            created_by = self.created_by

        configuration: dict[str, Any] | None | Unset
        if isinstance(self.configuration, Unset):
            configuration = UNSET
        elif isinstance(self.configuration, DeploymentConfiguration):
            configuration = self.configuration.to_dict()
        else:
            configuration = self.configuration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if number is not None and number is not UNSET:
            field_dict["number"] = number
        if model is not None and model is not UNSET:
            field_dict["model"] = model
        if version is not None and version is not UNSET:
            field_dict["version"] = version
        if created_at is not None and created_at is not UNSET:
            field_dict["created_at"] = created_at
        if created_by is not None and created_by is not UNSET:
            field_dict["created_by"] = created_by
        if configuration is not None and configuration is not UNSET:
            field_dict["configuration"] = configuration

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        number = d.get("number")

        model = d.get("model")

        version = d.get("version")

        created_at = d.get("created_at")
        if isinstance(created_at, str):
            try:
                created_at_type_0 = parse_datetime(created_at)

                created_at = created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        created_by = d.get("created_by")
        if isinstance(created_by, dict):
            created_by_model = _new(Account)
            created_by_model.type_ = created_by.get("type")
            created_by_model.username = created_by.get("username")
            created_by_model.name = created_by.get("name")
            created_by_model.github_url = created_by.get("github_url")
            created_by_model.avatar_url = created_by.get("avatar_url")
            created_by_model.additional_properties = (
                {}
                if _CREATED_BY_KEYS.issuperset(created_by)
                else {k: v for k, v in created_by.items() if k not in _CREATED_BY_KEYS}
            )
            created_by = created_by_model

        configuration = d.get("configuration")
        if isinstance(configuration, dict):
            configuration_model = _new(DeploymentConfiguration)
            configuration_model.hardware = configuration.get("hardware")
            configuration_model.min_instances = configuration.get("min_instances")
            configuration_model.max_instances = configuration.get("max_instances")
            configuration_model.additional_properties = (
                {}
                if _CONFIGURATION_KEYS.issuperset(configuration)
                else {k: v for k, v in configuration.items() if k not in _CONFIGURATION_KEYS}
            )
            configuration = configuration_model

        deployment_release = _new(cls)
        deployment_release.number = number
        deployment_release.model = model
        deployment_release.version = version
        deployment_release.created_at = created_at
        deployment_release.created_by = created_by
        deployment_release.configuration = configuration

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            deployment_release.additional_properties = {}
        else:
            deployment_release.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return deployment_release

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


from ..models.account import Account  # noqa: E402
from ..models.deployment_configuration import DeploymentConfiguration  # noqa: E402
