from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event import WebhookEvent, check_webhook_event
from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingRequest")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "destination",
        "input",
        "webhook",
        "webhook_events_filter",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class TrainingRequest:
    """A training of a model version."""

    destination: str
    """ The model to push the trained version to, as `owner/name`; it must exist and be yours. """
    input_: Any
    """ Inputs to the model's `train()` function, as a JSON object. """
    webhook: str | None = None
    """ An HTTPS URL to POST the training to as it changes. """
    webhook_events_filter: list[WebhookEvent] | None = None
    """ Which events trigger the webhook. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        destination = self.destination

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "destination": destination,
                "input": input_,
            }
        )
        if webhook is not None and webhook is not UNSET:
            field_dict["webhook"] = webhook
        if webhook_events_filter is not None and webhook_events_filter is not UNSET:
            field_dict["webhook_events_filter"] = webhook_events_filter

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        destination = d["destination"]

        input_ = d["input"]

        webhook = d.get("webhook", UNSET)

        _webhook_events_filter = d.get("webhook_events_filter", UNSET)
        webhook_events_filter: list[WebhookEvent] | Unset = UNSET
        if _webhook_events_filter is not UNSET:
            webhook_events_filter = []
            for webhook_events_filter_item_data in _webhook_events_filter:
                webhook_events_filter_item = check_webhook_event(webhook_events_filter_item_data)

                webhook_events_filter.append(webhook_events_filter_item)

        training_request = _new(cls)
        training_request.destination = destination
        training_request.input_ = input_
        training_request.webhook = None if webhook is UNSET else webhook
        training_request.webhook_events_filter = (
            None if webhook_events_filter is UNSET else webhook_events_filter
        )

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            training_request.additional_properties = {}
        else:
            training_request.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return training_request

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
