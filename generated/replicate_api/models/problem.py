from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Problem")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "type",
        "title",
        "status",
        "detail",
        "instance",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Problem:
    """An RFC 9457 problem document, sent as `application/problem+json` with every error status. The reference only names
    `detail`; the live API also sends `title` and `status`.

    """

    type_: None | str = None
    """ A URI identifying the kind of problem. """
    title: None | str = None
    """ A short summary of the problem. """
    status: int | None = None
    """ The HTTP status code. """
    detail: None | str = None
    """ An explanation specific to this occurrence. """
    instance: None | str = None
    """ A URI identifying this occurrence. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        title: None | str | Unset
        if isinstance(self.title, Unset):
            title = UNSET
        else:
            title = self.title

        status: int | None | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        detail: None | str | Unset
        if isinstance(self.detail, Unset):
            detail = UNSET
        else:
            detail = self.detail

        instance: None | str | Unset
        if isinstance(self.instance, Unset):
            instance = UNSET
        else:
            instance = self.instance

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if type_ is not None and type_ is not UNSET:
            field_dict["type"] = type_
        if title is not None and title is not UNSET:
            field_dict["title"] = title
        if status is not None and status is not UNSET:
            field_dict["status"] = status
        if detail is not None and detail is not UNSET:
            field_dict["detail"] = detail
        if instance is not None and instance is not UNSET:
            field_dict["instance"] = instance

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        type_ = d.get("type")

        title = d.get("title")

        status = d.get("status")

        detail = d.get("detail")

        instance = d.get("instance")

        problem = _new(cls)
        problem.type_ = type_
        problem.title = title
        problem.status = status
        problem.detail = detail
        problem.instance = instance

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            problem.additional_properties = {}
        else:
            problem.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return problem

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
