"""The device cache of the ingestion path: what checking a message needs to know about its device.

A message names its device by code. Checking it needs the device's id, type (its measurement keys and
event codes), credential digest, vendor and whether it is in service. At 10,000 messages a second that
cannot be a query per message: the codes of a whole batch are looked up at once (`prepare`), and each
entry is kept for `ttl` seconds, so a change in the registry (a device taken out of service, a new
credential) is seen within seconds. An unknown code is remembered as unknown for `miss_ttl` seconds,
so a flood of junk codes costs one query per batch at most. A credential that does not match a cached
digest is looked up again at once (`refresh`) before the message is refused: a token issued a moment
ago works on its first message, and from then on the old one is refused (without that, a replaced
token is refused at the latest `ttl` seconds after it was replaced).

The device's state is not taken from here: `store_batch` reads it under a row lock.
"""

import math
import time
from dataclasses import dataclass

from smart.models import Device, DeviceType

CHUNK = 1000  # codes per query


@dataclass(slots=True, frozen=True)
class DeviceInfo:
    id: int
    code: str
    type_id: int
    token_digest: str
    is_active: bool
    vendor_id: int | None
    measurements: dict  # measurement key -> (lowest, highest) the device type declares (None: no bound)
    events: frozenset


def _bound(value) -> float | None:
    return float(value) if type(value) in (int, float) and math.isfinite(value) else None


def declared_ranges(measurements) -> dict:
    """{key: (min, max)} of a device type's `measurements` list; a bound the type does not declare is None."""
    if not isinstance(measurements, list):
        return {}
    return {m["key"]: (_bound(m.get("min")), _bound(m.get("max"))) for m in measurements if isinstance(m, dict) and isinstance(m.get("key"), str)}


class DeviceCache:
    def __init__(self, *, ttl: float = 10.0, miss_ttl: float = 5.0, clock=time.monotonic):
        self.ttl, self.miss_ttl, self.clock = ttl, miss_ttl, clock
        self._entries: dict[str, tuple[float, DeviceInfo | None]] = {}  # code -> (loaded at, info or None for unknown)
        self._types: dict[int, tuple[dict, frozenset]] = {}
        self._types_at = float("-inf")
        self.queries = 0  # how many lookups went to the database (tests and stats)

    def get(self, code: str) -> DeviceInfo | None:
        """The cached device with this code, or None (unknown, or not prepared). Never queries."""
        entry = self._entries.get(code)
        return entry[1] if entry else None

    def prepare(self, codes) -> None:
        """Make sure every code in `codes` is cached and fresh: one query for all that are missing or stale."""
        now = self.clock()
        stale = []
        for code in set(codes):
            entry = self._entries.get(code)
            if entry is None or now - entry[0] > (self.ttl if entry[1] is not None else self.miss_ttl):
                stale.append(code)
        if stale:
            self._load(stale, now)

    def refresh(self, codes, *, min_age: float = 1.0) -> bool:
        """Look `codes` up again now (a credential that did not match), unless looked up less than `min_age` s ago.
        Returns whether anything was looked up."""
        now = self.clock()
        due = [c for c in set(codes) if c in self._entries and now - self._entries[c][0] >= min_age]
        if due:
            self._load(due, now)
        return bool(due)

    def clear(self) -> None:
        self._entries, self._types, self._types_at = {}, {}, float("-inf")  # new dicts: another thread may be reading the old ones

    def _load(self, codes: list, now: float) -> None:
        codes = [c for c in codes if isinstance(c, str) and 0 < len(c) <= 64]
        if not codes:
            return
        if now - self._types_at > self.ttl:
            self._types = {
                pk: (declared_ranges(measurements), frozenset(e.get("code") for e in events if isinstance(e, dict)))
                for pk, measurements, events in DeviceType.objects.values_list("id", "measurements", "events")
            }
            self._types_at = now
            self.queries += 1
        found = {}
        for i in range(0, len(codes), CHUNK):
            rows = Device.objects.filter(code__in=codes[i : i + CHUNK]).values_list("id", "code", "device_type_id", "token_digest", "is_active", "vendor_id")
            self.queries += 1
            for pk, code, type_id, digest, active, vendor_id in rows:
                measurements, events = self._types.get(type_id, ({}, frozenset()))
                found[code] = DeviceInfo(pk, code, type_id, digest, active, vendor_id, measurements, events)
        entries = self._entries
        for code in codes:
            entries[code] = (now, found.get(code))
        if len(entries) > 200_000:  # junk codes must not grow the cache for ever
            self._entries = {c: e for c, e in list(entries.items()) if e[1] is not None and now - e[0] <= self.ttl}


device_cache = DeviceCache()  # one per process: the consumer's writer thread and the web workers' requests
