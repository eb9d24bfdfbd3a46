from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event import WebhookEvent, check_webhook_event
from ..types import UNSET, Unset

T = TypeVar("T", bound="PredictionRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "version",
        "input",
        "webhook",
        "webhook_events_filter",
        "stream",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class PredictionRequest:
    """A prediction of a model version."""

    version: str
    """ The version ID, `owner/name:version`, or `owner/name` for an official model. """
    input_: Any
    """ The model's inputs, as a JSON object. """
    webhook: str | None = None
    """ An HTTPS URL to POST the prediction to as it changes. """
    webhook_events_filter: list[WebhookEvent] | None = None
    """ Which events trigger the webhook; by default `output` and `completed`. """
    stream: bool | None = None
    """ Deprecated; every prediction now gets a `urls.stream` when the model supports it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        version = self.version

        input_ = self.input_

        _src_webhook = UNSET if self.webhook is None else self.webhook
        webhook = _src_webhook

        _src_webhook_events_filter = (
            UNSET if self.webhook_events_filter is None else self.webhook_events_filter
        )
        webhook_events_filter: list[str] | Unset = UNSET
        if not isinstance(_src_webhook_events_filter, Unset):
            webhook_events_filter = []
            for webhook_events_filter_item_data in _src_webhook_events_filter:
                webhook_events_filter_item: str = webhook_events_filter_item_data
                webhook_events_filter.append(webhook_events_filter_item)

        _src_stream = UNSET if self.stream is None else self.stream
        stream = _src_stream

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "version": version,
                "input": input_,
            }
        )
        if webhook is not None and webhook is not UNSET:
            field_dict["webhook"] = webhook
        if webhook_events_filter is not None and webhook_events_filter is not UNSET:
            field_dict["webhook_events_filter"] = webhook_events_filter
        if stream is not None and stream is not UNSET:
            field_dict["stream"] = stream

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        version = d["version"]

        input_ = d["input"]

        webhook = d.get("webhook", UNSET)

        _webhook_events_filter = d.get("webhook_events_filter", UNSET)
        webhook_events_filter: list[WebhookEvent] | Unset = UNSET
        if _webhook_events_filter is not UNSET:
            webhook_events_filter = []
            for webhook_events_filter_item_data in _webhook_events_filter:
                webhook_events_filter_item = check_webhook_event(webhook_events_filter_item_data)

                webhook_events_filter.append(webhook_events_filter_item)

        stream = d.get("stream", UNSET)

        prediction_request = _new(cls)
        prediction_request.version = version
        prediction_request.input_ = input_
        prediction_request.webhook = None if webhook is UNSET else webhook
        prediction_request.webhook_events_filter = (
            None if webhook_events_filter is UNSET else webhook_events_filter
        )
        prediction_request.stream = None if stream is UNSET else stream

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            prediction_request.additional_properties = {}
        else:
            prediction_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return prediction_request

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
