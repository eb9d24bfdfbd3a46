from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.prediction_metrics import PredictionMetrics
    from ..models.prediction_urls import PredictionUrls


T = TypeVar("T", bound="Prediction")
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
        "stream",
        "web",
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
        "data_removed",
        "deployment",
        "created_at",
        "started_at",
        "completed_at",
        "deadline",
        "metrics",
        "urls",
    }
)
_KNOWN_LAYOUT: list[tuple[str, ...]] = [()]


@_attrs_define
class Prediction:
    """A run of a model."""

    id: str
    """ The prediction's ID. """
    model: None | str = None
    """ The model, as `owner/name`. """
    version: None | str = None
    """ The version ID, or `hidden` for official models. """
    input_: Any = None
    """ The inputs the prediction was created with. """
    output: Any = None
    """ The output so far; null until there is some. """
    logs: None | str = None
    """ The model's log output so far. """
    error: None | str = None
    """ The error message, when `status` is `failed`. """
    status: None | str = None
    """ `starting`, `processing`, `succeeded`, `failed`, `canceled` (by the user or on reaching its deadline while
    running) or `aborted` (deadline reached before it started). """
    source: None | str = None
    """ How the prediction was created, `api` or `web`. """
    data_removed: bool | None = None
    """ Whether the input and output have been deleted (after an hour for API predictions). """
    deployment: None | str = None
    """ The deployment that ran the prediction, if any. """
    created_at: datetime.datetime | None = None
    """ When the prediction was created. """
    started_at: datetime.datetime | None = None
    """ When the model started running. """
    completed_at: datetime.datetime | None = None
    """ When the prediction finished and its output was uploaded. """
    deadline: datetime.datetime | None = None
    """ When the prediction will be canceled if it has not finished. """
    metrics: None | PredictionMetrics = None
    """ Timing and usage metrics, once available. """
    urls: None | PredictionUrls = None
    """ URLs for working with the prediction. """
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

        data_removed: bool | None | Unset
        if isinstance(self.data_removed, Unset):
            data_removed = UNSET
        else:
            data_removed = self.data_removed

        deployment: None | str | Unset
        if isinstance(self.deployment, Unset):
            deployment = UNSET
        else:
            deployment = self.deployment

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

        deadline: None | str | Unset
        if isinstance(self.deadline, Unset):
            deadline = UNSET
        elif isinstance(self.deadline, datetime.datetime):
            deadline = self.deadline.isoformat()
        else:
            deadline = self.deadline

        metrics: dict[str, Any] | None | Unset
        if isinstance(self.metrics, Unset):
            metrics = UNSET
        elif isinstance(self.metrics, PredictionMetrics):
            metrics = self.metrics.to_dict()
        else:
            metrics = self.metrics

        urls: dict[str, Any] | None | Unset
        if isinstance(self.urls, Unset):
            urls = UNSET
        elif isinstance(self.urls, PredictionUrls):
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
        if data_removed is not None and data_removed is not UNSET:
            field_dict["data_removed"] = data_removed
        if deployment is not None and deployment is not UNSET:
            field_dict["deployment"] = deployment
        if created_at is not None and created_at is not UNSET:
            field_dict["created_at"] = created_at
        if started_at is not None and started_at is not UNSET:
            field_dict["started_at"] = started_at
        if completed_at is not None and completed_at is not UNSET:
            field_dict["completed_at"] = completed_at
        if deadline is not None and deadline is not UNSET:
            field_dict["deadline"] = deadline
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

        logs = d.get("logs")

        error = d.get("error")

        status = d.get("status")

        source = d.get("source")

        data_removed = d.get("data_removed")

        deployment = d.get("deployment")

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

        deadline = d.get("deadline")
        if isinstance(deadline, str):
            try:
                deadline_type_0 = parse_datetime(deadline)

                deadline = deadline_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass

        metrics = d.get("metrics")
        if isinstance(metrics, dict):
            metrics_model = _new(PredictionMetrics)
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
            urls_model = _new(PredictionUrls)
            urls_model.get = urls.get("get")
            urls_model.cancel = urls.get("cancel")
            urls_model.stream = urls.get("stream")
            urls_model.web = urls.get("web")
            urls_model.additional_properties = (
                {}
                if _URLS_KEYS.issuperset(urls)
                else {k: v for k, v in urls.items() if k not in _URLS_KEYS}
            )
            urls = urls_model

        prediction = _new(cls)
        prediction.id = id
        prediction.model = model
        prediction.version = version
        prediction.input_ = input_
        prediction.output = output
        prediction.logs = logs
        prediction.error = error
        prediction.status = status
        prediction.source = source
        prediction.data_removed = data_removed
        prediction.deployment = deployment
        prediction.created_at = created_at
        prediction.started_at = started_at
        prediction.completed_at = completed_at
        prediction.deadline = deadline
        prediction.metrics = metrics
        prediction.urls = urls

        _keys = tuple(d)
        if _keys == _KNOWN_LAYOUT[0] or _KNOWN_KEYS.issuperset(_keys):
            _KNOWN_LAYOUT[0] = _keys
            prediction.additional_properties = {}
        else:
            prediction.additional_properties = {k: v for k, v in d.items() if k not in _KNOWN_KEYS}
        return prediction

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


from ..models.prediction_metrics import PredictionMetrics  # noqa: E402
from ..models.prediction_urls import PredictionUrls  # noqa: E402
