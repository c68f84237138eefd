"""The messages devices send, once parsed and checked: what ingestion hands to storage and to the
alarm engine (the contract between `smart.ingest` and `smart.engine`).

Wire format (MQTT topic jiayuan/devices/{device_code}/{telemetry|events|status}, or one item of an
HTTP batch): a JSON object with `msg_id` (the device's own id for the message, unique per device;
the idempotency key), `ts` (ISO 8601 or epoch milliseconds), `token` (the device's credential, absent
when a vendor's credential vouches for the batch), and then
  telemetry: `values` {measurement key: number}
  events:    `event` (an event code of the device type), optional `data` {...}, optional `snapshot`
             (base64 JPEG from a camera)
  status:    `status` "online" | "offline"

Over MQTT the topic names the device; a `device` in the payload is optional and must then be the same.
An HTTP item also carries `device` (the code) and `kind` ("telemetry" | "event" | "status"). A device's
MQTT last will should be a status message "offline" (its fixed msg_id is stored once per connection).
`ts` may be at most 5 minutes ahead of the server's clock; an ISO time without an offset is local time.
`msg_id` is 1-64 printable characters. Measurement values are finite numbers (not booleans). What is
refused, and why, is listed in smart/ingest/rejections.py (REASONS).
"""

import datetime
from dataclasses import dataclass, field


@dataclass(slots=True)
class Message:
    device_id: int
    device_type_id: int
    kind: str  # MessageKind value
    msg_id: str
    ts: datetime.datetime
    values: dict = field(default_factory=dict)  # telemetry
    code: str = ""  # event code, or "online"/"offline" for a status message
    data: dict = field(default_factory=dict)
    snapshot: str = ""  # stored file path of a camera snapshot


@dataclass
class StoredBatch:
    """What one stored batch wrote for the first time (duplicates already removed), handed to the alarm
    engine inside the same transaction, before the messages are acknowledged to the broker."""

    now: datetime.datetime
    telemetry: list[Message] = field(default_factory=list)
    events: list[Message] = field(default_factory=list)  # events and status messages
    came_online: set[int] = field(default_factory=set)  # device ids that were offline or never seen
