"""The request behind the current write, for audit records made by signals."""

from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

current_request = ContextVar("current_request", default=None)


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


@contextmanager
def acting_as(user, path: str = ""):
    """Work done outside a request (a background import, a task) is audited as this user's: the audit
    signals see a stand-in request carrying the user and a description of the work as its path."""
    token = current_request.set(SimpleNamespace(user=user, path=path, META={}))
    try:
        yield
    finally:
        current_request.reset(token)
