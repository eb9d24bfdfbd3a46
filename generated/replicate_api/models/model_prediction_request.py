from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event import WebhookEvent, check_webhook_event
from ..types import UNSET, Unset

T = TypeVar("T", bound="ModelPredictionRequest")


@_attrs_define
class ModelPredictionRequest:
    """A prediction of an official model or a deployment, which fix the version."""

    input_: Any
    """ The model's inputs, as a JSON object. """
    webhook: str | Unset = UNSET
    """ An HTTPS URL to POST the prediction to as it changes. """
    webhook_events_filter: list[WebhookEvent] | Unset = UNSET
    """ Which events trigger the webhook. """
    stream: bool | Unset = UNSET
    """ Deprecated; every prediction now gets a `urls.stream` when the model supports it. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        input_ = self.input_

        webhook = self.webhook

        webhook_events_filter: list[str] | Unset = UNSET
        if not isinstance(self.webhook_events_filter, Unset):
            webhook_events_filter = []
            for webhook_events_filter_item_data in self.webhook_events_filter:
                webhook_events_filter_item: str = webhook_events_filter_item_data
                webhook_events_filter.append(webhook_events_filter_item)

        stream = self.stream

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "input": input_,
            }
        )
        if webhook is not UNSET:
            field_dict["webhook"] = webhook
        if webhook_events_filter is not UNSET:
            field_dict["webhook_events_filter"] = webhook_events_filter
        if stream is not UNSET:
            field_dict["stream"] = stream

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
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

        model_prediction_request = cls(
            input_=input_,
            webhook=webhook,
            webhook_events_filter=webhook_events_filter,
            stream=stream,
        )

        model_prediction_request.additional_properties = {
            k: v
            for k, v in d.items()
            if k
            not in {
                "input",
                "webhook",
                "webhook_events_filter",
                "stream",
            }
        }
        return model_prediction_request

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
