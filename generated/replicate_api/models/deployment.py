from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.deployment_release import DeploymentRelease


T = TypeVar("T", bound="Deployment")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "owner",
        "name",
        "current_release",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Deployment:
    """A deployment and its current release."""

    owner: None | str = None
    """ The user or organization that owns the deployment. """
    name: None | str = None
    """ The deployment's name. """
    current_release: DeploymentRelease | None = None
    """ The release that serves predictions. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owner: None | str | Unset
        if isinstance(self.owner, Unset):
            owner = UNSET
        else:
            owner = self.owner

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        current_release: dict[str, Any] | None | Unset
        if isinstance(self.current_release, Unset):
            current_release = UNSET
        elif isinstance(self.current_release, DeploymentRelease):
            current_release = self.current_release.to_dict()
        else:
            current_release = self.current_release

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if owner is not None and owner is not UNSET:
            field_dict["owner"] = owner
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if current_release is not None and current_release is not UNSET:
            field_dict["current_release"] = current_release

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        owner = d.get("owner")

        name = d.get("name")

        current_release = d.get("current_release")
        if isinstance(current_release, dict):
            try:
                current_release_type_1 = DeploymentRelease.from_dict(current_release)

                current_release = current_release_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        deployment = _new(cls)
        deployment.owner = owner
        deployment.name = name
        deployment.current_release = current_release

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            deployment.additional_properties = {}
        else:
            deployment.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return deployment

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


from ..models.deployment_release import DeploymentRelease  # noqa: E402
