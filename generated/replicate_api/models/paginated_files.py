from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.file_object import FileObject


T = TypeVar("T", bound="PaginatedFiles")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "next",
        "previous",
        "results",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class PaginatedFiles:
    """A page of files."""

    next_: None | str = None
    """ URL of the next page, if any. """
    previous: None | str = None
    """ URL of the previous page, if any. """
    results: list[FileObject] | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_: None | str | Unset
        if isinstance(self.next_, Unset):
            next_ = UNSET
        else:
            next_ = self.next_

        previous: None | str | Unset
        if isinstance(self.previous, Unset):
            previous = UNSET
        else:
            previous = self.previous

        results: list[dict[str, Any]] | None | Unset
        if isinstance(self.results, Unset):
            results = UNSET
        elif isinstance(self.results, list):
            results = []
            for results_type_0_item_data in self.results:
                results_type_0_item = results_type_0_item_data.to_dict()
                results.append(results_type_0_item)

        else:
            results = self.results

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if next_ is not None and next_ is not UNSET:
            field_dict["next"] = next_
        if previous is not None and previous is not UNSET:
            field_dict["previous"] = previous
        if results is not None and results is not UNSET:
            field_dict["results"] = results

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        next_ = d.get("next")

        previous = d.get("previous")

        results = d.get("results")
        if isinstance(results, list):
            try:
                _parse_results_type_0_item = FileObject.from_dict
                results_type_0 = [_parse_results_type_0_item(item) for item in results]

                results = results_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        paginated_files = _new(cls)
        paginated_files.next_ = next_
        paginated_files.previous = previous
        paginated_files.results = results

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            paginated_files.additional_properties = {}
        else:
            paginated_files.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return paginated_files

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


from ..models.file_object import FileObject  # noqa: E402
