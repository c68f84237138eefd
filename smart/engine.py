"""The alarm engine: the rules evaluated on each stored batch (issue 5 item 5; DOMAIN-RULES §4).

Ingestion calls `evaluate(batch)` inside the transaction that stored the batch, with only the messages
stored for the first time, so a redelivered message never triggers twice. It must keep up with the
whole pipeline (10,000 messages/s on 2 cores), so:
- active rules are compiled once and kept in memory per device type, refreshed every
  `SMART_RULES_TTL` seconds (default 5) and at once in this process when a rule is saved;
- predicates are plain Python on the message; nothing touches the database unless a predicate holds:
  then one query for the active alarms of the devices concerned (the clear conditions need them),
  a look at stored history only for a duration or repeating condition that is not already raised,
  one query for the devices that raise or clear, and the writes of `smart.services.alarms`;
- per (device, rule) a batch's messages are taken in time order; consecutive raises become one raise
  (count = how many messages triggered), so a batch writes each alarm at most a few times.
Devices heard again after being offline (`batch.came_online`) have their offline alarm cleared.
"""

import datetime
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from smart.conditions import SEVERITY_NAMES, Cond, compile_condition, compile_schedule, render_details, schedule_allows
from smart.messages import Message, StoredBatch
from smart.models import OFFLINE_ALARM, Alarm, AlarmRule, Device, Event, MessageKind, Telemetry

DEFAULT_TTL = 5.0


@dataclass(slots=True)
class CompiledRule:
    """An active `AlarmRule` ready for evaluation; its attributes are the ones `smart.bridge` reads."""

    id: int
    device_type_id: int
    alarm_type: str
    name: str
    create: list  # [(severity, Cond)], highest severity first
    clear: Cond | None
    schedule: tuple | None
    details: str
    opens_case: bool
    case_min_severity: int
    case_category_code: str
    case_priority: int
    notify_maintainer: bool
    tel_create: tuple = ()  # the create conditions a reading can trip
    evt_create: dict = field(default_factory=dict)  # event code -> the create conditions that event trips
    tel_clear: bool = False  # whether a reading / an event can meet the clear condition
    evt_clear: frozenset = frozenset()


def compile_rule(rule: AlarmRule) -> CompiledRule:
    create = []
    for name, cond in (rule.create_conditions or {}).items():
        compiled = compile_condition(cond)
        if name in SEVERITY_NAMES and compiled is not None and compiled.preds:
            create.append((SEVERITY_NAMES[name], compiled))
    create.sort(key=lambda sc: -sc[0])
    evt_create: dict[str, list] = {}
    for sev, cond in create:
        for code in cond.event_codes:
            evt_create.setdefault(code, []).append((sev, cond))
    clear = compile_condition(rule.clear_condition)
    return CompiledRule(
        id=rule.pk,
        device_type_id=rule.device_type_id,
        alarm_type=rule.alarm_type,
        name=rule.name,
        create=create,
        clear=clear,
        schedule=compile_schedule(rule.schedule),
        details=rule.details,
        opens_case=rule.opens_case,
        case_min_severity=rule.case_min_severity,
        case_category_code=rule.case_category_code,
        case_priority=rule.case_priority,
        notify_maintainer=rule.notify_maintainer,
        tel_create=tuple((sev, cond) for sev, cond in create if cond.tel_preds),
        evt_create=evt_create,
        tel_clear=bool(clear and clear.tel_preds),
        evt_clear=clear.event_codes if clear else frozenset(),
    )


class RuleCache:
    """The active rules per device type, in this process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._rules: dict[int, list[CompiledRule]] | None = None
        self._loaded = 0.0

    def get(self) -> dict[int, list[CompiledRule]]:
        ttl = float(getattr(settings, "SMART_RULES_TTL", DEFAULT_TTL))
        rules = self._rules
        if rules is None or time.monotonic() - self._loaded > ttl:
            with self._lock:
                by_type: dict[int, list[CompiledRule]] = defaultdict(list)
                for rule in AlarmRule.objects.filter(is_active=True).exclude(alarm_type=OFFLINE_ALARM).order_by("id"):
                    compiled = compile_rule(rule)
                    if compiled.create:
                        by_type[rule.device_type_id].append(compiled)
                rules = self._rules = dict(by_type)
                self._loaded = time.monotonic()
        return rules

    def invalidate(self):
        self._rules = None


rule_cache = RuleCache()


@receiver(post_save, sender=AlarmRule, dispatch_uid="smart.engine.rule_saved")
@receiver(post_delete, sender=AlarmRule, dispatch_uid="smart.engine.rule_deleted")
def rules_changed(sender=None, **kwargs):
    """A rule was saved or deleted: reload now, and again once the transaction commits (connected in SmartConfig.ready)."""
    rule_cache.invalidate()
    transaction.on_commit(rule_cache.invalidate)


# ---------------------------------------------------------------- history (only when a predicate holds)


def duration_holds(device_id: int, cond: Cond, at: datetime.datetime) -> bool:
    """The telemetry predicates held on every stored reading in (at - seconds, at] and on the last one before."""
    start = at - datetime.timedelta(seconds=cond.seconds)
    readings = Telemetry.objects.filter(device_id=device_id, values__has_any_keys=list(cond.telemetry_keys))
    for values in readings.filter(ts__gt=start, ts__lte=at).values_list("values", flat=True):
        if cond.truth(values) is False:
            return False
    before = readings.filter(ts__lte=start).order_by("-ts").values_list("values", flat=True).first()
    return before is not None and cond.truth(before) is True


def repeat_holds(device_id: int, cond: Cond, at: datetime.datetime) -> bool:
    """The predicates held on at least `count` stored messages in (at - seconds, at]."""
    start = at - datetime.timedelta(seconds=cond.seconds)
    n = 0
    if cond.event_codes:
        n += Event.objects.filter(device_id=device_id, kind=MessageKind.EVENT, code__in=list(cond.event_codes), ts__gt=start, ts__lte=at).count()
    if cond.telemetry_keys and n < cond.count:
        window = Telemetry.objects.filter(device_id=device_id, ts__gt=start, ts__lte=at, values__has_any_keys=list(cond.telemetry_keys))
        n += sum(1 for values in window.values_list("values", flat=True) if cond.truth(values) is True)
    return n >= cond.count


def history_holds(device_id: int, cond: Cond, at) -> bool:
    if cond.kind == "duration":
        return duration_holds(device_id, cond, at)
    if cond.kind == "repeating":
        return repeat_holds(device_id, cond, at)
    return True


# ---------------------------------------------------------------- one batch


@dataclass(slots=True)
class Work:
    device_id: int
    rule: CompiledRule
    msgs: list
    hits: dict  # message index -> frozenset of the severities whose predicates hold on it (only where some do)
    clears: set  # indexes of the messages on which the clear predicates hold
    ops: list = field(default_factory=list)  # ("raise", severity, first msg, last msg, n) | ("clear", msg)


def _scan(device_id: int, msgs: list[Message], rule: CompiledRule) -> Work | None:
    """Which messages trip which severities, and which meet the clear condition: plain Python, no database."""
    hits: dict | None = None
    clears: set | None = None
    schedule = rule.schedule
    for i, m in enumerate(msgs):
        if m.kind == "telemetry":
            creates, clear = rule.tel_create, rule.tel_clear
        else:
            creates, clear = rule.evt_create.get(m.code, ()), m.code in rule.evt_clear
        if creates and (schedule is None or schedule_allows(schedule, m.ts)):
            h = [sev for sev, cond in creates if cond.holds_on(m)]
            if h:
                if hits is None:
                    hits = {}
                hits[i] = frozenset(h)
        if clear and rule.clear.holds_on(m):
            if clears is None:
                clears = set()
            clears.add(i)
    if hits is None and clears is None:
        return None
    return Work(device_id, rule, msgs, hits or {}, clears or set())


def _decide(w: Work, active_severity: int | None) -> None:
    """Walk the messages in time order and plan the raises and clears of this (device, rule)."""
    rule, state = w.rule, active_severity
    if not w.hits and state is None:
        return  # only clear conditions met, and nothing to clear
    last_hit = {sev: i for i in sorted(w.hits) for sev in w.hits[i]}
    last_clear = max(w.clears, default=-1)
    none = frozenset()
    for i, m in enumerate(w.msgs):
        h = w.hits.get(i, none)
        trip = None
        if h:
            for sev, cond in rule.create:
                if sev not in h:
                    continue
                # simple: the message is enough; already raised at this severity or above: it extends;
                # otherwise look at the history once per batch, at the last message that could trip it
                if cond.kind == "simple" or (state is not None and state >= sev) or (i == last_hit[sev] and history_holds(w.device_id, cond, m.ts)):
                    trip = sev
                    break
        if trip is not None:
            last = w.ops[-1] if w.ops else None
            if last is not None and last[0] == "raise":
                w.ops[-1] = ("raise", max(last[1], trip), last[2], m, last[4] + 1)
            else:
                w.ops.append(("raise", trip, m, m, 1))
            state = max(state or 0, trip)
        elif state is not None and i in w.clears and (rule.clear.kind == "simple" or (i == last_clear and history_holds(w.device_id, rule.clear, m.ts))):
            w.ops.append(("clear", m))
            state = None


def _details(rule: CompiledRule, device: Device, m: Message) -> str:
    values = {"device": device.name, "code": device.code, "location": device.location}
    if m.kind == MessageKind.TELEMETRY:
        values.update(m.values)
    else:
        values.update(m.data)
        values["event"] = m.code
    return render_details(rule.details, values) or rule.name


def _apply(w: Work, device: Device, active_id: int | None) -> None:
    from smart.services.alarms import alarm_clear_by_condition, alarm_raise

    alarm_id = active_id
    for op in w.ops:
        if op[0] == "raise":
            _, severity, first, last, n = op
            raised = alarm_raise(
                device=device,
                alarm_type=w.rule.alarm_type,
                severity=severity,
                at=last.ts,
                started_at=first.ts,
                details=_details(w.rule, device, last),
                rule=w.rule,
                count=n,
            )
            alarm_id = raised.alarm.pk
        elif alarm_id is not None:
            alarm_clear_by_condition(alarm_id=alarm_id, at=op[1].ts)
            alarm_id = None


def active_alarms(device_ids) -> dict[tuple[int, str], tuple[int, int]]:
    """{(device id, alarm type): (alarm id, severity)} of the active alarms of the devices, in one query
    (PostgreSQL: one array parameter, ~6x faster than an IN list of thousands of placeholders)."""
    ids = sorted(device_ids)
    table = Alarm._meta.db_table
    found = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT id, device_id, alarm_type, severity FROM {table} WHERE active AND device_id = ANY(%s)", [ids])  # noqa: S608  no user input
            rows = cursor.fetchall()
        else:
            rows = []
            for i in range(0, len(ids), 10_000):
                chunk = ids[i : i + 10_000]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"SELECT id, device_id, alarm_type, severity FROM {table} WHERE active AND device_id IN ({marks})", chunk)  # noqa: S608
                rows += cursor.fetchall()
    for pk, device_id, alarm_type, severity in rows:
        found[(device_id, alarm_type)] = (pk, severity)
    return found


def evaluate(batch: StoredBatch) -> None:
    """Evaluate the alarm rules on what a batch stored for the first time (inside its transaction)."""
    if batch.came_online:
        from smart.offline import offline_clear

        offline_clear(batch.came_online, batch.now)
    by_type = rule_cache.get()
    if not by_type:
        return
    per_device: dict[int, list[Message]] = defaultdict(list)
    for m in batch.telemetry:
        if m.device_type_id in by_type:
            per_device[m.device_id].append(m)
    for m in batch.events:
        if m.kind == MessageKind.EVENT and m.device_type_id in by_type:
            per_device[m.device_id].append(m)
    work = []
    for device_id, msgs in per_device.items():
        if len(msgs) > 1:
            msgs.sort(key=lambda m: m.ts)
        for rule in by_type[msgs[0].device_type_id]:
            w = _scan(device_id, msgs, rule)
            if w is not None:
                work.append(w)
    if not work:
        return
    active = active_alarms({w.device_id for w in work})
    todo = []
    for w in work:
        current = active.get((w.device_id, w.rule.alarm_type))
        _decide(w, current[1] if current else None)
        if w.ops:
            todo.append((w, current[0] if current else None))
    if not todo:
        return
    devices = Device.objects.select_related("device_type", "unit").in_bulk({w.device_id for w, _ in todo})
    for w, active_id in todo:
        device = devices.get(w.device_id)
        if device is not None:
            _apply(w, device, active_id)
