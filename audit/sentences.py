"""The audit log read as sentences: who did what to which record, from where (`sentence`), and each change as
"字段：旧值 → 新值" (`change_lines`), model and field names in the user's language (their verbose names).

What a sentence shows is what the record shows (`AuditLog.shown_repr`, `AuditLog.shown_changes`): a personal field
is a marker (audit.personal), never its value. The raw record stays on the page, behind a details toggle.
Kinds of import and export are named by the apps that define them (`register_kinds`, from their AppConfig.ready),
since audit sits below them."""

import datetime
import json
import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import AuditAction
from audit.personal import CHANGED, PERSONAL, model_for

KIND_LABELS: dict = {}  # an import or export kind's key -> its label (lazy), filled by the apps above

# details that are no model field: what audit_record's callers write besides a snapshot or a diff
DETAIL_LABELS = {
    "credential": gettext_lazy("device credential"),
    "key": gettext_lazy("key"),
    "reissued": gettext_lazy("reissued"),
    "rotated": gettext_lazy("re-encrypted"),
    "reindex": gettext_lazy("re-indexed"),
    "kind": gettext_lazy("kind"),
    "rows": gettext_lazy("rows"),
    "anonymous": gettext_lazy("anonymous"),
    "created": gettext_lazy("created"),
    "seed": gettext_lazy("random seed"),
}
NUMBER_NAMES = {
    "id_number": gettext_lazy("ID number"),
    "mobile": gettext_lazy("mobile number"),
    "contact_phone": gettext_lazy("contact phone"),
    "phone": gettext_lazy("phone"),
}
REFUSALS = {
    401: gettext_lazy("not signed in"),
    403: gettext_lazy("no right"),
    404: gettext_lazy("not found or out of scope"),
    405: gettext_lazy("method not allowed"),
    409: gettext_lazy("conflict"),
}
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
SKIPPED = {"id", "path", "created_at", "updated_at"}  # bookkeeping a create or delete line would only repeat
LONGEST = 60
PYTHON_REPR = re.compile(r"^[\[{]['{\[]")
ISO_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d)(:\d\d)?(\.\d+)?([+-]\d\d:\d\d|Z)?$")


def register_kinds(labels: dict) -> None:
    """Name import and export kinds (key -> label) in the sentences; called by the app that defines them."""
    KIND_LABELS.update(labels)


def who(record) -> str:
    if record.username:
        return record.username
    return _("A visitor") if record.path else _("The system")


def model_name(record) -> str:
    model = model_for(record.object_type)
    return str(model._meta.verbose_name) if model is not None else ""


def record_name(record) -> str:
    """The record the action was on: "居民 #12", "案件 ZS-2026-00001", or what the record calls it."""
    shown = record.shown_repr or (f"#{record.object_id}" if record.object_id else "")
    name = model_name(record)
    return f"{name} {shown}".strip() if name else shown


def field_of(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def field_label(model, key) -> str:
    field = field_of(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        return str(field.verbose_name)
    return str(DETAIL_LABELS.get(key) or NUMBER_NAMES.get(key) or key)


def value_text(model, key, value) -> str:
    if value == PERSONAL:
        return _("(personal data, not shown)")
    if value in (None, ""):
        return _("(empty)")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    field = field_of(model, key)
    if field is not None and field.choices:
        for choice, label in field.flatchoices:
            if str(choice) == str(value):
                return str(label)
    if field is not None and field.is_relation:
        return f"#{value}"
    if isinstance(value, dict | list) or (isinstance(value, str) and PYTHON_REPR.match(value)):
        return _("(structured data, see the raw record)")  # a JSON field (older records: its Python repr)
    text = str(value)
    if isinstance(value, str) and (m := ISO_TIME.match(text)):
        text = f"{m[1]} {m[2]}"
    elif text in DETAIL_LABELS:
        text = str(DETAIL_LABELS[text])
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def change_lines(record) -> list[str]:
    """Each change as "字段：旧值 → 新值" (an update), each value set as "字段：值" (a create or delete), each detail
    of another action as "名称：值"; personal fields as markers only."""
    changes = record.shown_changes
    if not isinstance(changes, dict) or record.action in (AuditAction.VIEW_PII, AuditAction.REQUEST):
        return []
    model = model_for(record.object_type)
    lines = []
    for key, value in changes.items():
        label = field_label(model, key)
        if record.action == AuditAction.UPDATE and value == CHANGED:
            lines.append(_("%(field)s: changed (personal data, not shown)") % {"field": label})
        elif record.action == AuditAction.UPDATE and isinstance(value, list) and len(value) == 2:
            lines.append(_("%(field)s: %(old)s → %(new)s") % {"field": label, "old": value_text(model, key, value[0]), "new": value_text(model, key, value[1])})
        elif record.action in (AuditAction.CREATE, AuditAction.DELETE) and (key in SKIPPED or value in (None, "")):
            continue
        elif record.action in (AuditAction.IMPORT, AuditAction.EXPORT) and key in ("kind", "rows", "imported", "problems"):
            continue  # said in the sentence
        else:
            lines.append(_("%(field)s: %(value)s") % {"field": label, "value": value_text(model, key, value)})
    return lines


def kind_label(key) -> str:
    return str(KIND_LABELS.get(key, key or ""))


def rows_of(value) -> int:
    if isinstance(value, dict):  # rows per sheet
        return sum(v for v in value.values() if isinstance(v, int))
    return value if isinstance(value, int) else 0


def refused(record, person) -> str:
    method = record.object_type if record.object_type in METHODS else (record.changes or {}).get("method", "")
    status = (record.changes or {}).get("status") or next(iter(re.findall(r"\d{3}", record.object_repr or "")), "")
    reason = REFUSALS.get(int(status)) if str(status).isdigit() else None
    shown = f"{status} {reason}" if reason else str(status)
    return _("%(who)s: %(method)s %(path)s was refused (%(status)s)") % {"who": person, "method": method, "path": record.path or "?", "status": shown}


def action_sentence(record, person) -> str:
    action, details = record.action, record.shown_changes if isinstance(record.shown_changes, dict) else {}
    names = {"who": person, "record": record_name(record)}
    if action == AuditAction.CREATE:
        return _("%(who)s created %(record)s") % names
    if action == AuditAction.UPDATE:
        return _("%(who)s changed %(record)s") % names
    if action == AuditAction.DELETE:
        return _("%(who)s deleted %(record)s") % names
    if action == AuditAction.LOGIN:
        return _("%(who)s signed in") % names
    if action == AuditAction.LOGOUT:
        return _("%(who)s signed out") % names
    if action == AuditAction.LOGIN_FAILED:
        return _("A sign-in as “%(name)s” failed") % {"name": record.object_repr or "?"}
    if action == AuditAction.REQUEST:
        return refused(record, person)
    if action == AuditAction.VIEW_PII and "search" in details:
        found = details.get("found")
        count = len(found) if isinstance(found, list) else 0
        return _("%(who)s looked up residents by a full %(number)s: %(count)s found") % {
            "who": person, "number": NUMBER_NAMES.get(details["search"], details["search"]), "count": count,
        }
    if action == AuditAction.VIEW_PII:
        field = details.get("field", "")
        label = field_label(model_for(record.object_type), field) if field not in NUMBER_NAMES else str(NUMBER_NAMES[field])
        return _("%(who)s viewed the full %(field)s of %(record)s") % {**names, "field": label}
    if action == AuditAction.IMPORT and "kind" not in details:  # a data load run as a command (the demo)
        return _("%(who)s loaded data with %(file)s") % {"who": person, "file": record.shown_repr or "?"}
    if action == AuditAction.IMPORT:
        facts = {"who": person, "file": record.shown_repr or "?", "kind": kind_label(details.get("kind")), "rows": details.get("rows", 0)}
        if record.success:
            return _("%(who)s imported %(kind)s from %(file)s: %(imported)s of %(rows)s rows") % {**facts, "imported": details.get("imported", 0)}
        return _("%(who)s's import of %(kind)s from %(file)s failed: nothing imported, %(problems)s problems") % {**facts, "problems": details.get("problems", 0)}
    if action == AuditAction.EXPORT:
        facts = {**names, "kind": kind_label(details.get("kind")), "rows": rows_of(details.get("rows"))}
        if details.get("kind") in KIND_LABELS and model_name(record):
            return _("%(who)s exported %(kind)s of %(record)s: %(rows)s rows") % facts
        return _("%(who)s exported %(record)s: %(rows)s rows") % facts
    return _("%(who)s: %(action)s %(record)s") % {**names, "action": record.get_action_display()}


def sentence(record) -> str:
    """Who did what to which record, from where: "secretary 修改了居民 #12（来自 10.1.2.3）"."""
    said = action_sentence(record, who(record))
    return _("%(sentence)s (from %(ip)s)") % {"sentence": said, "ip": record.ip} if record.ip else said


def raw(record) -> str:
    """The record as stored (personal fields as markers), for the auditor's details toggle."""
    shown = {
        "action": record.action, "object_type": record.object_type, "object_id": record.object_id, "object": record.shown_repr,
        "path": record.path, "ip": record.ip, "success": record.success, "changes": record.shown_changes,
    }
    return json.dumps(shown, ensure_ascii=False, indent=1, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else str(v))
