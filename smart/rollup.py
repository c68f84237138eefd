"""Hourly rollups of telemetry (TelemetryHourly) and the retention of raw rows (issue 5, item 4).

A rollup row is (device, measurement key, hour): how many readings, their sum, minimum and maximum.
It is computed in the database from the raw rows' JSON (`jsonb_each` on PostgreSQL, `json_each` on
SQLite), one INSERT ... SELECT ... GROUP BY per window, upserted on (device, key, hour).

Which hours, and late messages:
- `telemetry_rollup(now)` (periodic, every 5 minutes) rolls up every complete hour from the newest hour
  already rolled up (the first raw row when there is none) to the start of the current hour, and
  always the last `LATE_HOURS` complete hours again, so that a message arriving up to that late is in
  its hour's rollup within 5 minutes. The current, incomplete hour is never stored (`smart.selectors.series`
  computes it from the raw rows).
- `telemetry_drop_expired(now)` (periodic, hourly) rolls up once more every hour it is about to drop,
  then deletes it: a message that arrived later than `LATE_HOURS` (a device that buffered its readings
  while offline) is in the kept rollup at the latest when its raw rows expire. Until then charts over
  2 days or less show it (they read raw rows); longer charts show the hour as first rolled up.
- An upsert replaces a rollup row only when it counts more readings than the stored one. Raw rows of an
  hour only ever grow (de-duplicated on msg_id; never edited) until retention deletes them, so a larger
  count is always the newer truth, and a smaller one means rows were already deleted: a retention run
  interrupted half-way through an hour can never shrink its rollup. Re-running changes nothing.

Retention deletes raw telemetry and device events older than settings.SMART_RETENTION_DAYS (whole
hours), in chunks of `CHUNK` rows, each its own short transaction, oldest first. Rollups are kept.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction

from smart.models import Event, Telemetry, TelemetryHourly

HOUR = datetime.timedelta(hours=1)
LATE_HOURS = 3  # complete hours rolled up again on every run, for messages that arrive late
WINDOW = datetime.timedelta(hours=24)  # hours rolled up per statement when catching up
CHUNK = 50_000  # raw rows deleted per statement (one transaction each)

_UPSERT = """
ON CONFLICT (device_id, key, hour) DO UPDATE SET
  count = excluded.count, total = excluded.total, minimum = excluded.minimum, maximum = excluded.maximum
WHERE excluded.count > smart_telemetryhourly.count
"""

_POSTGRES = (
    """
INSERT INTO smart_telemetryhourly (device_id, key, hour, count, total, minimum, maximum)
SELECT t.device_id, v.key, date_trunc('hour', t.ts), count(*), sum(v.value::float8), min(v.value::float8), max(v.value::float8)
FROM smart_telemetry t CROSS JOIN LATERAL jsonb_each(t."values") v
WHERE t.ts >= %s AND t.ts < %s AND jsonb_typeof(t."values") = 'object' AND jsonb_typeof(v.value) = 'number' AND length(v.key) <= 32
GROUP BY t.device_id, v.key, date_trunc('hour', t.ts)
"""
    + _UPSERT
)

_SQLITE = (
    """
INSERT INTO smart_telemetryhourly (device_id, key, hour, count, total, minimum, maximum)
SELECT t.device_id, j.key, strftime('%%Y-%%m-%%d %%H:00:00', t.ts) AS h, count(*), sum(j.value), min(j.value), max(j.value)
FROM smart_telemetry t, json_each(t."values") j
WHERE t.ts >= %s AND t.ts < %s AND json_type(t."values") = 'object' AND j.type IN ('integer', 'real') AND length(j.key) <= 32
GROUP BY t.device_id, j.key, h
"""
    + _UPSERT
)


def floor_hour(when: datetime.datetime) -> datetime.datetime:
    """The start of the hour `when` is in (hours are whole in UTC and in Asia/Shanghai alike)."""
    return when.replace(minute=0, second=0, microsecond=0)


def rollup_hours(start: datetime.datetime, end: datetime.datetime) -> int:
    """Roll up the raw telemetry with `start` <= ts < `end` (hour boundaries) into TelemetryHourly,
    one statement per WINDOW; returns how many rollup rows were inserted or grew."""
    sql = _POSTGRES if connection.vendor == "postgresql" else _SQLITE
    adapt = connection.ops.adapt_datetimefield_value
    written = 0
    while start < end:
        stop = min(start + WINDOW, end)
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [adapt(start), adapt(stop)])
            written += max(cur.rowcount, 0)
        start = stop
    return written


def telemetry_rollup(now: datetime.datetime) -> str:
    """Roll up every complete hour not rolled up yet, and the last LATE_HOURS again (module docstring)."""
    end = floor_hour(now)
    newest = TelemetryHourly.objects.order_by("-hour").values_list("hour", flat=True).first()
    if newest is not None:
        start = newest + HOUR
    else:
        first = Telemetry.objects.filter(ts__lt=end).order_by("ts").values_list("ts", flat=True).first()
        start = floor_hour(first) if first is not None else end
    start = min(start, end - LATE_HOURS * HOUR)
    written = rollup_hours(start, end)
    return f"{written} hourly rollups written for {(end - start) // HOUR} hours up to {end:%Y-%m-%d %H:%M} UTC"


def _delete_older(model, cutoff: datetime.datetime, chunk: int) -> int:
    """Delete `model` rows with ts < cutoff, oldest first, `chunk` rows per statement; returns how many."""
    table = model._meta.db_table
    sql = f"DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE ts < %s ORDER BY ts LIMIT %s)"  # noqa: S608  our own table names
    param = connection.ops.adapt_datetimefield_value(cutoff)
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [param, chunk])
            n = cur.rowcount
        deleted += n
        if n < chunk:
            return deleted


def retention_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Raw rows with ts before this (a whole hour) have expired."""
    return floor_hour(now - datetime.timedelta(days=settings.SMART_RETENTION_DAYS))


def telemetry_drop_expired(now: datetime.datetime, chunk: int = CHUNK) -> str:
    """Delete raw telemetry and device events older than the retention period, in chunks, after rolling
    up once more the hours about to go (so only rolled-up hours are dropped); rollups are kept."""
    cutoff = retention_cutoff(now)
    first = Telemetry.objects.filter(ts__lt=cutoff).order_by("ts").values_list("ts", flat=True).first()
    telemetry = 0
    if first is not None:
        rollup_hours(floor_hour(first), cutoff)
        telemetry = _delete_older(Telemetry, cutoff, chunk)
    events = _delete_older(Event, cutoff, chunk)
    return f"{telemetry} telemetry rows and {events} events older than {cutoff:%Y-%m-%d %H:%M} UTC dropped"
