"""Alarm rule conditions: their checking (`validate_rule`, used alike by the rules form, the API and the
services) and their evaluation in plain Python (`Cond`, used by the engine on every message).

A condition (the JSON shape documented on `smart.models.AlarmRule`):
  {"kind": "simple" | "duration" | "repeating", "match": "all" | "any",
   "predicates": [{"key": "fill", "source": "telemetry", "op": ">=", "value": 90}, {"key": "overflow", "source": "event"}],
   "seconds": 600, "count": 3}
- A telemetry predicate compares the message's value of `key` with `value`; a message without that key
  says nothing about it (unknown). An event predicate holds for the event message whose code is `key`.
- simple: the predicates hold on the message itself.
- duration: the (telemetry) predicates have held continuously for `seconds`: on this message, on every
  stored reading since `ts - seconds`, and on the last reading at or before it.
- repeating: the predicates held on `count` messages within the last `seconds` (this one included).
A rule's `schedule` limits when it may raise: {"days": [0..6] (Monday 0), "start": "08:00", "end": "20:00"}
in local time; start after end spans midnight; start equal to end is the whole day.
"""

import math
import operator
import re
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from smart.models import OFFLINE_ALARM, Severity

KINDS = ("simple", "duration", "repeating")
MATCHES = ("all", "any")
SOURCES = ("telemetry", "event")
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne}
SEVERITY_NAMES = {s.name: s.value for s in Severity}  # "CRITICAL" -> 5
MAX_SECONDS = 30 * 24 * 3600
MAX_COUNT = 10_000
MAX_PREDICATES = 10
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


# ---------------------------------------------------------------- evaluation (hot path: no database)


@dataclass(slots=True, frozen=True)
class Pred:
    key: str
    is_event: bool
    fn: object = None
    value: float = 0


@dataclass(slots=True)
class Cond:
    kind: str
    match_all: bool
    preds: tuple
    seconds: int = 0
    count: int = 0
    telemetry_keys: tuple = ()
    event_codes: frozenset = frozenset()
    tel_preds: tuple = ()  # (key, operator function, value) of the telemetry predicates

    def truth(self, values: dict, code: str | None = None):
        """True / False / None (the point says nothing) for a telemetry reading (`values`) or an event (`code`)."""
        seen_false = seen_unknown = False
        for p in self.preds:
            if p.is_event:
                r = None if code is None else code == p.key
            elif code is not None:
                r = None
            else:
                v = values.get(p.key)
                if v is None or isinstance(v, bool | str):
                    r = None if v is None else False
                else:
                    try:
                        r = bool(p.fn(v, p.value))
                    except TypeError:
                        r = False
            if r is True:
                if not self.match_all:
                    return True
            elif r is False:
                if self.match_all:
                    return False
                seen_false = True
            else:
                seen_unknown = True
        if self.match_all:
            return None if seen_unknown else True
        return False if seen_false else None

    def reading_holds(self, values: dict) -> bool:
        """The predicates hold on a telemetry reading (the hot path: `truth(values) is True`, faster)."""
        tel = self.tel_preds
        if not tel or (self.match_all and len(tel) != len(self.preds)):
            return False  # only events, or "all" with an event too: a reading never holds
        if self.match_all:
            for key, fn, value in tel:
                v = values.get(key)
                if type(v) not in _NUMBERS or not fn(v, value):
                    return False
            return True
        for key, fn, value in tel:
            v = values.get(key)
            if type(v) in _NUMBERS and fn(v, value):
                return True
        return False

    def event_holds(self, code: str) -> bool:
        return code in self.event_codes and (not self.match_all or len(self.preds) == 1)

    def holds_on(self, msg) -> bool:
        """Whether the predicates hold on one message (a telemetry `smart.messages.Message` or an event)."""
        if msg.kind == "telemetry":
            return self.reading_holds(msg.values)
        return self.event_holds(msg.code)


_NUMBERS = (int, float)


def compile_condition(cond: dict | None) -> Cond | None:
    """A validated condition made ready for evaluation."""
    if not cond:
        return None
    preds = []
    for p in cond.get("predicates", []):
        if p.get("source") == "event":
            preds.append(Pred(p["key"], True))
        else:
            preds.append(Pred(p["key"], False, OPS[p["op"]], p["value"]))
    return Cond(
        kind=cond.get("kind", "simple"),
        match_all=cond.get("match", "all") == "all",
        preds=tuple(preds),
        seconds=int(cond.get("seconds") or 0),
        count=int(cond.get("count") or 0),
        telemetry_keys=tuple(dict.fromkeys(p.key for p in preds if not p.is_event)),
        event_codes=frozenset(p.key for p in preds if p.is_event),
        tel_preds=tuple((p.key, p.fn, p.value) for p in preds if not p.is_event),
    )


def _minutes(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def compile_schedule(schedule: dict | None):
    """(days, start minute, end minute) or None for always."""
    if not schedule:
        return None
    return (frozenset(schedule.get("days", ())), _minutes(schedule.get("start", "00:00")), _minutes(schedule.get("end", "00:00")))


def schedule_allows(compiled, when) -> bool:
    if compiled is None:
        return True
    days, start, end = compiled
    local = timezone.localtime(when)
    day, minute = local.weekday(), local.hour * 60 + local.minute
    if start == end:
        return day in days
    if start < end:
        return day in days and start <= minute < end
    return (day in days and minute >= start) or ((day - 1) % 7 in days and minute < end)


class _Value:
    """A message value in a details template: formatted with its spec when it fits, else shown plain."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __format__(self, spec):
        try:
            return format(self.value, spec)
        except (ValueError, TypeError):
            return str(self.value)


class _Missing:
    """A key the message does not carry: printed back as {key} (with its format spec, if any)."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key

    def __format__(self, spec):
        return "{" + self.key + (":" + spec if spec else "") + "}"


class _SafeValues:
    __slots__ = ("values",)

    def __init__(self, values):
        self.values = values

    def __getitem__(self, key):
        return _Value(self.values[key]) if key in self.values else _Missing(key)


def render_details(template: str, values: dict) -> str:
    """`template` filled from `values` (format_map on a safe mapping): missing keys stay as {key}; a value
    that does not fit its format spec is shown plain; a template that cannot be filled is returned as it is."""
    if not template:
        return ""
    try:
        return template.format_map(_SafeValues(values))
    except (ValueError, TypeError, IndexError, AttributeError, KeyError):
        return template


# ---------------------------------------------------------------- validation (the edge and the services)


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                return None
        else:
            return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _whole(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def severity_label(name: str) -> str:
    return str(Severity[name].label) if name in SEVERITY_NAMES else name


def validate_condition(device_type, cond, *, label: str, allow_empty: bool = False) -> tuple[dict | None, list[str]]:
    """(the condition normalised, [messages]) for one condition of a rule of `device_type`; `label` starts each message."""
    errors = []

    def err(message):
        errors.append(f"{label}: {message}")

    if not isinstance(cond, dict):
        err(_("a condition must be an object with its predicates."))
        return None, errors
    kind = cond.get("kind") or "simple"
    if not isinstance(kind, str) or kind not in KINDS:
        err(_("unknown kind “%(kind)s”; use simple, duration or repeating.") % {"kind": kind})
        kind = "simple"
    match = cond.get("match") or "all"
    if not isinstance(match, str) or match not in MATCHES:
        err(_("“match” must be “all” or “any”."))
        match = "all"
    raw = cond.get("predicates")
    raw = [] if raw is None else raw
    if not isinstance(raw, list):
        err(_("the predicates must be a list."))
        raw = []
    if not raw and not allow_empty:
        err(_("give at least one predicate."))
    if len(raw) > MAX_PREDICATES:
        err(_("at most %(n)s predicates.") % {"n": MAX_PREDICATES})
        raw = raw[:MAX_PREDICATES]
    measurements, events = device_type.measurement_keys(), device_type.event_codes()
    preds = []
    for i, p in enumerate(raw, start=1):
        row = _("row %(n)s") % {"n": i}
        if not isinstance(p, dict):
            err(_("%(row)s: a predicate must be an object.") % {"row": row})
            continue
        source = p.get("source") or "telemetry"
        key = p.get("key")
        key = key.strip() if isinstance(key, str) else ""
        if not isinstance(source, str) or source not in SOURCES:
            err(_("%(row)s: the source must be “telemetry” or “event”.") % {"row": row})
            continue
        if not key:
            err(_("%(row)s: say which measurement or event.") % {"row": row})
            continue
        if source == "event":
            if key not in events:
                err(_("%(row)s: “%(key)s” is not an event of %(type)s.") % {"row": row, "key": key, "type": device_type.name})
                continue
            preds.append({"key": key, "source": "event"})
            continue
        if key not in measurements:
            err(_("%(row)s: “%(key)s” is not a measurement of %(type)s.") % {"row": row, "key": key, "type": device_type.name})
            continue
        op = p.get("op")
        if not isinstance(op, str) or op not in OPS:
            err(_("%(row)s: unknown operator “%(op)s”; use one of %(ops)s.") % {"row": row, "op": op if op is not None else "", "ops": " ".join(OPS)})
            continue
        value = _number(p.get("value"))
        if value is None:
            err(_("%(row)s: the value must be a number.") % {"row": row})
            continue
        preds.append({"key": key, "source": "telemetry", "op": op, "value": value})
    out = {"kind": kind, "match": match, "predicates": preds}
    has_event = any(p["source"] == "event" for p in preds)
    if match == "all" and has_event and len(preds) > 1:
        err(_("an event and a measurement, or two events, never come in one message: combine them with “any”."))
    if kind in ("duration", "repeating"):
        seconds = _whole(cond.get("seconds"))
        if seconds is None or seconds <= 0:
            err(_("the number of seconds must be a whole number greater than 0."))
        elif seconds > MAX_SECONDS:
            err(_("at most %(n)s seconds (30 days).") % {"n": MAX_SECONDS})
        else:
            out["seconds"] = seconds
    if kind == "duration" and has_event:
        err(_("events have no duration: use a repeating condition for events."))
    if kind == "repeating":
        count = _whole(cond.get("count"))
        if count is None or count <= 0:
            err(_("the count must be a whole number greater than 0."))
        elif count > MAX_COUNT:
            err(_("the count may be at most %(n)s.") % {"n": MAX_COUNT})
        else:
            out["count"] = count
    return (None if errors else out), errors


def validate_schedule(schedule) -> tuple[dict | None, list[str]]:
    if schedule in (None, {}, ""):
        return None, []
    if not isinstance(schedule, dict):
        return None, [_("The schedule must be an object with days, start and end.")]
    errors = []
    days = schedule.get("days")
    norm_days = []
    if not isinstance(days, list) or not days:
        errors.append(_("Choose at least one day of the week for the schedule."))
    else:
        for d in days:
            w = _whole(d)
            if w is None or not 0 <= w <= 6:
                errors.append(_("Days of the week are numbered 0 (Monday) to 6 (Sunday)."))
                break
            norm_days.append(w)
    times = {}
    for name in ("start", "end"):
        value = schedule.get(name) or "00:00"
        text = value.strip() if isinstance(value, str) else ""
        if len(text) == 8 and text.endswith(":00"):  # "08:00:00" from a time input
            text = text[:5]
        if not _TIME.match(text):
            errors.append(_("The schedule's times are written HH:MM, e.g. 08:00."))
            break
        times[name] = text
    if errors:
        return None, errors
    return {"days": sorted(set(norm_days)), "start": times["start"], "end": times["end"]}, []


def details_error(template) -> str | None:
    if not template:
        return None
    if not isinstance(template, str):
        return _("The details template must be text.")
    try:
        for _literal, field, _spec, _conv in string.Formatter().parse(template):
            if field is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", field):
                return _("In the details template, write a measurement as {key}, e.g. {fill}.")
    except ValueError:
        return _("The details template has an unmatched brace: write a measurement as {key}, e.g. {fill}.")
    return None


def rule_problems(*, device_type, alarm_type, create_conditions, clear_condition=None, schedule=None, details="", opens_case=False,
                  case_category_code="", case_priority=3, case_min_severity=Severity.MAJOR, rule_id=None) -> tuple[dict, dict[str, list[str]]]:  # fmt: skip
    """(normalised fields, {block: [messages]}); blocks are "create_conditions.<SEVERITY>", "create_conditions",
    "clear_condition", "schedule", "details", "alarm_type", "case_category_code", "case_priority", "case_min_severity"."""
    from cases.models import CaseCategory, Priority
    from smart.models import AlarmRule

    problems: dict[str, list[str]] = {}
    out = {}
    offline = alarm_type == OFFLINE_ALARM
    if isinstance(alarm_type, str) and alarm_type:
        dup = AlarmRule.objects.filter(device_type=device_type, alarm_type=alarm_type)
        if rule_id is not None:
            dup = dup.exclude(pk=rule_id)
        if dup.exists():
            problems["alarm_type"] = [_("This device type already has a rule of alarm type “%(type)s”.") % {"type": alarm_type}]
    conditions = {}
    if not isinstance(create_conditions, dict) or not create_conditions:
        problems["create_conditions"] = [_("Give at least one create condition, for the severity it raises.")]
    else:
        for name, cond in create_conditions.items():
            upper = str(name).upper()
            if upper not in SEVERITY_NAMES:
                problems.setdefault("create_conditions", []).append(
                    _("“%(name)s” is not a severity; use CRITICAL, MAJOR, MINOR, WARNING or INDETERMINATE.") % {"name": name}
                )
                continue
            norm, errs = validate_condition(device_type, cond, label=severity_label(upper), allow_empty=offline)
            if errs:
                problems[f"create_conditions.{upper}"] = errs
            else:
                conditions[upper] = norm
    out["create_conditions"] = {k: conditions[k] for k in sorted(conditions, key=lambda k: -SEVERITY_NAMES[k])}
    out["clear_condition"] = None
    if clear_condition:
        norm, errs = validate_condition(device_type, clear_condition, label=_("Clear condition"))
        if errs:
            problems["clear_condition"] = errs
        out["clear_condition"] = norm
    out["schedule"], errs = validate_schedule(schedule)
    if errs:
        problems["schedule"] = errs
    message = details_error(details)
    if message:
        problems["details"] = [message]
    if case_min_severity not in Severity.values:
        problems["case_min_severity"] = [_("Choose a severity.")]
    if case_priority not in Priority.values:
        problems["case_priority"] = [_("Choose a priority from 1 (low) to 4 (urgent).")]
    if opens_case:
        code = (case_category_code or "").strip()
        if not code:
            problems["case_category_code"] = [_("Choose the category of the cases this rule opens.")]
        elif not CaseCategory.objects.filter(code=code, is_active=True).exists():
            problems["case_category_code"] = [_("Unknown case category “%(code)s”.") % {"code": code}]
    return out, problems


def validate_rule(**fields) -> dict:
    """The rule's conditions, schedule and details normalised, or `ValidationError` {field: [messages]}
    naming the severity and the row of each problem. Same arguments as `rule_problems`."""
    out, problems = rule_problems(**fields)
    if problems:
        flat: dict[str, list[str]] = {}
        for block, messages in problems.items():
            flat.setdefault(block.split(".")[0], []).extend(messages)
        raise ValidationError(flat)
    return out
