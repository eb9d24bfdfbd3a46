from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.model_version import ModelVersion
    from ..models.prediction import Prediction


T = TypeVar("T", bound="Model")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "url",
        "owner",
        "name",
        "description",
        "visibility",
        "github_url",
        "paper_url",
        "license_url",
        "run_count",
        "cover_image_url",
        "is_official",
        "default_example",
        "latest_version",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Model:
    """A model on Replicate."""

    url: None | str = None
    """ The model's page on replicate.com. """
    owner: None | str = None
    """ The user or organization that owns the model. """
    name: None | str = None
    """ The model's name. """
    description: None | str = None
    """ A short description. """
    visibility: None | str = None
    """ `public` or `private`. """
    github_url: None | str = None
    """ The source code's URL. """
    paper_url: None | str = None
    """ The paper's URL. """
    license_url: None | str = None
    """ The license's URL. """
    run_count: int | None = None
    """ How many times the model has been run. """
    cover_image_url: None | str = None
    """ The cover image's URL. """
    is_official: bool | None = None
    """ Whether Replicate maintains the model (official models have no public versions). """
    default_example: None | Prediction = None
    """ The prediction shown as the model's example. """
    latest_version: ModelVersion | None = None
    """ The most recently pushed version. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        url: None | str | Unset
        if isinstance(self.url, Unset):
            url = UNSET
        else:
            url = self.url

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

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        visibility: None | str | Unset
        if isinstance(self.visibility, Unset):
            visibility = UNSET
        else:
            visibility = self.visibility

        github_url: None | str | Unset
        if isinstance(self.github_url, Unset):
            github_url = UNSET
        else:
            github_url = self.github_url

        paper_url: None | str | Unset
        if isinstance(self.paper_url, Unset):
            paper_url = UNSET
        else:
            paper_url = self.paper_url

        license_url: None | str | Unset
        if isinstance(self.license_url, Unset):
            license_url = UNSET
        else:
            license_url = self.license_url

        run_count: int | None | Unset
        if isinstance(self.run_count, Unset):
            run_count = UNSET
        else:
            run_count = self.run_count

        cover_image_url: None | str | Unset
        if isinstance(self.cover_image_url, Unset):
            cover_image_url = UNSET
        else:
            cover_image_url = self.cover_image_url

        is_official: bool | None | Unset
        if isinstance(self.is_official, Unset):
            is_official = UNSET
        else:
            is_official = self.is_official

        default_example: dict[str, Any] | None | Unset
        if isinstance(self.default_example, Unset):
            default_example = UNSET
        elif isinstance(self.default_example, Prediction):
            default_example = self.default_example.to_dict()
        else:
            default_example = self.default_example

        latest_version: dict[str, Any] | None | Unset
        if isinstance(self.latest_version, Unset):
            latest_version = UNSET
        elif isinstance(self.latest_version, ModelVersion):
            latest_version = self.latest_version.to_dict()
        else:
            latest_version = self.latest_version

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if url is not None and url is not UNSET:
            field_dict["url"] = url
        if owner is not None and owner is not UNSET:
            field_dict["owner"] = owner
        if name is not None and name is not UNSET:
            field_dict["name"] = name
        if description is not None and description is not UNSET:
            field_dict["description"] = description
        if visibility is not None and visibility is not UNSET:
            field_dict["visibility"] = visibility
        if github_url is not None and github_url is not UNSET:
            field_dict["github_url"] = github_url
        if paper_url is not None and paper_url is not UNSET:
            field_dict["paper_url"] = paper_url
        if license_url is not None and license_url is not UNSET:
            field_dict["license_url"] = license_url
        if run_count is not None and run_count is not UNSET:
            field_dict["run_count"] = run_count
        if cover_image_url is not None and cover_image_url is not UNSET:
            field_dict["cover_image_url"] = cover_image_url
        if is_official is not None and is_official is not UNSET:
            field_dict["is_official"] = is_official
        if default_example is not None and default_example is not UNSET:
            field_dict["default_example"] = default_example
        if latest_version is not None and latest_version is not UNSET:
            field_dict["latest_version"] = latest_version

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        url = d.get("url")

        owner = d.get("owner")

        name = d.get("name")

        description = d.get("description")

        visibility = d.get("visibility")

        github_url = d.get("github_url")

        paper_url = d.get("paper_url")

        license_url = d.get("license_url")

        run_count = d.get("run_count")

        cover_image_url = d.get("cover_image_url")

        is_official = d.get("is_official")

        default_example = d.get("default_example")
        if isinstance(default_example, dict):
            try:
                default_example_type_1 = Prediction.from_dict(default_example)

                default_example = default_example_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        latest_version = d.get("latest_version")
        if isinstance(latest_version, dict):
            try:
                latest_version_type_1 = ModelVersion.from_dict(latest_version)

                latest_version = latest_version_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        model = _new(cls)
        model.url = url
        model.owner = owner
        model.name = name
        model.description = description
        model.visibility = visibility
        model.github_url = github_url
        model.paper_url = paper_url
        model.license_url = license_url
        model.run_count = run_count
        model.cover_image_url = cover_image_url
        model.is_official = is_official
        model.default_example = default_example
        model.latest_version = latest_version

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            model.additional_properties = {}
        else:
            model.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return model

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


from ..models.model_version import ModelVersion  # noqa: E402
from ..models.prediction import Prediction  # noqa: E402
