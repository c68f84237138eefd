"""paho-mqtt's client, made fit for tens of thousands of small QoS 1 messages a second.

Profiling the consumer (paho-mqtt 2.2, MQTT 5) showed that paho's network thread, not the checks or the
database, limited it, with costs per message that are not about the message:
- every PUBLISH builds an MQTT 5 `Properties` object whose constructor rebuilds the property tables (two
  dicts, dozens of list lookups), an `MQTTMessage` with its own lock and condition, and matches the topic
  against per-topic callbacks;
- one `select()` and three `recv()` system calls per packet (a byte for the type, the length, the rest);
- one PUBACK is one queued packet, one wake-up of the network thread and one `send()`.
`FastClient` reads the socket 64 KB at a time, cuts the packets out of that buffer itself, and hands a
QoS 1 PUBLISH without properties straight to `on_message` as a small `Received` (topic, payload, mid,
qos); every other packet goes through paho's own handler, unchanged. `ack_many` queues the PUBACKs of a
whole batch as one write. `share_property_tables` builds paho's property tables once for the packets
paho still decodes. These lean on paho 2.2's internals (`_packet_read`, `_in_packet`, `_out_packet`,
`_sockpairW`); with another major version `FastClient` is the plain client.
"""

import struct

import paho.mqtt.client as mqtt
from paho.mqtt import __version__ as paho_version
from paho.mqtt import _packet
from paho.mqtt.exception import MalformedPacket
from paho.mqtt.properties import Properties

PAHO_2 = paho_version.startswith("2.")
PUBACK = struct.Struct("!BBH")  # a PUBACK without reason code or properties (success), MQTT 5 §3.4.2.1
READ_SIZE = 65536


class SharedTablesProperties(Properties):
    """`Properties` with its (read-only) tables built once, and an empty property list decoded at once."""

    _tables: tuple | None = None

    def __init__(self, packetType):
        tables = SharedTablesProperties._tables
        if tables is None:
            proto = Properties(packetType)
            tables = SharedTablesProperties._tables = (proto.types, proto.names, proto.properties)
        object.__setattr__(self, "packetType", packetType)
        object.__setattr__(self, "types", tables[0])
        object.__setattr__(self, "names", tables[1])
        object.__setattr__(self, "properties", tables[2])

    def unpack(self, buffer):
        if buffer[:1] == b"\x00":  # no properties: the usual PUBLISH
            return self, 1
        return super().unpack(buffer)


def share_property_tables() -> None:
    """Make paho's packet decoder use `SharedTablesProperties` (same behaviour, built once). Idempotent."""
    if PAHO_2 and getattr(_packet, "Properties", None) is Properties:
        _packet.Properties = SharedTablesProperties


class Received:
    """A received QoS 1 PUBLISH without properties: what `on_message` needs of paho's MQTTMessage."""

    __slots__ = ("_topic", "payload", "mid", "qos", "dup", "retain")

    def __init__(self, topic: bytes, payload: bytes, mid: int, qos: int, dup: bool, retain: bool):
        self._topic, self.payload, self.mid, self.qos, self.dup, self.retain = topic, payload, mid, qos, dup, retain

    @property
    def topic(self) -> str:
        return self._topic.decode("utf-8")  # UnicodeDecodeError for a broken topic, as paho's


class FastClient(mqtt.Client):
    """A paho client that reads packets from a 64 KB buffer and hands plain QoS 1 messages to `on_message`
    directly; everything else (CONNACK, SUBACK, PINGRESP, DISCONNECT, messages with properties) goes
    through paho's own handlers. PUBACKs of a batch go out as one write (`ack_many`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._rbuf, self._rsock = bytearray(), None
        self._filtered = False  # per-topic callbacks (message_callback_add) need paho's own dispatch
        self._fast = PAHO_2 and all(hasattr(self, a) for a in ("_in_packet", "_out_packet", "_sockpairW", "_msgtime_mutex", "_manual_ack"))

    def message_callback_add(self, sub, callback) -> None:
        self._filtered = True
        super().message_callback_add(sub, callback)

    def _packet_read(self) -> mqtt.MQTTErrorCode:
        if not self._fast:
            return super()._packet_read()
        if self._rsock is not self._sock:  # a new connection: nothing buffered from the old one counts
            self._rbuf, self._rsock = bytearray(), self._sock
        try:
            data = self._sock_recv(READ_SIZE)
        except BlockingIOError:
            return mqtt.MQTTErrorCode.MQTT_ERR_AGAIN
        except OSError:
            return mqtt.MQTTErrorCode.MQTT_ERR_CONN_LOST
        if not data:
            return mqtt.MQTTErrorCode.MQTT_ERR_CONN_LOST
        buf = self._rbuf
        buf += data
        n, pos, rc = len(buf), 0, mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
        while pos + 2 <= n:
            length, mult, i = 0, 1, pos + 1  # the remaining length: a variable byte integer of 1-4 bytes
            while i < n:
                byte = buf[i]
                length += (byte & 127) * mult
                mult *= 128
                i += 1
                if not byte & 128:
                    break
                if i - pos > 4:
                    return mqtt.MQTTErrorCode.MQTT_ERR_PROTOCOL
            else:
                break  # the length itself is incomplete
            if i + length > n:
                break  # the packet is incomplete
            rc = self._handle_packet(buf[pos], bytes(buf[i : i + length]))
            pos = i + length
            if rc:
                break
        del buf[:pos]
        with self._msgtime_mutex:
            self._last_bytes_received = mqtt.time_func()
        return rc

    def _handle_packet(self, command: int, packet: bytes) -> mqtt.MQTTErrorCode:
        if command & 0xF6 == 0x32 and self._manual_ack and not self._filtered:  # PUBLISH, QoS 1
            tlen = (packet[0] << 8) | packet[1]
            p = 2 + tlen
            if tlen and len(packet) > p + 2 and packet[p + 2] == 0:  # a topic, a packet id, no properties
                message = Received(packet[2:p], packet[p + 3 :], (packet[p] << 8) | packet[p + 1], 1, bool(command & 0x08), bool(command & 0x01))
                on_message = self.on_message
                if on_message is not None:
                    try:
                        on_message(self, self._userdata, message)
                    except Exception as err:  # noqa: BLE001  as paho: logged, and raised unless suppress_exceptions
                        self._easy_log(mqtt.MQTT_LOG_ERR, "Caught exception in on_message: %s", err)
                        if not self.suppress_exceptions:
                            raise
                return mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
        self._in_packet = {"command": command, "have_remaining": 1, "remaining_count": [], "remaining_mult": 1,
                           "remaining_length": len(packet), "packet": bytearray(packet), "to_process": 0, "pos": 0}  # fmt: skip
        try:
            rc = self._packet_handle()
        except MalformedPacket:
            rc = mqtt.MQTTErrorCode.MQTT_ERR_PROTOCOL
        self._in_packet = {"command": 0, "have_remaining": 0, "remaining_count": [], "remaining_mult": 1,
                           "remaining_length": 0, "packet": bytearray(b""), "to_process": 0, "pos": 0}  # fmt: skip
        return rc

    def ack_many(self, mids: list[int]) -> None:
        """PUBACK the QoS 1 messages `mids` (manual_ack=True) as one write."""
        if not mids:
            return
        if not self._fast:
            for mid in mids:
                self.ack(mid, 1)
            return
        pack = PUBACK.pack
        blob = b"".join([pack(0x40, 2, mid) for mid in mids])
        self._out_packet.append({"command": 0x40, "mid": 0, "qos": 1, "pos": 0, "to_process": len(blob), "packet": blob, "info": None})
        sockpair = self._sockpairW
        if sockpair is not None:
            try:
                sockpair.send(b"0")
            except OSError:
                pass
        self._call_socket_register_write()
