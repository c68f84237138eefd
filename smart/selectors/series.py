"""The points of one measurement of one device over a time range, for a chart (ECharts trends).

    s = series(device, "fill_residual", start, end)
    s.source                      # "raw" or "hourly"
    s.points                      # [Point(ts, value, low, high), ...] in time order
    s.echarts()                   # {"source": ..., "data": [[epoch ms, value], ...], "band": [[ms, low, high], ...]}

Where the points come from:
- "raw": every reading (value = low = high), when the range is short (`RAW_MAX_SPAN`, 2 days or less),
  starts inside the retention period (settings.SMART_RETENTION_DAYS), and has at most `RAW_MAX_POINTS`
  readings;
- "hourly" otherwise: one point per hour from the rollups (smart.rollup), value = the hour's average
  (sum / count), low and high its minimum and maximum, stamped at the start of the hour. Hours not
  rolled up yet (the current hour, and up to 5 minutes of the last one) are computed from the raw rows
  in the same way, so a chart ending now has no gap at its end.
Readings that are not numbers are left out. The caller has already checked that the user may see
`device` (Device.objects.for_user(user, "smart.view_device")); this reads whatever it is given.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.utils import timezone

from smart.models import Device, Telemetry, TelemetryHourly
from smart.rollup import HOUR, floor_hour

RAW_MAX_SPAN = datetime.timedelta(days=2)
RAW_MAX_POINTS = 20_000


class Point(NamedTuple):
    ts: datetime.datetime
    value: float  # the reading, or the hour's average
    low: float
    high: float


@dataclass
class Series:
    source: str  # "raw" | "hourly"
    points: list[Point]

    def echarts(self) -> dict:
        """The series as ECharts data: `data` for a line ([ms, value]), `band` for a min-max area ([ms, low, high])."""
        data, band = [], []
        for p in self.points:
            ms = int(p.ts.timestamp() * 1000)
            data.append([ms, round(p.value, 4)])
            band.append([ms, round(p.low, 4), round(p.high, 4)])
        return {"source": self.source, "data": data, "band": band}


def _number(v) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _raw_readings(device: Device, key: str, start, end, limit: int | None = None) -> list[tuple[datetime.datetime, float]]:
    rows = Telemetry.objects.filter(device=device, ts__gte=start, ts__lt=end, values__has_key=key).order_by("ts").values_list("ts", "values")
    if limit is not None:
        rows = rows[:limit]
    out = []
    for ts, values in rows:
        v = _number(values.get(key))
        if v is not None:
            out.append((ts, v))
    return out


def _hours_from_raw(readings) -> list[Point]:
    hours: dict[datetime.datetime, list[float]] = {}
    for ts, v in readings:
        hours.setdefault(floor_hour(ts), []).append(v)
    return [Point(h, sum(vs) / len(vs), min(vs), max(vs)) for h, vs in sorted(hours.items())]


def series(device: Device, key: str, start: datetime.datetime, end: datetime.datetime, *, now: datetime.datetime | None = None) -> Series:
    """The readings of measurement `key` of `device` with start <= ts < end (module docstring)."""
    now = now or timezone.now()
    retained_from = now - datetime.timedelta(days=settings.SMART_RETENTION_DAYS)
    if end - start <= RAW_MAX_SPAN and start >= retained_from:
        readings = _raw_readings(device, key, start, end, limit=RAW_MAX_POINTS + 1)
        if len(readings) <= RAW_MAX_POINTS:
            return Series("raw", [Point(ts, v, v, v) for ts, v in readings])
    hourly = list(
        TelemetryHourly.objects.filter(device=device, key=key, hour__gte=floor_hour(start), hour__lt=end)
        .order_by("hour")
        .values_list("hour", "count", "total", "minimum", "maximum")
    )
    points = [Point(h, total / count, lo, hi) for h, count, total, lo, hi in hourly if count]
    # hours not rolled up yet: the current one and maybe the last (older hours missing from the rollups had no readings)
    tail_from = max(points[-1].ts + HOUR if points else start, floor_hour(now) - HOUR)
    if tail_from < end:
        points += _hours_from_raw(_raw_readings(device, key, max(tail_from, start), end))
    return Series("hourly", points)
