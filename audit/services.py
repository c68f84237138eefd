import re

from audit.context import client_ip, current_request
from audit.models import AuditLog
from audit.personal import object_repr as safe_repr

LONG_NUMBER = re.compile(r"\d{17}[Xx]|\d{11,}")  # a mobile (11 digits) or an ID number (18, the last maybe X)


def safe_path(path: str) -> str:
    """A request's path as the log keeps it: no query string (it may carry a searched name or number), and
    a number as long as a mobile or an ID number masked."""
    return LONG_NUMBER.sub("***", path.split("?", 1)[0])[:300]


def audit_record(*, action: str, user=None, obj=None, changes=None, ip=None, success=True, object_type="", object_repr="", path=None) -> AuditLog:
    request = current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None and request.user.is_authenticated:
        user = request.user
    if ip is None or ip == "":
        ip = client_ip(request)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or safe_repr(obj)
    return AuditLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr,
        changes=changes or {},
        ip=ip or None,
        path=safe_path(path if path is not None else (request.path if request is not None else "")),
        success=success,
    )
