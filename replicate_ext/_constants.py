"""Every default of the client, named in one place (see the README's configuration table)."""

from __future__ import annotations

DEFAULT_BASE_URL = "https://api.replicate.com/v1"

#: Connect and read timeouts in seconds, used unless ``timeout=`` or ``REPLICATE_TIMEOUT`` says otherwise.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0
#: Extra read time granted on top of ``Prefer: wait=N`` so that the server's answer arrives.
SYNC_MODE_READ_MARGIN = 10.0

#: ``run(timeout=T)`` and ``wait(timeout=T)`` stop waiting at T; a request still in flight then
#: has this much longer to answer before it is cut, so the call ends within the promised
#: T + 0.5 s with room left to raise.
DEADLINE_GRACE = 0.4

#: Longest hold the API accepts for ``Prefer: wait=N``.
MAX_SYNC_WAIT = 60

DEFAULT_MAX_RETRIES = 2
#: Cap on one retry wait (``Retry-After`` longer than this raises instead of hanging).
MAX_RETRY_WAIT = 60.0
#: Cap on the total time spent waiting between retries of one request.
MAX_TOTAL_RETRY_WAIT = 120.0
#: Base of the exponential backoff with full jitter.
RETRY_BACKOFF_BASE = 0.5

#: Adaptive polling: the shortest interval, growth as a fraction of the time already waited, cap.
#: Never more GETs than a fixed 0.5 s poll; within 10 % of the run time once past 5 s.
#: (Short runs are served by sync mode, ``Prefer: wait``, without polling at all.)
POLL_INTERVAL_MIN = 0.5
POLL_INTERVAL_FRACTION = 0.1
POLL_INTERVAL_MAX = 5.0

#: Connections of the client used for event streams and downloads.
MAX_CONNECTIONS = 100
#: Requests in flight at once; more queue in our own semaphore rather than in httpcore's pool.
#: Each has a connection (an ``httpx`` client) of its own: see ``_lanes``.
MAX_IN_FLIGHT = 20
#: Requests the server holds (sync-mode creates, ``Prefer: wait``) have slots of their own, so
#: long holds never stall short calls. A create that finds them all busy waits up to
#: ``HELD_SLOT_WAIT`` seconds for one, and longer (up to ``HELD_SLOT_WAIT_MAX`` in all) only
#: while held requests turn over within ``HELD_SLOT_WAIT`` (see ``_held``); then it is sent
#: without sync mode and ``run()`` polls.
MAX_HELD = 60
HELD_SLOT_WAIT = 1.0
HELD_SLOT_WAIT_MAX = 10.0

#: Status values after which a prediction or training never changes again.
TERMINAL_STATUSES = frozenset({"succeeded", "failed", "canceled", "aborted"})

ENV_TOKEN = "REPLICATE_API_TOKEN"  # noqa: S105 (a variable name, not a secret)
ENV_BASE_URL = "REPLICATE_BASE_URL"
ENV_POLL_INTERVAL = "REPLICATE_POLL_INTERVAL"
ENV_MAX_RETRIES = "REPLICATE_MAX_RETRIES"
ENV_TIMEOUT = "REPLICATE_TIMEOUT"

#: Batches (``client.batch``): the API's limits per account, in requests per minute, and the
#: predictions a batch keeps in flight at most. ``REPLICATE_BATCH_CREATE_RATE`` and
#: ``REPLICATE_BATCH_REQUEST_RATE`` override the rates.
BATCH_CREATE_RATE = 600.0
BATCH_REQUEST_RATE = 3000.0
BATCH_MAX_IN_FLIGHT = 500
ENV_BATCH_CREATE_RATE = "REPLICATE_BATCH_CREATE_RATE"
ENV_BATCH_REQUEST_RATE = "REPLICATE_BATCH_REQUEST_RATE"
