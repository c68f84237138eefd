"""The request behind the current write, for audit records made by signals."""

from contextvars import ContextVar

current_request = ContextVar("current_request", default=None)


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
