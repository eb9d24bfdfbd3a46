"""replicate-ext: a complete, correct and fast client for Replicate's HTTP API.

Example:
    >>> from replicate_ext import Replicate
    >>> client = Replicate()                                       # doctest: +SKIP
    >>> client.run("replicate-ext/hello", input={"name": "Ada"})   # doctest: +SKIP
    'hello Ada'
"""

from . import webhooks
from ._default import (
    account,
    async_run,
    collections,
    default_async_client,
    default_client,
    deployments,
    files,
    hardware,
    models,
    paginate,
    predictions,
    run,
    trainings,
    wait,
)
from ._version import __version__
from .batch import BatchProgress, BatchResult
from .client import AsyncReplicate, Replicate
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    InvalidReferenceError,
    ModelError,
    NotFoundError,
    PermissionDeniedError,
    PredictionCanceledError,
    PredictionError,
    PredictionTimeoutError,
    RateLimitError,
    ReplicateError,
    ResponseDecodeError,
    StreamInterruptedError,
    UnprocessableEntityError,
)
from .file_output import FileOutput
from .pagination import AsyncPaginator, Page, Paginator
from .progress import Progress
from .streaming import ServerSentEvent
from .webhooks import (
    WebhookMissingHeaderError,
    WebhookReplayError,
    WebhookSecretError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerificationError,
)

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncPaginator",
    "AsyncReplicate",
    "AuthenticationError",
    "BadRequestError",
    "BatchProgress",
    "BatchResult",
    "ConflictError",
    "FileOutput",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidReferenceError",
    "ModelError",
    "NotFoundError",
    "Page",
    "Paginator",
    "PermissionDeniedError",
    "PredictionCanceledError",
    "PredictionError",
    "PredictionTimeoutError",
    "Progress",
    "RateLimitError",
    "Replicate",
    "ReplicateError",
    "ResponseDecodeError",
    "ServerSentEvent",
    "StreamInterruptedError",
    "UnprocessableEntityError",
    "WebhookMissingHeaderError",
    "WebhookReplayError",
    "WebhookSecretError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "__version__",
    "account",
    "async_run",
    "collections",
    "default_async_client",
    "default_client",
    "deployments",
    "files",
    "hardware",
    "models",
    "paginate",
    "predictions",
    "run",
    "trainings",
    "wait",
    "webhooks",
]
