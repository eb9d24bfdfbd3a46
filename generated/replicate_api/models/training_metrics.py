from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TrainingMetrics")
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "predict_time",
        "total_time",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class TrainingMetrics:
    """Timing metrics of a training."""

    predict_time: float | None = None
    """ Seconds of hardware time the training ran for. """
    total_time: float | None = None
    """ Seconds from creation to completion. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        predict_time: float | None | Unset
        if isinstance(self.predict_time, Unset):
            predict_time = UNSET
        else:
            predict_time = self.predict_time

        total_time: float | None | Unset
        if isinstance(self.total_time, Unset):
            total_time = UNSET
        else:
            total_time = self.total_time

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if predict_time is not None and predict_time is not UNSET:
            field_dict["predict_time"] = predict_time
        if total_time is not None and total_time is not UNSET:
            field_dict["total_time"] = total_time

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        predict_time = d.get("predict_time")

        total_time = d.get("total_time")

        training_metrics = _new(cls)
        training_metrics.predict_time = predict_time
        training_metrics.total_time = total_time

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            training_metrics.additional_properties = {}
        else:
            training_metrics.additional_properties = {
                k: v for k, v in d.items() if k not in _KNOWN_KEYS
            }
        return training_metrics

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
