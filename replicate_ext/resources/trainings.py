"""Trainings (``client.trainings``): create, get, list and cancel.

Each method is written once for both clients (see ``replicate_ext._binding``).

Example:
    >>> t = client.trainings.create("acme/echo:" + vid, destination="acme/echo-tuned",  # doctest: +SKIP
    ...                             input={"steps": 10})
    >>> client.wait(t).status                                                         # doctest: +SKIP
    'succeeded'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Unpack

from replicate_api.api.trainings import (
    trainings_cancel,
    trainings_create,
    trainings_get,
    trainings_list,
)
from replicate_api.models import Training, TrainingRequest
from replicate_api.types import UNSET

from .._binding import S, api
from .._call import Call, CallOptions, Flow, page_of
from ..errors import InvalidReferenceError
from ..file_input import FileEncoding
from ..pagination import Page
from ..refs import parse_model_ref, parse_owner_name
from ._resource import Resource, present
from .prediction_calls import _events, _input, create_flow

__all__ = ["Trainings", "create_training_call"]


def create_training_call(
    model: str,
    version: str | None,
    *,
    destination: str,
    input: dict[str, Any] | None,
    webhook: str | None,
    webhook_events_filter: Iterable[str] | None,
    **options: Unpack[CallOptions],
) -> Call[Training]:
    """The :class:`Call` that starts a training of ``owner/name:VERSION`` (or model + version).

    Raises:
        InvalidReferenceError: ``model`` names no version, or ``destination`` is not ``owner/name``.
        InvalidArgumentError: A bad ``input`` or ``webhook_events_filter``.

    Example:
        >>> call = create_training_call("acme/echo:" + "a" * 64, None, destination="acme/tuned",
        ...                             input={}, webhook=None, webhook_events_filter=None)
        >>> call.request["url"] == "/models/acme/echo/versions/" + "a" * 64 + "/trainings"
        True
        >>> call.request["json"], call.idempotent
        ({'destination': 'acme/tuned', 'input': {}}, False)
    """
    ref = parse_model_ref(model if version is None else f"{model}:{version}")
    if ref.owner is None or ref.name is None or ref.version is None:
        raise InvalidReferenceError(
            f"Trainings need 'owner/name:VERSION' (or model='owner/name', version=...), got {model!r}."
        )
    parse_owner_name(destination, kind="destination model")
    body = TrainingRequest.from_dict(
        present(
            {
                "destination": destination,
                "input": _input(input),
                "webhook": webhook,
                "webhook_events_filter": _events(webhook_events_filter),
            }
        )
    )
    request = trainings_create.build_request(ref.owner, ref.name, ref.version, body=body)
    call = Call(request, trainings_create.parse_response, idempotent=False)
    return call.with_options(**options)


class Trainings(Resource[S]):
    """``client.trainings``: create, get, list and cancel trainings."""

    @api
    def create(
        self,
        model: str,
        version: str | None = None,
        *,
        destination: str,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        file_encoding: FileEncoding = "url",
        **options: Unpack[CallOptions],
    ) -> Flow[Training]:
        """Start a training; the destination model gets a new version when it succeeds.

        Args:
            model: ``owner/name:VERSION``, or ``owner/name`` with ``version``.
            version: The version id, when ``model`` has none.
            destination: ``owner/name`` of the model that receives the trained version.
            input: The trainer's inputs.
            webhook: A URL the API calls as the training progresses.
            webhook_events_filter: Which events to send.
            file_encoding: How files in ``input`` are sent: ``"url"`` (uploaded) or ``"data-uri"``.
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Returns:
            The created training.

        Raises:
            InvalidReferenceError: ``model`` names no version, or a malformed ``destination``.
            InvalidArgumentError: Bad arguments, before anything is uploaded or sent.
            APIStatusError: The API refused it.

        Example:
            >>> client.trainings.create("acme/echo:" + vid, destination="acme/tuned", input={})  # doctest: +SKIP
        """

        def build(inp: Any) -> Call[Training]:
            return create_training_call(
                model,
                version,
                destination=destination,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
                **options,
            )

        return create_flow(input, file_encoding, build)

    @api
    def get(self, training_id: str, **options: Unpack[CallOptions]) -> Call[Training]:
        """A training by id.

        Example:
            >>> client.trainings.get(t.id).status  # doctest: +SKIP
        """
        request = trainings_get.build_request(training_id)
        return Call(request, trainings_get.parse_response).with_options(**options)

    @api
    def list(
        self, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[Training]]:
        """One page of trainings, newest first.

        Example:
            >>> client.trainings.list().results  # doctest: +SKIP
        """
        request = trainings_list.build_request(cursor=cursor or UNSET)
        return Call(request, page_of(trainings_list.parse_response)).with_options(**options)

    @api
    def cancel(self, training_id: str, **options: Unpack[CallOptions]) -> Call[Training]:
        """Cancel a training.

        Example:
            >>> client.trainings.cancel(t.id)  # doctest: +SKIP
        """
        request = trainings_cancel.build_request(training_id)
        return Call(request, trainings_cancel.parse_response).with_options(**options)
