from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.training_metrics import TrainingMetrics
    from ..models.training_output import TrainingOutput
    from ..models.training_urls import TrainingUrls


T = TypeVar("T", bound="Training")
_OUTPUT_KEYS = frozenset(
    {
        "version",
        "weights",
    }
)
_METRICS_KEYS = frozenset(
    {
        "predict_time",
        "total_time",
    }
)
_URLS_KEYS = frozenset(
    {
        "get",
        "cancel",
    }
)
_new = object.__new__
_KNOWN_KEYS = frozenset(
    {
        "id",
        "model",
        "version",
        "input",
        "output",
        "logs",
        "error",
        "status",
        "source",
        "created_at",
        "started_at",
        "completed_at",
        "metrics",
        "urls",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Training:
    """A fine-tuning run of a model version."""

    id: str
    """ The training's ID. """
    model: None | str = None
    """ The trained model, as `owner/name`. """
    version: None | str = None
    """ The ID of the version being trained. """
    input_: Any = None
    """ The inputs the training was created with. """
    output: None | TrainingOutput = None
    """ The new version and weights, once the training has succeeded. """
    logs: None | str = None
    """ The training's log output so far. """
    error: None | str = None
    """ The error message, when `status` is `failed`. """
    status: None | str = None
    """ `starting`, `processing`, `succeeded`, `failed`, `canceled` or `aborted`. """
    source: None | str = None
    """ How the training was created, `api` or `web`. """
    created_at: datetime.datetime | None = None
    """ When the training was created. """
    started_at: datetime.datetime | None = None
    """ When the training started running. """
    completed_at: datetime.datetime | None = None
    """ When the training finished. """
    metrics: None | TrainingMetrics = None
    """ Timing metrics, once available. """
    urls: None | TrainingUrls = None
    """ URLs for working with the training. """
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        version: None | str | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        input_ = self.input_

        output: dict[str, Any] | None | Unset
        if isinstance(self.output, Unset):
            output = UNSET
        elif isinstance(self.output, TrainingOutput):
            output = self.output.to_dict()
        else:
            output = self.output

        logs: None | str | Unset
        if isinstance(self.logs, Unset):
            logs = UNSET
        else:
            logs = self.logs

        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        started_at: None | str | Unset
        if isinstance(self.started_at, Unset):
            started_at = UNSET
        elif isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        metrics: dict[str, Any] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, TrainingMetrics):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics

        urls: dict[str, Any] | None | Unset
        if isinstance(self.urls, Unset):
            urls = UNSET
        elif isinstance(self.urls, TrainingUrls):
            urls = self.urls.to_dict()
        else:
            urls = self.urls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if model is not None and model is not UNSET:
            field_dict["model"] = model
        if version is not None and version is not UNSET:
            field_dict["version"] = version
        if input_ is not None and input_ is not UNSET:
            field_dict["input"] = input_
        if output is not None and output is not UNSET:
            field_dict["output"] = output
        if logs is not None and logs is not UNSET:
            field_dict["logs"] = logs
        if error is not None and error is not UNSET:
            field_dict["error"] = error
        if status is not None and status is not UNSET:
            field_dict["status"] = status
        if source is not None and source is not UNSET:
            field_dict["source"] = source
        if created_at is not None and created_at is not UNSET:
            field_dict["created_at"] = created_at
        if started_at is not None and started_at is not UNSET:
            field_dict["started_at"] = started_at
        if completed_at is not None and completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if metrics is not None and metrics is not UNSET:
            field_dict["metrics"] = metrics
        if urls is not None and urls is not UNSET:
            field_dict["urls"] = urls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        id = d["id"]

        model = d.get("model")

        version = d.get("version")

        input_ = d.get("input")

        output = d.get("output")
        if isinstance(output, dict):
            output_model = _new(TrainingOutput)
            output_model.version = output.get("version")
            output_model.weights = output.get("weights")
            output_model.additional_properties = (
                {}
                if _OUTPUT_KEYS.issuperset(output)
                else {k: v for k, v in output.items() if k not in _OUTPUT_KEYS}
            )
            output = output_model

        logs = d.get("logs")

        error = d.get("error")

        status = d.get("status")

        source = d.get("source")

        created_at = d.get("created_at")
        if isinstance(created_at, str):
            try:
                created_at_type_0 = parse_datetime(created_at)

                created_at = created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        started_at = d.get("started_at")
        if isinstance(started_at, str):
            try:
                started_at_type_0 = parse_datetime(started_at)

                started_at = started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        completed_at = d.get("completed_at")
        if isinstance(completed_at, str):
            try:
                completed_at_type_0 = parse_datetime(completed_at)

                completed_at = completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        metrics = d.get("metrics")
        if isinstance(metrics, dict):
            metrics_model = _new(TrainingMetrics)
            metrics_model.predict_time = metrics.get("predict_time")
            metrics_model.total_time = metrics.get("total_time")
            metrics_model.additional_properties = (
                {}
                if _METRICS_KEYS.issuperset(metrics)
                else {k: v for k, v in metrics.items() if k not in _METRICS_KEYS}
            )
            metrics = metrics_model

        urls = d.get("urls")
        if isinstance(urls, dict):
            urls_model = _new(TrainingUrls)
            urls_model.get = urls.get("get")
            urls_model.cancel = urls.get("cancel")
            urls_model.additional_properties = (
                {}
                if _URLS_KEYS.issuperset(urls)
                else {k: v for k, v in urls.items() if k not in _URLS_KEYS}
            )
            urls = urls_model

        training = _new(cls)
        training.id = id
        training.model = model
        training.version = version
        training.input_ = input_
        training.output = output
        training.logs = logs
        training.error = error
        training.status = status
        training.source = source
        training.created_at = created_at
        training.started_at = started_at
        training.completed_at = completed_at
        training.metrics = metrics
        training.urls = urls

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            training.additional_properties = {}
        else:
            training.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return training

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


from ..models.training_metrics import TrainingMetrics  # noqa: E402
from ..models.training_output import TrainingOutput  # noqa: E402
from ..models.training_urls import TrainingUrls  # noqa: E402
