from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.model_visibility import ModelVisibility, check_model_visibility
from ..types import UNSET

T = TypeVar("T", bound="ModelCreateRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "owner",
        "name",
        "visibility",
        "hardware",
        "description",
        "github_url",
        "paper_url",
        "license_url",
        "cover_image_url",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class ModelCreateRequest:
    """A new model."""

    owner: str
    """ The account that will own the model; must be the token's account. """
    name: str
    """ The model's name, unique among the owner's models. """
    visibility: ModelVisibility
    """ Who can see and run a model. """
    hardware: str
    """ The hardware SKU to run on (see `hardware.list`). """
    description: str | None = None
    """ A short description. """
    github_url: str | None = None
    """ The source code's URL. """
    paper_url: str | None = None
    """ The paper's URL. """
    license_url: str | None = None
    """ The license's URL. """
    cover_image_url: str | None = None
    """ The cover image's URL. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owner = self.owner

        name = self.name

        visibility: str = self.visibility

        hardware = self.hardware

        _src_description = UNSET if self.description is None else self.description
        description = _src_description

        _src_github_url = UNSET if self.github_url is None else self.github_url
        github_url = _src_github_url

        _src_paper_url = UNSET if self.paper_url is None else self.paper_url
        paper_url = _src_paper_url

        _src_license_url = UNSET if self.license_url is None else self.license_url
        license_url = _src_license_url

        _src_cover_image_url = UNSET if self.cover_image_url is None else self.cover_image_url
        cover_image_url = _src_cover_image_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "owner": owner,
                "name": name,
                "visibility": visibility,
                "hardware": hardware,
            }
        )
        if description is not None and description is not UNSET:
            field_dict["description"] = description
        if github_url is not None and github_url is not UNSET:
            field_dict["github_url"] = github_url
        if paper_url is not None and paper_url is not UNSET:
            field_dict["paper_url"] = paper_url
        if license_url is not None and license_url is not UNSET:
            field_dict["license_url"] = license_url
        if cover_image_url is not None and cover_image_url is not UNSET:
            field_dict["cover_image_url"] = cover_image_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        owner = d["owner"]

        name = d["name"]

        visibility = check_model_visibility(d["visibility"])

        hardware = d["hardware"]

        description = d.get("description", UNSET)

        github_url = d.get("github_url", UNSET)

        paper_url = d.get("paper_url", UNSET)

        license_url = d.get("license_url", UNSET)

        cover_image_url = d.get("cover_image_url", UNSET)

        model_create_request = _new(cls)
        model_create_request.owner = owner
        model_create_request.name = name
        model_create_request.visibility = visibility
        model_create_request.hardware = hardware
        model_create_request.description = None if description is UNSET else description
        model_create_request.github_url = None if github_url is UNSET else github_url
        model_create_request.paper_url = None if paper_url is UNSET else paper_url
        model_create_request.license_url = None if license_url is UNSET else license_url
        model_create_request.cover_image_url = None if cover_image_url is UNSET else cover_image_url

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            model_create_request.additional_properties = {}
        else:
            model_create_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return model_create_request

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
