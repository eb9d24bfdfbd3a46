from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Account")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "type",
        "username",
        "name",
        "github_url",
        "avatar_url",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Account:
    """A user or organization."""

    type_: None | str = None
    """ `user` or `organization`. """
    username: None | str = None
    """ The account's username. """
    name: None | str = None
    """ The account's display name. """
    github_url: None | str = None
    """ The account's GitHub URL. """
    avatar_url: None | str = None
    """ The account's avatar image URL. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        username: None | str | Unset
        if isinstance(self.username, Unset):
            username = UNSET
        else:
            username = self.username

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        github_url: None | str | Unset
        if isinstance(self.github_url, Unset):
            github_url = UNSET
        else:
            github_url = self.github_url

        avatar_url: None | str | Unset
        if isinstance(self.avatar_url, Unset):
            avatar_url = UNSET
        else:
            avatar_url = self.avatar_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not None and type_ is not UNSET:
            field_dict["type"] = type_
        if username is not None and username is not UNSET:
            field_dict["username"] = username
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if github_url is not None and github_url is not UNSET:
            field_dict["github_url"] = github_url
        if avatar_url is not None and avatar_url is not UNSET:
            field_dict["avatar_url"] = avatar_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        type_ = d.get("type")

        username = d.get("username")

        name = d.get("name")

        github_url = d.get("github_url")

        avatar_url = d.get("avatar_url")

        account = _new(cls)
        account.type_ = type_
        account.username = username
        account.name = name
        account.github_url = github_url
        account.avatar_url = avatar_url

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            account.additional_properties = {}
        else:
            account.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return account

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
