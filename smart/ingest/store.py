"""`store_batch`: one transaction per batch of checked messages, the same for MQTT and HTTP.

In one transaction:
0. lock the batch's device rows (`SELECT ... ORDER BY id FOR NO KEY UPDATE`: one order for every
   writer, so two consumers never deadlock; the lock an UPDATE takes anyway, so inserts elsewhere that
   reference the device are not held up; SQLite serialises writers anyway);
1. insert telemetry into smart_telemetry and events and status messages into smart_event, once per
   (device, msg_id): duplicates inside the batch are dropped first, then on PostgreSQL the rows are
   COPYed into a temporary staging table and moved with `INSERT ... SELECT ... ON CONFLICT DO NOTHING
   RETURNING device_id, msg_id`, which says which messages are new (the statement answers the staged
   rows that were not inserted, usually none; SQLite: a multi-row `INSERT ... ON CONFLICT DO NOTHING
   RETURNING`). Only new messages go further;
2. upsert DeviceLatest per device: the batch's values merged in time order, then merged into the
   stored JSON; when the batch is older than what is stored, the stored values win key by key;
3. update each device: `last_seen_at` (when the platform last heard from it: the batch's receive time,
   never going back; not the device's clock, so that a device whose clock is behind does not look
   silent to the offline check), `state` online, or offline when its last new message is an "offline"
   status (its MQTT last will); the devices that were offline or never seen and are now online are
   `came_online`;
4. count the batch's rejections (IngestRejection, one statement);
5. hand the new messages to the alarm engine (`smart.engine.evaluate`), inside the transaction: a
   crash before commit means the broker redelivers and the rules see the messages again.
The caller acknowledges the messages (MQTT) only after this returns, i.e. after the commit.
"""

import datetime
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from smart import engine
from smart.ingest.rejections import RejectionCounts, record_rejections
from smart.messages import Message, StoredBatch
from smart.models import DeviceState

CHUNK = 500  # rows per multi-row statement (SQLite; and the VALUES lists on both databases)
_dumps = json.JSONEncoder(separators=(",", ":")).encode


@dataclass
class StoreResult:
    stored: int = 0
    duplicates: int = 0
    came_online: set = field(default_factory=set)
    telemetry: list = field(default_factory=list)  # the new messages
    events: list = field(default_factory=list)


@transaction.atomic
def store_batch(messages: list[Message], *, channel: str, rejections: RejectionCounts | None = None, now=None) -> StoreResult:
    """Store a batch of checked messages once each; see the module docstring. Returns the counts."""
    now = now or timezone.now()
    telemetry, events = {}, {}
    for m in messages:
        (telemetry if m.kind == "telemetry" else events).setdefault((m.device_id, m.msg_id), m)
    result = StoreResult()
    if messages:
        postgres = connection.vendor == "postgresql"
        if postgres:  # psycopg's own cursor: server-side binding (arrays sent as arrays, statements prepared) and COPY
            connection.ensure_connection()
        # wrap_database_errors: psycopg's errors from the raw cursor become Django's (OperationalError, ...)
        with connection.wrap_database_errors, connection.connection.cursor() if postgres else connection.cursor() as cursor:
            devices = _lock_devices(cursor, sorted({m.device_id for m in messages}), postgres)
            new_t, new_e = (_insert_postgres if postgres else _insert_sqlite)(cursor, telemetry, events, now)
            if len(new_t) == len(telemetry) and len(new_e) == len(events):  # the usual case: nothing was stored before
                result.telemetry, result.events, new = list(telemetry.values()), list(events.values()), messages
            else:
                result.telemetry = [m for key, m in telemetry.items() if key in new_t]
                result.events = [m for key, m in events.items() if key in new_e]
                new = [m for m in messages if (m.device_id, m.msg_id) in (new_t if m.kind == "telemetry" else new_e)]
            _upsert_latest(cursor, result.telemetry, postgres)
            result.came_online = _update_devices(cursor, devices, new, now, postgres)
    result.stored = len(result.telemetry) + len(result.events)
    result.duplicates = len(messages) - result.stored
    if rejections:
        record_rejections(rejections, channel=channel)
    if result.stored:
        engine.evaluate(StoredBatch(now=now, telemetry=result.telemetry, events=result.events, came_online=result.came_online))
    return result


def _lock_devices(cursor, ids: list[int], postgres: bool) -> dict[int, tuple]:
    """{device id: (state, last_seen_at)}, the rows locked until commit (PostgreSQL)."""
    if postgres:
        cursor.execute("SELECT id, state, last_seen_at FROM smart_device WHERE id = ANY(%s::bigint[]) ORDER BY id FOR NO KEY UPDATE", [ids])
        return {pk: (state, seen) for pk, state, seen in cursor.fetchall()}
    found = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        cursor.execute(f"SELECT id, state, last_seen_at FROM smart_device WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)  # noqa: S608  placeholders only
        for pk, state, seen in cursor.fetchall():
            if isinstance(seen, str):
                seen = parse_datetime(seen)
            found[pk] = (state, seen.replace(tzinfo=datetime.UTC) if seen is not None and seen.tzinfo is None else seen)  # naive UTC
    return found


# --- 1. the rows -----------------------------------------------------------------------------------

_STAGE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS smart_ingest_telemetry (device_id bigint, msg_id text, ts timestamptz, vals jsonb) ON COMMIT DELETE ROWS",
    "CREATE TEMPORARY TABLE IF NOT EXISTS smart_ingest_event "
    "(device_id bigint, msg_id text, ts timestamptz, kind text, code text, data jsonb, snapshot text) ON COMMIT DELETE ROWS",
    "DELETE FROM smart_ingest_telemetry",  # an enclosing transaction (a test's) may have used them
    "DELETE FROM smart_ingest_event",
)
# The insert returns the staged rows that were NOT inserted (already stored): usually none, so that
# nothing has to come back to Python in the common case.
_MOVE_TELEMETRY = """
WITH new AS (
  INSERT INTO smart_telemetry (device_id, msg_id, ts, "values", received_at)
  SELECT device_id, msg_id, ts, vals, %s FROM smart_ingest_telemetry ORDER BY device_id, msg_id
  ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING device_id, msg_id)
SELECT s.device_id, s.msg_id FROM smart_ingest_telemetry s LEFT JOIN new USING (device_id, msg_id) WHERE new.device_id IS NULL
"""
_MOVE_EVENTS = """
WITH new AS (
  INSERT INTO smart_event (device_id, msg_id, ts, kind, code, data, snapshot, received_at)
  SELECT device_id, msg_id, ts, kind, code, data, snapshot, %s FROM smart_ingest_event ORDER BY device_id, msg_id
  ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING device_id, msg_id)
SELECT s.device_id, s.msg_id FROM smart_ingest_event s LEFT JOIN new USING (device_id, msg_id) WHERE new.device_id IS NULL
"""


def _esc(text: str) -> str:
    """COPY text format: the checked fields hold no tab, newline or carriage return; only backslashes need doubling."""
    return text.replace("\\", "\\\\") if "\\" in text else text


def _insert_postgres(cursor, telemetry: dict, events: dict, now) -> tuple[set, set]:
    for sql in _STAGE:
        cursor.execute(sql)
    new_t, new_e = set(), set()
    if telemetry:
        rows = "".join([f"{m.device_id}\t{_esc(m.msg_id)}\t{m.ts.isoformat()}\t{_esc(_dumps(m.values))}\n" for m in telemetry.values()])
        with cursor.copy("COPY smart_ingest_telemetry (device_id, msg_id, ts, vals) FROM STDIN") as copy:
            copy.write(rows)
        cursor.execute(_MOVE_TELEMETRY, [now])
        old = cursor.fetchall()
        new_t = telemetry.keys() - set(old) if old else telemetry.keys()
    if events:
        rows = "".join(
            [
                f"{m.device_id}\t{_esc(m.msg_id)}\t{m.ts.isoformat()}\t{m.kind}\t{_esc(m.code)}\t{_esc(_dumps(m.data))}\t{_esc(m.snapshot)}\n"
                for m in events.values()
            ]
        )
        with cursor.copy("COPY smart_ingest_event (device_id, msg_id, ts, kind, code, data, snapshot) FROM STDIN") as copy:
            copy.write(rows)
        cursor.execute(_MOVE_EVENTS, [now])
        old = cursor.fetchall()
        new_e = events.keys() - set(old) if old else events.keys()
    return new_t, new_e


def _insert_sqlite(cursor, telemetry: dict, events: dict, now) -> tuple[set, set]:
    dt = connection.ops.adapt_datetimefield_value
    received = dt(now)
    new_t, new_e = set(), set()
    rows = [(m.device_id, m.msg_id, dt(m.ts), _dumps(m.values), received) for m in telemetry.values()]
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        cursor.execute(
            f'INSERT INTO smart_telemetry (device_id, msg_id, ts, "values", received_at) VALUES {", ".join(["(%s, %s, %s, %s, %s)"] * len(chunk))} '  # noqa: S608
            "ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING device_id, msg_id",
            [v for row in chunk for v in row],
        )
        new_t.update(cursor.fetchall())
    rows = [(m.device_id, m.msg_id, dt(m.ts), m.kind, m.code, _dumps(m.data), m.snapshot, received) for m in events.values()]
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        cursor.execute(
            f"INSERT INTO smart_event (device_id, msg_id, ts, kind, code, data, snapshot, received_at) VALUES {', '.join(['(%s, %s, %s, %s, %s, %s, %s, %s)'] * len(chunk))} "  # noqa: S608
            "ON CONFLICT (device_id, msg_id) DO NOTHING RETURNING device_id, msg_id",
            [v for row in chunk for v in row],
        )
        new_e.update(cursor.fetchall())
    return new_t, new_e


# --- 2. latest values ------------------------------------------------------------------------------

_LATEST_POSTGRES = """
INSERT INTO smart_devicelatest (device_id, ts, "values")
SELECT d, t, v::jsonb FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[]) AS u(d, t, v)
ON CONFLICT (device_id) DO UPDATE SET
  "values" = CASE WHEN excluded.ts >= smart_devicelatest.ts THEN smart_devicelatest."values" || excluded."values"
             ELSE excluded."values" || smart_devicelatest."values" END,
  ts = GREATEST(smart_devicelatest.ts, excluded.ts)
"""
_LATEST_SQLITE = """
ON CONFLICT (device_id) DO UPDATE SET
  "values" = CASE WHEN excluded.ts >= smart_devicelatest.ts THEN json_patch(smart_devicelatest."values", excluded."values")
             ELSE json_patch(excluded."values", smart_devicelatest."values") END,
  ts = max(smart_devicelatest.ts, excluded.ts)
"""


def _upsert_latest(cursor, telemetry: list[Message], postgres: bool) -> None:
    merged: dict[int, list] = {}  # device id -> [newest ts, values merged in time order]
    unordered = False
    for m in telemetry:
        entry = merged.get(m.device_id)
        if entry is None:
            merged[m.device_id] = [m.ts, dict(m.values)]
        elif m.ts >= entry[0]:
            entry[0] = m.ts
            entry[1].update(m.values)
        else:
            unordered = True
    if unordered:  # some device's messages came out of time order: merge them in time order (stable sort)
        merged = {}
        for m in sorted(telemetry, key=lambda m: m.ts):
            entry = merged.setdefault(m.device_id, [m.ts, {}])
            entry[0] = m.ts
            entry[1].update(m.values)
    if not merged:
        return
    ids = sorted(merged)
    if postgres:
        cursor.execute(_LATEST_POSTGRES, [ids, [merged[pk][0] for pk in ids], [_dumps(merged[pk][1]) for pk in ids]])
        return
    dt = connection.ops.adapt_datetimefield_value
    rows = [(pk, dt(merged[pk][0]), _dumps(merged[pk][1])) for pk in ids]
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        sql = f'INSERT INTO smart_devicelatest (device_id, ts, "values") VALUES {", ".join(["(%s, %s, %s)"] * len(chunk))} {_LATEST_SQLITE}'  # noqa: S608
        cursor.execute(sql, [v for r in chunk for v in r])


# --- 3. devices ------------------------------------------------------------------------------------

_DEVICES_POSTGRES = """
UPDATE smart_device SET last_seen_at = v.seen, state = v.state, state_changed_at = COALESCE(v.changed, smart_device.state_changed_at)
FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[], %s::timestamptz[]) AS v(id, seen, state, changed) WHERE smart_device.id = v.id
"""


def _update_devices(cursor, devices: dict[int, tuple], new: list[Message], now, postgres: bool) -> set[int]:
    """Last seen and state of the devices with new messages (in arrival order); returns those that came online."""
    final: dict[int, str] = {}
    online, offline = DeviceState.ONLINE.value, DeviceState.OFFLINE.value
    for m in new:
        final[m.device_id] = offline if (m.kind == "status" and m.code == "offline") else online
    came_online, rows = set(), []
    for pk in sorted(final):
        if pk not in devices:  # deleted meanwhile: its rows fail the foreign key at commit, and the batch is retried
            continue
        state, last_seen = devices[pk]
        ts = now if last_seen is None or now > last_seen else last_seen
        changed = final[pk] != state
        if changed and final[pk] == online:
            came_online.add(pk)
        if changed or ts != last_seen:
            rows.append((pk, ts, final[pk], now if changed else None))
    if not rows:
        return came_online
    if postgres:
        cursor.execute(_DEVICES_POSTGRES, [list(column) for column in zip(*rows, strict=True)])
        return came_online
    dt = connection.ops.adapt_datetimefield_value
    for i in range(0, len(rows), CHUNK):
        chunk = rows[i : i + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
        sql = f"UPDATE smart_device SET last_seen_at = v.column2, state = v.column3, state_changed_at = COALESCE(v.column4, smart_device.state_changed_at) FROM (VALUES {values}) AS v WHERE smart_device.id = v.column1"  # noqa: S608
        cursor.execute(sql, [x for pk, ts, state, changed in chunk for x in (pk, dt(ts), state, dt(changed) if changed else None)])
    return came_online
