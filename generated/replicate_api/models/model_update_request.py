from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET

T = TypeVar("T", bound="ModelUpdateRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "description",
        "readme",
        "github_url",
        "paper_url",
        "weights_url",
        "license_url",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class ModelUpdateRequest:
    """The model fields to change; omitted ones stay as they are."""

    description: str | None = None
    """ A short description. """
    readme: str | None = None
    """ The README, in Markdown. """
    github_url: str | None = None
    """ The source code's URL. """
    paper_url: str | None = None
    """ The paper's URL. """
    weights_url: str | None = None
    """ The weights' URL. """
    license_url: str | None = None
    """ The license's URL. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        _src_description = UNSET if self.description is None else self.description
        description = _src_description

        _src_readme = UNSET if self.readme is None else self.readme
        readme = _src_readme

        _src_github_url = UNSET if self.github_url is None else self.github_url
        github_url = _src_github_url

        _src_paper_url = UNSET if self.paper_url is None else self.paper_url
        paper_url = _src_paper_url

        _src_weights_url = UNSET if self.weights_url is None else self.weights_url
        weights_url = _src_weights_url

        _src_license_url = UNSET if self.license_url is None else self.license_url
        license_url = _src_license_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if description is not None and description is not UNSET:
            field_dict["description"] = description
        if readme is not None and readme is not UNSET:
            field_dict["readme"] = readme
        if github_url is not None and github_url is not UNSET:
            field_dict["github_url"] = github_url
        if paper_url is not None and paper_url is not UNSET:
            field_dict["paper_url"] = paper_url
        if weights_url is not None and weights_url is not UNSET:
            field_dict["weights_url"] = weights_url
        if license_url is not None and license_url is not UNSET:
            field_dict["license_url"] = license_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        description = d.get("description", UNSET)

        readme = d.get("readme", UNSET)

        github_url = d.get("github_url", UNSET)

        paper_url = d.get("paper_url", UNSET)

        weights_url = d.get("weights_url", UNSET)

        license_url = d.get("license_url", UNSET)

        model_update_request = _new(cls)
        model_update_request.description = None if description is UNSET else description
        model_update_request.readme = None if readme is UNSET else readme
        model_update_request.github_url = None if github_url is UNSET else github_url
        model_update_request.paper_url = None if paper_url is UNSET else paper_url
        model_update_request.weights_url = None if weights_url is UNSET else weights_url
        model_update_request.license_url = None if license_url is UNSET else license_url

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            model_update_request.additional_properties = {}
        else:
            model_update_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return model_update_request

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
