from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PredictionUrls")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "get",
        "cancel",
        "stream",
        "web",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class PredictionUrls:
    """URLs for working with a prediction."""

    get: None | str = None
    """ The prediction in the API. """
    cancel: None | str = None
    """ Cancels the prediction. """
    stream: None | str = None
    """ A server-sent-events stream of the output. """
    web: None | str = None
    """ The prediction on replicate.com. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        get: None | str | Unset
        if isinstance(self.get, Unset):
            get = UNSET
        else:
            get = self.get

        cancel: None | str | Unset
        if isinstance(self.cancel, Unset):
            cancel = UNSET
        else:
            cancel = self.cancel

        stream: None | str | Unset
        if isinstance(self.stream, Unset):
            stream = UNSET
        else:
            stream = self.stream

        web: None | str | Unset
        if isinstance(self.web, Unset):
            web = UNSET
        else:
            web = self.web

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if get is not None and get is not UNSET:
            field_dict["get"] = get
        if cancel is not None and cancel is not UNSET:
            field_dict["cancel"] = cancel
        if stream is not None and stream is not UNSET:
            field_dict["stream"] = stream
        if web is not None and web is not UNSET:
            field_dict["web"] = web

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        get = d.get("get")

        cancel = d.get("cancel")

        stream = d.get("stream")

        web = d.get("web")

        prediction_urls = _new(cls)
        prediction_urls.get = get
        prediction_urls.cancel = cancel
        prediction_urls.stream = stream
        prediction_urls.web = web

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            prediction_urls.additional_properties = {}
        else:
            prediction_urls.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return prediction_urls

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
