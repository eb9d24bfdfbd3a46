"""Trainings (``client.trainings``), sync and async.

Example:
    >>> t = client.trainings.create("acme/echo:" + vid, destination="acme/echo-tuned",  # doctest: +SKIP
    ...                             input={"steps": 10})
    >>> client.wait(t).status                                                         # doctest: +SKIP
    'succeeded'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._operations import Call, list_call
from ..errors import InvalidReferenceError
from ..file_input import FileEncoding, aprepare, prepare
from ..pagination import Page
from ..refs import parse_model_ref, parse_owner_name
from ._resource import AsyncResource, SyncResource, body
from .predictions import _events, _input

if TYPE_CHECKING:
    from replicate_api.models import Training

__all__ = ["AsyncTrainings", "Trainings", "create_training_call"]


def create_training_call(
    model: str,
    version: str | None,
    *,
    destination: str,
    input: dict[str, Any] | None,
    webhook: str | None,
    webhook_events_filter: Iterable[str] | None,
) -> Call:
    """The :class:`Call` that starts a training of ``owner/name:VERSION`` (or model + version).

    Example:
        >>> create_training_call("acme/echo:" + "a" * 64, None, destination="acme/tuned",
        ...                      input={}, webhook=None, webhook_events_filter=None).op
        'trainings.trainings_create'
    """
    ref = parse_model_ref(model if version is None else f"{model}:{version}")
    if ref.owner is None or ref.version is None:
        raise InvalidReferenceError(
            f"Trainings need 'owner/name:VERSION' (or model='owner/name', version=...), got {model!r}."
        )
    parse_owner_name(destination, kind="destination model")
    fields = {
        "destination": destination,
        "input": _input(input),
        "webhook": webhook,
        "webhook_events_filter": _events(webhook_events_filter),
    }
    kwargs = {"model_owner": ref.owner, "model_name": ref.name, "version_id": ref.version}
    return Call(
        "trainings.trainings_create",
        {**kwargs, "body": body("TrainingRequest", fields)},
        idempotent=False,
    )


def _list_call(cursor: str | None) -> Call:
    return list_call("trainings.trainings_list", cursor=cursor)


class Trainings(SyncResource):
    """``client.trainings``: create, get, list and cancel trainings."""

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
    ) -> Training:
        """Start a training; the destination model gets a new version when it succeeds.

        Args:
            model: ``owner/name:VERSION``, or ``owner/name`` with ``version``.
            version: The version id, when ``model`` has none.
            destination: ``owner/name`` of the model that receives the trained version.
            input: The trainer's inputs.
            webhook: A URL the API calls as the training progresses.
            webhook_events_filter: Which events to send.
            file_encoding: How files in ``input`` are sent: ``"url"`` (uploaded) or ``"data-uri"``.

        Example:
            >>> client.trainings.create("acme/echo:" + vid, destination="acme/tuned", input={})  # doctest: +SKIP
        """
        call = prepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_training_call(
                model,
                version,
                destination=destination,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
            ),
        )
        result: Training = self._http.call(call)
        return result

    def get(self, training_id: str) -> Training:
        """A training by id.

        Example:
            >>> client.trainings.get(t.id).status  # doctest: +SKIP
        """
        result: Training = self._http.call(
            Call("trainings.trainings_get", {"training_id": training_id})
        )
        return result

    def list(self, *, cursor: str | None = None) -> Page[Training]:
        """One page of trainings, newest first.

        Example:
            >>> client.trainings.list().results  # doctest: +SKIP
        """
        result: Page[Training] = self._http.call(_list_call(cursor))
        return result

    def cancel(self, training_id: str) -> Training:
        """Cancel a training.

        Example:
            >>> client.trainings.cancel(t.id)  # doctest: +SKIP
        """
        result: Training = self._http.call(
            Call("trainings.trainings_cancel", {"training_id": training_id})
        )
        return result


class AsyncTrainings(AsyncResource):
    """``client.trainings`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def create(
        self,
        model: str,
        version: str | None = None,
        *,
        destination: str,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Training:
        """Start a training. Example: ``await client.trainings.create("a/b:VID", destination="a/c", input={})``."""
        call = await aprepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_training_call(
                model,
                version,
                destination=destination,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
            ),
        )
        result: Training = await self._http.call(call)
        return result

    async def get(self, training_id: str) -> Training:
        """A training by id. Example: ``await client.trainings.get(tid)``."""
        result: Training = await self._http.call(
            Call("trainings.trainings_get", {"training_id": training_id})
        )
        return result

    async def list(self, *, cursor: str | None = None) -> Page[Training]:
        """One page of trainings. Example: ``await client.trainings.list()``."""
        result: Page[Training] = await self._http.call(_list_call(cursor))
        return result

    async def cancel(self, training_id: str) -> Training:
        """Cancel a training. Example: ``await client.trainings.cancel(tid)``."""
        result: Training = await self._http.call(
            Call("trainings.trainings_cancel", {"training_id": training_id})
        )
        return result
