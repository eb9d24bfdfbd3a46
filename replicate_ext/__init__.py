"""replicate-ext: a complete, correct and fast client for Replicate's HTTP API.

Example:
    >>> from replicate_ext import Replicate
    >>> client = Replicate()                                       # doctest: +SKIP
    >>> client.run("replicate-ext/hello", input={"name": "Ada"})   # doctest: +SKIP
    'hello Ada'

Every name is imported on first use (PEP 562), so ``import replicate_ext`` stays
cheap; type checkers and IDEs read the ``TYPE_CHECKING`` imports, which list
the same names as ``_SOURCES`` (a test keeps the two equal).
"""

from typing import TYPE_CHECKING

from ._version import __version__

if TYPE_CHECKING:
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
        use,
        wait,
    )
    from .batch import (
        BatchProgress,
        BatchResult,
    )
    from .client import (
        AsyncReplicate,
        Replicate,
    )
    from .errors import (
        APIConnectionError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ClientClosedError,
        ConflictError,
        InputProblem,
        InputValidationError,
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
    from .file_output import (
        FileOutput,
    )
    from .functions import (
        AsyncModelFunction,
        ModelFunction,
    )
    from .pagination import (
        AsyncPaginator,
        Page,
        Paginator,
    )
    from .progress import (
        Progress,
    )
    from .schema import (
        ModelSchema,
    )
    from .streaming import (
        ServerSentEvent,
    )
    from .webhooks import (
        WebhookMissingHeaderError,
        WebhookReplayError,
        WebhookSecretError,
        WebhookSignatureError,
        WebhookTimestampError,
        WebhookVerificationError,
    )

# Where each public name lives: the module it is imported from on first access.
_SOURCES: dict[str, str] = {
    "webhooks": ".webhooks",
    "account": "._default",
    "async_run": "._default",
    "collections": "._default",
    "default_async_client": "._default",
    "default_client": "._default",
    "deployments": "._default",
    "files": "._default",
    "hardware": "._default",
    "models": "._default",
    "paginate": "._default",
    "predictions": "._default",
    "run": "._default",
    "trainings": "._default",
    "use": "._default",
    "wait": "._default",
    "BatchProgress": ".batch",
    "BatchResult": ".batch",
    "AsyncReplicate": ".client",
    "Replicate": ".client",
    "APIConnectionError": ".errors",
    "APIStatusError": ".errors",
    "APITimeoutError": ".errors",
    "AuthenticationError": ".errors",
    "BadRequestError": ".errors",
    "ClientClosedError": ".errors",
    "ConflictError": ".errors",
    "InputProblem": ".errors",
    "InputValidationError": ".errors",
    "InternalServerError": ".errors",
    "InvalidArgumentError": ".errors",
    "InvalidReferenceError": ".errors",
    "ModelError": ".errors",
    "NotFoundError": ".errors",
    "PermissionDeniedError": ".errors",
    "PredictionCanceledError": ".errors",
    "PredictionError": ".errors",
    "PredictionTimeoutError": ".errors",
    "RateLimitError": ".errors",
    "ReplicateError": ".errors",
    "ResponseDecodeError": ".errors",
    "StreamInterruptedError": ".errors",
    "UnprocessableEntityError": ".errors",
    "FileOutput": ".file_output",
    "AsyncModelFunction": ".functions",
    "ModelFunction": ".functions",
    "AsyncPaginator": ".pagination",
    "Page": ".pagination",
    "Paginator": ".pagination",
    "Progress": ".progress",
    "ModelSchema": ".schema",
    "ServerSentEvent": ".streaming",
    "WebhookMissingHeaderError": ".webhooks",
    "WebhookReplayError": ".webhooks",
    "WebhookSecretError": ".webhooks",
    "WebhookSignatureError": ".webhooks",
    "WebhookTimestampError": ".webhooks",
    "WebhookVerificationError": ".webhooks",
}

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncModelFunction",
    "AsyncPaginator",
    "AsyncReplicate",
    "AuthenticationError",
    "BadRequestError",
    "BatchProgress",
    "BatchResult",
    "ClientClosedError",
    "ConflictError",
    "FileOutput",
    "InputProblem",
    "InputValidationError",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidReferenceError",
    "ModelError",
    "ModelFunction",
    "ModelSchema",
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
    "use",
    "wait",
    "webhooks",
]


if not TYPE_CHECKING:  # mypy must not see a module __getattr__: typos stay errors

    def __getattr__(name: str) -> object:
        """Import a public name on first access (PEP 562); it is cached in the module after."""
        source = _SOURCES.get(name)
        if source is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        import importlib

        module = importlib.import_module(source, __name__)
        value = module if source == "." + name else getattr(module, name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        """The public names, as ``from replicate_ext import *`` would bind them."""
        return sorted(set(globals()) | set(__all__))
