from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelUpdateRequest")


@_attrs_define
class ModelUpdateRequest:
    """The model fields to change; omitted ones stay as they are."""

    description: str | Unset = UNSET
    """ A short description. """
    readme: str | Unset = UNSET
    """ The README, in Markdown. """
    github_url: str | Unset = UNSET
    """ The source code's URL. """
    paper_url: str | Unset = UNSET
    """ The paper's URL. """
    weights_url: str | Unset = UNSET
    """ The weights' URL. """
    license_url: str | Unset = UNSET
    """ The license's URL. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        readme = self.readme

        github_url = self.github_url

        paper_url = self.paper_url

        weights_url = self.weights_url

        license_url = self.license_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if description is not UNSET:
            field_dict["description"] = description
        if readme is not UNSET:
            field_dict["readme"] = readme
        if github_url is not UNSET:
            field_dict["github_url"] = github_url
        if paper_url is not UNSET:
            field_dict["paper_url"] = paper_url
        if weights_url is not UNSET:
            field_dict["weights_url"] = weights_url
        if license_url is not UNSET:
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

        model_update_request = cls(
            description=description,
            readme=readme,
            github_url=github_url,
            paper_url=paper_url,
            weights_url=weights_url,
            license_url=license_url,
        )

        model_update_request.additional_properties = {
            k: v
            for k, v in d.items()
            if k
            not in {
                "description",
                "readme",
                "github_url",
                "paper_url",
                "weights_url",
                "license_url",
            }
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
