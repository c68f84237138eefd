"""From payloads to checked messages: the wire format of `smart.messages`, enforced.

Two steps. The envelope (`decode_mqtt`, `decode_http`) gives (kind, device code, JSON object) or a
`Rejection`; `check_batch` then checks a whole batch of envelopes against the device cache (one
lookup query for the batch's codes, none per message) and gives, for each, a `Message` or a
`Rejection`, in order. The checks, in order: the device is known and in service; the credential
(the principal covers the device: over MQTT the broker authenticated it, `auth.BROKER`; over HTTP the
`Authorization` header's device or vendor; without a principal, the payload's `token`); `msg_id` (1-64 printable
characters); `ts` (ISO 8601, or epoch milliseconds; not more than 5 minutes ahead); then per kind:
telemetry `values` (known keys, finite numbers inside the range the device type declares), event `event` (a code of the device type), `data`
(an object), `snapshot` (a base64 JPEG, saved), status `status` ("online" | "offline").
"""

import datetime
import json
import math

from django.utils import timezone

from smart.ingest.auth import Principal, secret_matches
from smart.ingest.devices import DeviceCache
from smart.ingest.rejections import Rejection
from smart.ingest.snapshots import save_snapshot
from smart.messages import Message
from smart.models import MessageKind

TOPIC_KINDS = {"telemetry": MessageKind.TELEMETRY.value, "events": MessageKind.EVENT.value, "status": MessageKind.STATUS.value}
KINDS = frozenset(TOPIC_KINDS.values())
MAX_PAYLOAD = 3_000_000  # bytes (a camera event carries its snapshot)
FUTURE = datetime.timedelta(minutes=5)
UTC = datetime.UTC
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=UTC)
OLDEST = datetime.datetime(2000, 1, 1, tzinfo=UTC)
STATUSES = ("online", "offline")

Envelope = tuple[str, str, dict]
_json_decode = json.JSONDecoder().decode  # (kind, device code, payload object)


def decode_mqtt(topic: str, payload: bytes, prefix: str) -> Envelope | Rejection:
    """`prefix` is SMART_TOPIC_ROOT + "/"; the topic is <prefix><device code>/<telemetry|events|status>."""
    code, sep, leaf = topic[len(prefix) :].partition("/") if topic.startswith(prefix) else ("", "", "")
    kind = TOPIC_KINDS.get(leaf)
    if kind is None or not code:
        return Rejection("topic", code)
    if len(payload) > MAX_PAYLOAD:
        return Rejection("too_large", code)
    try:
        obj = _json_decode(payload.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    except (ValueError, RecursionError):
        return Rejection("malformed", code)
    if type(obj) is not dict:
        return Rejection("malformed", code)
    named = obj.get("device")
    if named is not None and named != code:
        return Rejection("device_mismatch", code)
    return kind, code, obj


def decode_http(item) -> Envelope | Rejection:
    """One item of an HTTP batch: {"device": code, "kind": "telemetry" | "event" | "status", ...}."""
    if type(item) is not dict:
        return Rejection("malformed")
    code = item.get("device")
    if type(code) is not str or not code:
        return Rejection("unknown_device", str(code or "")[:64])
    kind = item.get("kind")
    if kind not in KINDS:
        return Rejection("kind", code)
    return kind, code, item


def parse_ts(value) -> datetime.datetime | None:
    """An aware UTC datetime from ISO 8601 (a time without an offset is local time) or epoch milliseconds."""
    kind = type(value)
    if kind is str and value.isdigit() and len(value) <= 15:
        value, kind = int(value), int
    if kind is int or kind is float:
        try:
            ts = EPOCH + datetime.timedelta(milliseconds=value)
        except (OverflowError, ValueError):
            return None
    elif kind is str and 0 < len(value) <= 40:
        try:
            ts = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        ts = (timezone.make_aware(ts) if ts.tzinfo is None else ts).astimezone(UTC)
    else:
        return None
    return ts if ts >= OLDEST else None


def _data(obj: dict) -> dict | None:
    """The optional `data` object, or None when it is not an object the database can keep as JSON."""
    data = obj.get("data")
    if data is None:
        return {}
    if type(data) is not dict:
        return None
    try:
        text = json.dumps(data, ensure_ascii=False)
        text.encode("utf-8")  # a lone surrogate ("\ud800") is refused here, not by the database
    except (ValueError, TypeError, RecursionError, UnicodeEncodeError):
        return None
    return None if "\\u0000" in text or len(text) > 20_000 else data


def _values(values, info) -> Rejection | None:
    """None when every value is a finite number of a measurement the device type declares, inside its declared
    range (min <= value <= max, either bound optional); else the first rejection."""
    if type(values) is not dict or not values:
        return Rejection("measurement", info.code, "values")
    declared = info.measurements
    for key, value in values.items():
        bounds = declared.get(key)
        if bounds is None:
            return Rejection("measurement", info.code, key)
        kind = type(value)
        if kind is float:
            if not math.isfinite(value):
                return Rejection("value", info.code, key)
        elif kind is int:
            if not -1e15 < value < 1e15:
                return Rejection("value", info.code, key)
        else:
            return Rejection("value", info.code, key)
        lo, hi = bounds
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            return Rejection("range", info.code, key, _range_text(lo, hi))
    return None


def _range_text(lo: float | None, hi: float | None) -> str:
    def num(x):
        return "" if x is None else f"{x:g}"

    return f"{num(lo)}..{num(hi)}"


def check_one(envelope: Envelope, *, now, cache: DeviceCache, principal: Principal | None, tokens: dict) -> Message | Rejection:
    """Check one envelope (see the module docstring). `tokens` memoises credential checks within a batch."""
    kind, code, obj = envelope
    info = cache.get(code)
    if info is None:
        return Rejection("unknown_device", code)
    if not info.is_active:
        return Rejection("inactive_device", code)
    if principal is None:
        token = obj.get("token")
        memo = (code, token) if type(token) is str else None
        ok = tokens.get(memo)
        if ok is None:
            ok = tokens[memo] = secret_matches(token, info.token_digest)
        if not ok:
            return Rejection("credential", code)
    elif not principal.covers(info):
        return Rejection("not_allowed", code)
    msg_id = obj.get("msg_id")
    if type(msg_id) is not str or not 0 < len(msg_id) <= 64 or not msg_id.isprintable():
        return Rejection("msg_id", code)
    ts = parse_ts(obj.get("ts"))
    if ts is None:
        return Rejection("ts", code)
    if ts > now + FUTURE:
        return Rejection("ts_future", code)
    if kind == "telemetry":
        values = obj.get("values")
        bad = _values(values, info)
        return bad or Message(info.id, info.type_id, kind, msg_id, ts, values)
    data = _data(obj)
    if data is None:
        return Rejection("data", code)
    if kind == "status":
        status = obj.get("status")
        if status not in STATUSES:
            return Rejection("status", code)
        return Message(info.id, info.type_id, kind, msg_id, ts, {}, status, data)
    event = obj.get("event")
    if type(event) is not str or event not in info.events:
        return Rejection("event", code, str(event)[:40])
    snapshot = ""
    if obj.get("snapshot") is not None:
        snapshot = save_snapshot(obj["snapshot"], device_code=info.code, msg_id=msg_id)
        if snapshot is None:
            return Rejection("snapshot", code)
    return Message(info.id, info.type_id, kind, msg_id, ts, {}, event, data, snapshot)


def check_batch(envelopes: list, *, cache: DeviceCache, now=None, principal: Principal | None = None) -> list[Message | Rejection]:
    """Check a batch of envelopes (or rejections, passed through); one result per item, in order."""
    now = now or timezone.now()
    cache.prepare([e[1] for e in envelopes if type(e) is tuple])
    tokens: dict = {}
    results = [e if type(e) is not tuple else check_one(e, now=now, cache=cache, principal=principal, tokens=tokens) for e in envelopes]
    retry = {r.device for r in results if type(r) is Rejection and r.reason == "credential"}
    if retry and cache.refresh(retry):  # a credential issued since the device was cached: check these devices' messages again
        tokens.clear()
        for i, e in enumerate(envelopes):
            if type(e) is tuple and e[1] in retry:
                results[i] = check_one(e, now=now, cache=cache, principal=principal, tokens=tokens)
    return results
