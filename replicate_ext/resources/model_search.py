"""``QUERY /v1/models``: model search, the one call built outside the generated layer.

Replicate's model search (since 2024) is an HTTP ``QUERY`` request to ``/v1/models`` whose body
is the search text, as ``text/plain``. OpenAPI 3.0 has no ``query`` operation, so neither the
spec nor ``replicate_api`` can describe it. Its :class:`~replicate_ext._call.Call` is written here
by hand, with the raw request keywords that ``client.request()`` uses too; the request is then
built by :class:`~replicate_ext._requests.RequestBuilder` like every other (headers, token only
for the API's origin, timeouts, retries: ``QUERY`` is safe, so it is retried like a ``GET``).
The answer is a page of models, the shape of ``GET /v1/models``, parsed by the generated
parser of that operation into generated :class:`~replicate_api.models.Model` objects.

Example:
    >>> call = model_search_call("upscale images")
    >>> call.request["method"], call.request["url"], call.request["content"]
    ('QUERY', '/models', b'upscale images')
"""

from __future__ import annotations

from typing import Unpack

from replicate_api.api.models import models_list
from replicate_api.models import Model

from .._call import Call, CallOptions, page_of
from ..errors import InvalidArgumentError
from ..pagination import Page

__all__ = ["model_search_call"]


def model_search_call(
    query: str, cursor: str | None = None, **options: Unpack[CallOptions]
) -> Call[Page[Model]]:
    """The :class:`Call` of ``QUERY /v1/models`` with ``query`` as its plain-text body.

    Args:
        query: The search text (not empty).
        cursor: The cursor of the page to fetch (from a previous page).
        **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

    Returns:
        The call; sending it gives one page of :class:`~replicate_api.models.Model`.

    Raises:
        InvalidArgumentError: ``query`` is not a non-empty string.

    Example:
        >>> model_search_call("upscale", cursor="c2").request["params"]
        {'cursor': 'c2'}
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidArgumentError("models.search needs a non-empty query string.")
    request = {
        "method": "QUERY",
        "url": "/models",
        "params": {"cursor": cursor} if cursor else None,
        "content": query.encode(),
        "headers": {"Content-Type": "text/plain; charset=utf-8"},
    }
    return Call(request, page_of(models_list.parse_response)).with_options(**options)
