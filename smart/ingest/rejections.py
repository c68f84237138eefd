"""Why a message is refused, and the per-day counters in IngestRejection.

A refused message is never stored. It is logged on the "smart.ingest" logger (one line per reason and
batch, with the count and the last device code and key; never a token or a payload) and counted per
(day, channel, reason): the counts of one batch go to the database in one statement, inside the
batch's transaction, so a batch that is rolled back and redelivered is not counted twice.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("smart.ingest")

# reason code -> what it means (the detail shown to an HTTP client and kept as `last_detail`)
REASONS = {
    "malformed": _("The message is not a JSON object."),
    "too_large": _("The message is too large."),
    "topic": _("The topic is not <root>/<device code>/telemetry, events or status."),
    "kind": _("kind must be telemetry, event or status."),
    "device_mismatch": _("The device in the message is not the device of the topic."),
    "msg_id": _("msg_id must be 1 to 64 printable characters."),
    "ts": _("ts must be an ISO 8601 time or epoch milliseconds."),
    "ts_future": _("ts is more than 5 minutes in the future."),
    "unknown_device": _("Unknown device %(device)s."),
    "inactive_device": _("Device %(device)s is out of service."),
    "credential": _("Missing or wrong credential for device %(device)s."),
    "not_allowed": _("This credential does not cover device %(device)s."),
    "measurement": _("Unknown measurement %(key)s for device %(device)s."),
    "value": _("The value of %(key)s is not a number."),
    "range": _("The value of %(key)s is outside the range %(range)s declared by the device type."),
    "event": _("Unknown event %(key)s for device %(device)s."),
    "status": _("status must be online or offline."),
    "data": _("data must be a JSON object without NUL characters."),
    "snapshot": _("The snapshot is not a base64 JPEG image."),
    "store_error": _("The database refused this message."),
}


@dataclass(slots=True)
class Rejection:
    reason: str  # a key of REASONS
    device: str = ""  # the device code, when known
    key: str = ""  # the measurement key or event code in question
    range: str = ""  # the declared range a value is outside of ("-5..60")

    def detail(self) -> str:
        """The reason in the active language (no token, no payload: only the code and the key)."""
        return str(REASONS[self.reason]) % {"device": self.device[:64], "key": self.key[:40], "range": self.range[:40]}  # the lazy text, in the active language


@dataclass
class RejectionCounts:
    """The rejections of one batch: counts per reason and the last detail of each."""

    counts: Counter = field(default_factory=Counter)
    last: dict = field(default_factory=dict)

    def add(self, rejection: Rejection) -> None:
        self.counts[rejection.reason] += 1
        self.last[rejection.reason] = rejection

    def merge(self, other: "RejectionCounts") -> None:
        self.counts.update(other.counts)
        self.last.update(other.last)

    def total(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return bool(self.counts)


def record_rejections(rejections: RejectionCounts, *, channel: str, day=None) -> None:
    """Add one batch's counts to IngestRejection (one upsert for all reasons). Call inside the batch's transaction."""
    if not rejections:
        return
    day = day or timezone.localdate()
    for reason, n in sorted(rejections.counts.items()):
        last = rejections.last[reason]
        logger.warning("rejected %d %s message(s): %s (last: device %r, key %r)", n, channel, reason, last.device[:64], last.key[:40])
    rows = [(day, channel, reason, n, rejections.last[reason].detail()[:200]) for reason, n in sorted(rejections.counts.items())]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    sql = (
        f"INSERT INTO smart_ingestrejection (day, channel, reason, count, last_detail) VALUES {values} "  # noqa: S608  placeholders only
        "ON CONFLICT (day, channel, reason) DO UPDATE SET count = smart_ingestrejection.count + excluded.count, last_detail = excluded.last_detail"
    )
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for d, c, r, n, t in rows for v in (adapt(d), c, r, n, t)])
