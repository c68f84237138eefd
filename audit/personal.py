"""Personal data never enters the audit log (三权分立: the auditor sees who did what to which record, not the person).

A model that holds personal data says so with `audit_personal_fields`, a tuple of its field names (empty when only
its `str()` names a person). For such a model the audit record's `object_repr` is its id (unless it declares
`audit_keeps_str = True`: its `str()` is a case number or an account name, not a person), a create or delete record
holds `PERSONAL` in place of each personal value that is set, and an update record holds `CHANGED` for each
personal field that changed. Records written before this rule are shown the same way (`shown_repr`, `shown_changes`),
since the log itself cannot be rewritten.
"""

from django.apps import apps

PERSONAL = "(personal data)"
CHANGED = "(changed)"


def personal_fields(model) -> frozenset | None:
    """The model's personal fields, or None when it holds no personal data."""
    declared = getattr(model, "audit_personal_fields", None)
    return None if declared is None else frozenset(declared)


def model_for(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def hides_repr(model) -> bool:
    return personal_fields(model) is not None and not getattr(model, "audit_keeps_str", False)


def object_repr(obj) -> str:
    return f"#{obj.pk}" if hides_repr(type(obj)) else str(obj)[:200]


def redact_snapshot(model, snap: dict) -> dict:
    fields = personal_fields(model) or ()
    return {k: (PERSONAL if k in fields and v not in (None, "") else v) for k, v in snap.items()}


def redact_diff(model, diff: dict) -> dict:
    fields = personal_fields(model) or ()
    return {k: (CHANGED if k in fields else v) for k, v in diff.items()}


def shown_repr(record) -> str:
    model = model_for(record.object_type)
    if model is not None and hides_repr(model):
        return f"#{record.object_id}" if record.object_id else ""
    return record.object_repr


def shown_changes(record) -> dict:
    model = model_for(record.object_type)
    if model is None or personal_fields(model) is None or not isinstance(record.changes, dict):
        return record.changes
    if record.action == "update":
        return redact_diff(model, record.changes)
    if record.action in ("create", "delete"):
        return redact_snapshot(model, record.changes)
    return record.changes
