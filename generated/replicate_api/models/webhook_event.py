from typing import Literal

WebhookEvent = Literal["completed", "logs", "output", "start"]

WEBHOOK_EVENT_VALUES: set[WebhookEvent] = {
    "completed",
    "logs",
    "output",
    "start",
}


def check_webhook_event(value: str) -> WebhookEvent:
    if value in WEBHOOK_EVENT_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {WEBHOOK_EVENT_VALUES!r}")
