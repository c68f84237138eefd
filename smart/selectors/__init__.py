"""Reads for the device pages and the API: scoped querysets, counts, map features, latest readings,
events and the alarms drawn on a device's charts. Every function takes the user (or an object the
caller already loaded through a scoped queryset); none widens the scope."""

import datetime

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import VIEW_DEVICE
from smart.models import OFFLINE_ALARM, Alarm, Device, DeviceKind, DeviceLatest, DeviceState, Event, Severity
from smart.text import grouped

MAP_LIMIT = 5000
STATES = [DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.UNKNOWN]
RANGES = {"24h": datetime.timedelta(hours=24), "7d": datetime.timedelta(days=7), "30d": datetime.timedelta(days=30)}
DEVICE_RELATED = ("device_type", "vendor", "maintainer", "unit")


def devices_visible(user):
    return Device.objects.for_user(user, VIEW_DEVICE)


def alarms_visible(user):
    return Alarm.objects.for_user(user, VIEW_DEVICE)


def state_counts(qs) -> list[tuple[str, str, int]]:
    """[(state, label, n)] over a device queryset, every state listed (zero too); one query."""
    found = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    return [(s.value, s.label, found.get(s.value, 0)) for s in STATES]


def kind_state_counts(user) -> list[dict]:
    """Per kind of device in the user's scope: online, offline, never seen, in all; one query."""
    rows = devices_visible(user).filter(is_active=True).order_by().values_list("device_type__kind", "state").annotate(n=Count("id"))
    table: dict[str, dict] = {}
    for kind, state, n in rows:
        table.setdefault(kind, {s.value: 0 for s in STATES})[state] = n
    out = []
    for k in DeviceKind:
        if k.value in table:
            row = table[k.value]
            out.append({"kind": k.value, "label": k.label, **row, "total": sum(row.values())})
    return out


def reading_text(measurement: dict, value) -> str:
    """A value as a person reads it: the measurement's word for it when its definition names its states
    ({"states": {"0": "关", "1": "开"}}), else the number with thousands separators and the unit."""
    if value is None:
        return ""
    states = measurement.get("states") or {}
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float) and value.is_integer() and states:
        value = int(value)
    if str(value) in states:
        return states[str(value)]
    text = grouped(value) if isinstance(value, (int, float)) else str(value)
    unit = measurement.get("unit", "")
    return f"{text} {unit}" if unit else text


def readings(device_type, values: dict) -> list[dict]:
    """The device type's measurements with the latest values, in the type's order: [{key, name, unit, value, text}]
    (`text`: the value in words and units, reading_text)."""
    values = values or {}
    out = [
        {"key": m["key"], "name": m.get("name", m["key"]), "unit": m.get("unit", ""), "value": v, "text": reading_text(m, v)}
        for m in device_type.measurements
        for v in [values.get(m["key"])]
    ]
    known = device_type.measurement_keys()
    out += [{"key": k, "name": k, "unit": "", "value": v, "text": reading_text({}, v)} for k, v in sorted(values.items()) if k not in known]
    return out


def latest_of(device):
    try:
        return device.latest
    except DeviceLatest.DoesNotExist:
        return None


def recent_readings(user, limit=20) -> list[dict]:
    """The devices that reported most recently, with their latest values; one query."""
    rows = DeviceLatest.objects.filter(device__in=devices_visible(user).values("id")).select_related("device__device_type").order_by("-ts")[:limit]
    return [{"device": r.device, "ts": r.ts, "readings": readings(r.device.device_type, r.values)} for r in rows]


ALARM_ORDER = ("-severity", "-started_at", "-id")  # severity is an integer (Severity): CRITICAL (5) first, then the newest


def active_alarms(user, limit=200):
    """Active alarms in the user's scope, most severe first, then the newest."""
    return alarms_visible(user).active().select_related("device__device_type", "device__unit", "case", "rule").order_by(*ALARM_ORDER)[:limit]


# Seconds a user's count of active critical alarms is kept for the header. Every change made through the alarm
# services (raise, escalate, clear, acknowledge), a case closing its alarms and a change of role assignments
# make the kept counts stale at once; the lifetime only bounds what changes outside them (a device moved).
CRITICAL_TTL = 120
_CRITICAL_GEN = "smart:critical:gen"


def critical_alarm_count(user) -> int:
    """Active critical alarms of the devices the user may see: the header's count on every staff page.

    Kept in the cache per user for CRITICAL_TTL seconds, so a page costs no query for it most of the time;
    raising, clearing or acknowledging an alarm through smart.services.alarms moves the generation
    (critical_alarms_changed), which makes every user's kept count stale at once. One cache round trip,
    and one count query when the user's kept count is missing or stale."""
    joined = user.date_joined.timestamp() if getattr(user, "date_joined", None) else 0
    key = f"smart:critical:{user.pk}:{joined:.6f}"  # an id given again (a deleted account's) never finds another user's count
    got = cache.get_many([_CRITICAL_GEN, key])
    gen = got.get(_CRITICAL_GEN, 0)
    kept = got.get(key)
    if kept is not None and kept[0] == gen:
        return kept[1]
    n = alarms_visible(user).active().filter(severity=Severity.CRITICAL).count()
    cache.set(key, (gen, n), CRITICAL_TTL)
    return n


def critical_alarms_changed() -> None:
    """Every kept count of critical alarms is stale (called by the alarm services after a change commits)."""
    try:
        cache.incr(_CRITICAL_GEN)
    except ValueError:
        cache.set(_CRITICAL_GEN, 1, None)


def alarms_by_severity(alarms) -> list[tuple[int, str, list]]:
    """[(severity, label, alarms)] from CRITICAL down; only severities that have alarms."""
    groups: dict[int, list] = {}
    for a in alarms:
        groups.setdefault(a.severity, []).append(a)
    return [(s.value, s.label, groups[s.value]) for s in sorted(Severity, reverse=True) if s.value in groups]


def alarm_signature(user) -> str:
    """Changes whenever the set of active alarms in scope changes (new, repeated, acknowledged, cleared); one query."""
    agg = (
        alarms_visible(user)
        .active()
        .aggregate(n=Count("id"), top=Max("id"), last=Max("last_at"), acked=Count("id", filter=Q(acknowledged=True)), sev=Sum("severity"))
    )
    last = agg["last"].timestamp() if agg["last"] else 0
    return f"{agg['n']}.{agg['top'] or 0}.{last:.3f}.{agg['acked']}.{agg['sev'] or 0}"


def alarms_since(user, after_id: int, limit=10):
    """Alarms in scope opened after id `after_id`, newest first (the toast on the operations page)."""
    return alarms_visible(user).filter(id__gt=after_id, active=True).select_related("device__device_type", "rule").order_by("-id")[:limit]


def last_alarm_id(user) -> int:
    return alarms_visible(user).aggregate(top=Max("id"))["top"] or 0


def alarm_name(rule_name, alarm_type, device_type) -> str:
    """What an alarm is called on a page (as Alarm.label): its rule's name, "Offline", or its device type's name
    for the event of that code."""
    if rule_name:
        return rule_name
    if alarm_type == OFFLINE_ALARM:
        return str(_("Offline"))
    return {e["code"]: e["name"] for e in device_type.events}.get(alarm_type, alarm_type)


def device_features(user, qs) -> dict:
    """GeoJSON of the devices in `qs` (already scoped and filtered) that have a pin, or whose unit has one."""
    qs = qs.annotate(pin_lat=Coalesce("lat", "unit__lat"), pin_lng=Coalesce("lng", "unit__lng")).filter(pin_lat__isnull=False, pin_lng__isnull=False)
    active = Alarm.objects.filter(device=OuterRef("pk"), active=True).order_by().values("device")
    worst = Alarm.objects.filter(device=OuterRef("pk"), active=True).order_by(*ALARM_ORDER)
    qs = qs.select_related("device_type", "latest").annotate(
        n_alarms=Subquery(active.annotate(n=Count("id")).values("n")),
        top=Subquery(active.annotate(m=Max("severity")).values("m")),
        top_rule=Subquery(worst.values("rule__name")[:1]),
        top_type=Subquery(worst.values("alarm_type")[:1]),
    )
    base = reverse("smart:device-detail", args=[0])[:-2]
    features = []
    for d in qs.order_by("id")[:MAP_LIMIT]:
        latest = latest_of(d)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(d.pin_lng), float(d.pin_lat)]},
                "properties": {
                    "id": d.pk,
                    "code": d.code,
                    "name": d.name,
                    "type": d.device_type.name,
                    "kind": d.device_type.kind,
                    "state": d.state,
                    "state_label": str(DeviceState(d.state).label),
                    "alarms": d.n_alarms or 0,
                    "severity": d.top or 0,
                    "severity_label": str(Severity(d.top).label) if d.top else "",
                    # a critical alarm: drawn larger, in red, with the alarm's name beside it (not colour alone)
                    "critical": (d.top or 0) >= Severity.CRITICAL,
                    "alarm_label": alarm_name(d.top_rule, d.top_type, d.device_type) if d.top else "",
                    "readings": [
                        {"name": r["name"], "value": r["value"], "unit": r["unit"], "text": r["text"]}
                        for r in readings(d.device_type, latest.values if latest else {})
                        if r["value"] is not None
                    ][:6],
                    "ts": latest.ts.isoformat() if latest else None,
                    "url": f"{base}{d.pk}/",
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def device_events(device, limit=20):
    return Event.objects.filter(device=device).order_by("-ts", "-id")[:limit]


def device_alarms(device, limit=50):
    return device.alarms.select_related("case", "rule", "acknowledged_by", "cleared_by").order_by("-started_at", "-id")[:limit]


def alarms_in_range(device, start, end) -> list[dict]:
    """The device's alarms that overlap [start, end], as chart markers: from, to (None while active), severity."""
    qs = device.alarms.filter(started_at__lte=end).filter(Q(cleared_at__isnull=True) | Q(cleared_at__gte=start)).order_by("started_at")[:200]
    return [
        {
            "id": a.pk,
            "type": a.alarm_type,
            "severity": a.severity,
            "severity_label": str(Severity(a.severity).label),
            "details": a.details,
            "start": a.started_at.isoformat(),
            "end": a.cleared_at.isoformat() if a.cleared_at else None,
            "active": a.active,
        }
        for a in qs
    ]


def device_trends(device, start, end) -> dict:
    """Every measurement of the device over [start, end) as ECharts data (smart.selectors.series), and its alarms then."""
    from smart.selectors.series import series

    measurements = []
    for m in device.device_type.measurements:
        s = series(device, m["key"], start, end).echarts()
        measurements.append({"key": m["key"], "name": m.get("name", m["key"]), "unit": m.get("unit", ""), "min": m.get("min"), "max": m.get("max"), **s})
    return {"start": start.isoformat(), "end": end.isoformat(), "measurements": measurements, "alarms": alarms_in_range(device, start, end)}
