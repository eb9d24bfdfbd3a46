from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.search_collection import SearchCollection
    from ..models.search_model_result import SearchModelResult
    from ..models.search_page import SearchPage


T = TypeVar("T", bound="SearchResults")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "query",
        "models",
        "collections",
        "pages",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class SearchResults:
    """What matched a search query."""

    query: None | str = None
    """ The query that was searched for. """
    models: list[SearchModelResult] | None = None
    """ Matching models with search metadata. """
    collections: list[SearchCollection] | None = None
    """ Matching collections. """
    pages: list[SearchPage] | None = None
    """ Matching documentation pages. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        query: None | str | Unset
        if isinstance(self.query, Unset):
            query = UNSET
        else:
            query = self.query

        models: list[dict[str, Any]] | None | Unset
        if isinstance(self.models, Unset):
            models = UNSET
        elif isinstance(self.models, list):
            models = []
            for models_type_0_item_data in self.models:
                models_type_0_item = models_type_0_item_data.to_dict()
                models.append(models_type_0_item)

        else:
            models = self.models

        collections: list[dict[str, Any]] | None | Unset
        if isinstance(self.collections, Unset):
            collections = UNSET
        elif isinstance(self.collections, list):
            collections = []
            for collections_type_0_item_data in self.collections:
                collections_type_0_item = collections_type_0_item_data.to_dict()
                collections.append(collections_type_0_item)

        else:
            collections = self.collections

        pages: list[dict[str, Any]] | None | Unset
        if isinstance(self.pages, Unset):
            pages = UNSET
        elif isinstance(self.pages, list):
            pages = []
            for pages_type_0_item_data in self.pages:
                pages_type_0_item = pages_type_0_item_data.to_dict()
                pages.append(pages_type_0_item)

        else:
            pages = self.pages

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if query is not None and query is not UNSET:
            field_dict["query"] = query
        if models is not None and models is not UNSET:
            field_dict["models"] = models
        if collections is not None and collections is not UNSET:
            field_dict["collections"] = collections
        if pages is not None and pages is not UNSET:
            field_dict["pages"] = pages

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        query = d.get("query")

        models = d.get("models")
        if isinstance(models, list):
            try:
                _parse_models_type_0_item = SearchModelResult.from_dict
                models_type_0 = [_parse_models_type_0_item(item) for item in models]

                models = models_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        collections = d.get("collections")
        if isinstance(collections, list):
            try:
                _parse_collections_type_0_item = SearchCollection.from_dict
                collections_type_0 = [_parse_collections_type_0_item(item) for item in collections]

                collections = collections_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        pages = d.get("pages")
        if isinstance(pages, list):
            try:
                _parse_pages_type_0_item = SearchPage.from_dict
                pages_type_0 = [_parse_pages_type_0_item(item) for item in pages]

                pages = pages_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        search_results = _new(cls)
        search_results.query = query
        search_results.models = models
        search_results.collections = collections
        search_results.pages = pages

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            search_results.additional_properties = {}
        else:
            search_results.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return search_results

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


from ..models.search_collection import SearchCollection  # noqa: E402
from ..models.search_model_result import SearchModelResult  # noqa: E402
from ..models.search_page import SearchPage  # noqa: E402
