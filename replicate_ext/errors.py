"""The one error tree of replicate-ext, and the one place where responses become errors.

Every failure the client raises is a subclass of :class:`ReplicateError`::

    ReplicateError
    ├── APIStatusError                 the API answered with an error status
    │   ├── BadRequestError            400
    │   ├── AuthenticationError        401, or no token configured
    │   ├── PermissionDeniedError      403
    │   ├── NotFoundError              404
    │   ├── ConflictError              409
    │   ├── UnprocessableEntityError   422
    │   ├── RateLimitError             429 (``retry_after``)
    │   └── InternalServerError        5xx and any other status (499, 520, ...)
    ├── APIConnectionError             no usable answer: refused, reset, outcome unknown
    │   └── APITimeoutError            the request ran out of time
    ├── ResponseDecodeError            a 2xx body that cannot be decoded or is not the JSON we expect
    ├── ClientClosedError              the client was closed (also a ``RuntimeError``)
    ├── StreamInterruptedError         an event stream dropped before ``done`` and could not resume
    ├── InvalidReferenceError          a malformed model reference (also a ``ValueError``)
    ├── InvalidArgumentError           another bad argument, caught before sending (also ``ValueError``)
    │   └── InputValidationError       inputs the model's schema refuses (``problems``), nothing sent
    └── PredictionError                a prediction did not succeed (``prediction``)
        ├── ModelError                 status ``failed``
        ├── PredictionCanceledError    status ``canceled`` or ``aborted``
        └── PredictionTimeoutError     ``wait(timeout=...)`` ran out; the prediction goes on

Example:
    >>> from replicate_ext import Replicate, NotFoundError
    >>> try:                                          # doctest: +SKIP
    ...     Replicate().predictions.get("nope")
    ... except NotFoundError as exc:
    ...     print(exc.status, exc.title)
    404 Not found
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from replicate_api.models import Prediction, Training

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "InputProblem",
    "InputValidationError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidReferenceError",
    "ModelError",
    "NotFoundError",
    "PermissionDeniedError",
    "PredictionCanceledError",
    "PredictionError",
    "PredictionTimeoutError",
    "RateLimitError",
    "ReplicateError",
    "ResponseDecodeError",
    "StreamInterruptedError",
    "UnprocessableEntityError",
    "error_from_response",
]

_SNIPPET_LENGTH = 200
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class ReplicateError(Exception):
    """Base of every error raised by replicate-ext.

    Attributes:
        message: What went wrong and, where we know it, how to fix it.
        prediction_id: The prediction concerned, when the error arose while waiting on one.
        method: The HTTP method of the request involved, if any.
        path: The URL path of the request involved, if any.
    """

    prediction_id: str | None = None

    def __init__(self, message: str, *, method: str | None = None, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, not by ``__init__`` arguments (many are keyword-only), so every
        error crosses a process boundary (``multiprocessing``, ``ProcessPoolExecutor``) with
        its type, message and attributes. A kept ``response`` goes without its request's
        ``Authorization`` header: the bytes may be stored (a task queue's result backend)."""
        state = {
            k: _without_token(v) if isinstance(v, httpx.Response) else v
            for k, v in self.__dict__.items()
        }
        return _rebuild, (type(self), self.args, state)

    def __str__(self) -> str:
        where = f" ({self.method} {self.path})" if self.method and self.path else ""
        tag = f" [prediction {self.prediction_id}]" if self.prediction_id else ""
        return f"{self.message}{where}{tag}"


class APIStatusError(ReplicateError):
    """The API answered with an error status.

    Attributes:
        status: The HTTP status code, or ``None`` when the error was raised before sending.
        title: The problem's ``title`` (problem+json), or the reason phrase.
        detail: The problem's ``detail``, or a short snippet of a non-JSON body.
        request_id: The server's request id header, when it sent one.
        body: The parsed JSON body, when it was JSON.
        response: The ``httpx.Response`` (body read), when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        title: str | None = None,
        detail: str | None = None,
        method: str | None = None,
        path: str | None = None,
        request_id: str | None = None,
        body: Any = None,
        response: httpx.Response | None = None,
    ):
        super().__init__(message, method=method, path=path)
        self.status = status
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.body = body
        self.response = response


class BadRequestError(APIStatusError):
    """400: the request was malformed."""


class AuthenticationError(APIStatusError):
    """401, or no API token was configured (set ``REPLICATE_API_TOKEN`` or pass ``auth=``)."""


class PermissionDeniedError(APIStatusError):
    """403: the token may not do this."""


class NotFoundError(APIStatusError):
    """404: no such prediction, model, version, deployment, file or collection."""


class ConflictError(APIStatusError):
    """409: the request conflicts with the resource's state."""


class UnprocessableEntityError(APIStatusError):
    """422: the server refused the input (e.g. a field the model does not accept)."""


class RateLimitError(APIStatusError):
    """429: too many requests.

    Attributes:
        retry_after: Seconds the server asked us to wait, when it said.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx, or any status without a class of its own (499, 520, ...)."""


class APIConnectionError(ReplicateError):
    """No usable answer: the connection was refused or dropped, or the outcome is unknown.

    Attributes:
        outcome_unknown: ``True`` when a request that creates something (a prediction, a
            training, an upload) was sent but no answer came: it may have been carried out.
            Look for it (e.g. ``predictions.list(created_after=...)``) before trying again.
    """

    def __init__(
        self,
        message: str,
        *,
        outcome_unknown: bool = False,
        method: str | None = None,
        path: str | None = None,
    ):
        super().__init__(message, method=method, path=path)
        self.outcome_unknown = outcome_unknown


class APITimeoutError(APIConnectionError):
    """The request ran out of time before an answer came."""


class ResponseDecodeError(ReplicateError):
    """A success response whose body cannot be decoded (a broken ``Content-Encoding``) or is
    not the JSON we expect.

    Attributes:
        status: The HTTP status of the response.
        snippet: The start of the body, for diagnosis.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        snippet: str = "",
        method: str | None = None,
        path: str | None = None,
    ):
        super().__init__(message, method=method, path=path)
        self.status = status
        self.snippet = snippet


class ClientClosedError(ReplicateError, RuntimeError):
    """A request on a client that was closed (``close()``, or the end of its ``with`` block).

    Make a new client, or keep this one open while you use it.
    """


class StreamInterruptedError(ReplicateError):
    """A prediction's event stream dropped before ``done`` and resuming failed.

    The prediction goes on; ``prediction_id`` finds it, and ``last_event_id`` says where the
    stream stopped.
    """

    def __init__(self, message: str, *, prediction_id: str | None, last_event_id: str | None):
        super().__init__(message)
        self.prediction_id = prediction_id
        self.last_event_id = last_event_id


class InvalidReferenceError(ReplicateError, ValueError):
    """A model reference that is none of ``owner/name``, ``owner/name:version`` or a version id."""


class InvalidArgumentError(ReplicateError, ValueError):
    """An argument the API would refuse, caught before anything is sent."""


@dataclasses.dataclass(frozen=True, slots=True)
class InputProblem:
    """One problem with one input: its ``name`` and what is wrong (``message``).

    Example:
        >>> str(InputProblem("steps", "60 is above the maximum, 50"))
        'steps: 60 is above the maximum, 50'
    """

    name: str
    message: str

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


class InputValidationError(InvalidArgumentError):
    """Inputs the model's schema refuses, found before anything was uploaded or sent.

    Attributes:
        problems: Every problem found, at once (each with ``name`` and ``message``).
        model: The model reference the inputs were checked for, when known.

    Example:
        >>> err = InputValidationError([InputProblem("promt", "unknown input; did you mean 'prompt'?")])
        >>> print(err)
        1 problem with the input:
          - promt: unknown input; did you mean 'prompt'?
    """

    def __init__(self, problems: list[InputProblem], *, model: str | None = None):
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        of = f" of {model}" if model else ""
        lines = "".join(f"\n  - {problem}" for problem in problems)
        super().__init__(f"{count} with the input{of}:{lines}")
        self.problems = problems
        self.model = model


class PredictionError(ReplicateError):
    """A prediction (or training) did not succeed; it stays reachable by ``prediction.id``.

    Attributes:
        prediction: The prediction as last seen (id, status, error, logs).
    """

    def __init__(self, message: str, *, prediction: Prediction | Training):
        super().__init__(message)
        self.prediction = prediction
        value = getattr(prediction, "id", None)
        self.prediction_id = value if isinstance(value, str) else None

    def __str__(self) -> str:
        return self.message


class ModelError(PredictionError):
    """The model ran and failed (status ``failed``); ``prediction.error`` says why."""


class PredictionCanceledError(PredictionError):
    """The prediction was canceled, or aborted before it started (e.g. its deadline passed)."""


class PredictionTimeoutError(PredictionError):
    """Waiting ran out of time; the prediction itself goes on and can be fetched by id."""


def _without_token(response: httpx.Response) -> httpx.Response:
    """A copy of ``response`` whose request carries no ``Authorization`` header (to pickle)."""
    clone = copy.copy(response)  # httpx pickles a read response, closed and without its stream
    try:
        request = response.request
    except RuntimeError:  # a response built without a request
        return clone
    headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"authorization"]
    clone.request = httpx.Request(request.method, request.url, headers=headers)
    return clone


def _rebuild(
    cls: type[ReplicateError], args: tuple[Any, ...], state: dict[str, Any]
) -> ReplicateError:
    """Unpickle an error of the tree without calling its ``__init__`` (see ``__reduce__``)."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def snippet(text: str, limit: int = _SNIPPET_LENGTH) -> str:
    """Shorten a body to one readable line (HTML tags removed) for an error message.

    Example:
        >>> snippet("<html><h1>Bad gateway</h1></html>")
        'Bad gateway'
    """
    flat = _SPACE.sub(" ", _TAG.sub(" ", text)).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _problem(response: httpx.Response) -> tuple[str | None, str | None, Any]:
    """Title, detail and JSON body of an error response, tolerating any body."""
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        return None, None, None
    try:
        body = json.loads(text) if text else None
    except ValueError:
        return None, snippet(text) or None, None
    if not isinstance(body, dict):
        return None, snippet(text) or None, body
    title, detail = body.get("title"), body.get("detail")
    if detail is None and isinstance(body.get("error"), str):
        detail = body["error"]
    return (
        str(title) if title is not None else None,
        str(detail) if detail is not None else None,
        body,
    )


def error_from_response(
    response: httpx.Response, *, retry_after: float | None = None
) -> APIStatusError:
    """Map an error response to the matching :class:`APIStatusError` subclass.

    The response must be read. The method and path come from ``response.request``.

    Example:
        >>> import httpx
        >>> req = httpx.Request("GET", "https://api.replicate.com/v1/predictions/x")
        >>> err = error_from_response(httpx.Response(404, json={"detail": "Not found."}, request=req))
        >>> type(err).__name__, err.status, str(err)
        ('NotFoundError', 404, '404 Not Found: Not found. (GET /v1/predictions/x)')
    """
    status = response.status_code
    title, detail, body = _problem(response)
    if title is None:
        title = response.reason_phrase or None
    cls = _STATUS_ERRORS.get(status, InternalServerError)
    request = response.request
    parts = (part.strip() for part in (title, detail) if part)  # a detail may end in a newline
    summary = ": ".join(part for part in parts if part) or "no details given"
    kwargs: dict[str, Any] = {
        "status": status,
        "title": title,
        "detail": detail,
        "method": request.method,
        "path": request.url.path,
        "request_id": response.headers.get("x-request-id"),
        "body": body,
        "response": response,
    }
    if 300 <= status < 400:
        where = httpx.URL(response.headers.get("location", "")).host or "elsewhere"
        summary = (
            f"the API redirected to {where}; redirects are not followed, to keep the token safe"
        )
    if cls is RateLimitError:
        return RateLimitError(f"{status} {summary}", retry_after=retry_after, **kwargs)
    return cls(f"{status} {summary}", **kwargs)
