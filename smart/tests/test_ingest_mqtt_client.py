"""The consumer's paho client (smart.ingest.mqtt_client): packets cut from a buffer, whatever the reads."""

import struct

import paho.mqtt.client as mqtt
import pytest

from smart.ingest.mqtt_client import FastClient, Received, SharedTablesProperties, share_property_tables


def publish_packet(topic: bytes, payload: bytes, mid: int, properties: bytes = b"\x00", dup=False) -> bytes:
    body = struct.pack("!H", len(topic)) + topic + struct.pack("!H", mid) + properties + payload
    length, vbi = len(body), b""
    while True:
        byte, length = length % 128, length // 128
        vbi += bytes([byte | (128 if length else 0)])
        if not length:
            break
    return bytes([0x32 | (0x08 if dup else 0)]) + vbi + body


class FakeSocket:
    def __init__(self, chunks):
        self.chunks = list(chunks)

    def recv(self, n):
        if not self.chunks:
            raise BlockingIOError
        return self.chunks.pop(0)

    def fileno(self):
        return -1

    def close(self):
        pass

    def setblocking(self, flag):
        pass


def client_reading(chunks):
    client = FastClient(mqtt.CallbackAPIVersion.VERSION2, client_id="unit", protocol=mqtt.MQTTv5, manual_ack=True)
    received = []
    client.on_message = lambda c, u, m: received.append(m)
    client._sock = FakeSocket(chunks)
    rc = mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
    while client._sock.chunks and rc == mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS:
        rc = client._packet_read()
    return client, received, rc


@pytest.mark.parametrize("cut", [1, 2, 3, 7, 64, 10_000])
def test_packets_split_anywhere_across_reads_come_out_whole_and_in_order(cut):
    stream = b"".join(publish_packet(f"root/d{i}/telemetry".encode(), b'{"n": %d}' % i + b"x" * (i * 40), i + 1) for i in range(50))
    _, received, rc = client_reading([stream[i : i + cut] for i in range(0, len(stream), cut)])
    assert rc == mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
    assert [(m.topic, m.mid, m.qos) for m in received] == [(f"root/d{i}/telemetry", i + 1, 1) for i in range(50)]
    assert all(type(m) is Received for m in received) and received[3].payload.startswith(b'{"n": 3}')


def test_a_long_message_with_a_multi_byte_length_is_read():
    payload = b"y" * 300_000
    _, received, _ = client_reading([publish_packet(b"root/cam/events", payload, 9)[i : i + 65536] for i in range(0, 300_020, 65536)])
    assert received[0].payload == payload


def test_a_message_with_properties_goes_through_paho_and_keeps_them():
    share_property_tables()
    content_type = b"\x03" + struct.pack("!H", 16) + b"application/json"  # property 3, Content Type
    properties = bytes([len(content_type)]) + content_type
    _, received, _ = client_reading([publish_packet(b"root/d1/telemetry", b"{}", 5, properties=properties)])
    (message,) = received
    assert type(message) is mqtt.MQTTMessage and message.properties.ContentType == "application/json"
    assert isinstance(message.properties, SharedTablesProperties) and message.mid == 5


def test_a_broken_topic_is_reported_by_the_message_not_by_the_reader():
    _, received, _ = client_reading([publish_packet(b"root/\xff\xfe/telemetry", b"{}", 3)])
    with pytest.raises(UnicodeDecodeError):
        _ = received[0].topic


def test_a_closed_connection_is_reported():
    client, _, _ = client_reading([])
    client._sock = FakeSocket([b""])
    assert client._packet_read() == mqtt.MQTTErrorCode.MQTT_ERR_CONN_LOST


def test_acks_of_a_batch_are_one_write_of_pubacks():
    client = FastClient(mqtt.CallbackAPIVersion.VERSION2, client_id="unit", protocol=mqtt.MQTTv5, manual_ack=True)
    client.ack_many([1, 2, 65535])
    (packet,) = client._out_packet
    assert packet["packet"] == b"\x40\x02\x00\x01\x40\x02\x00\x02\x40\x02\xff\xff" and packet["to_process"] == 12


def test_shared_property_tables_build_properties_like_paho():
    from paho.mqtt.packettypes import PacketTypes
    from paho.mqtt.properties import Properties

    share_property_tables()
    fast, plain = SharedTablesProperties(PacketTypes.PUBLISH), Properties(PacketTypes.PUBLISH)
    fast.MessageExpiryInterval = plain.MessageExpiryInterval = 30
    fast.UserProperty = plain.UserProperty = ("a", "b")
    assert fast.pack() == plain.pack()
    assert SharedTablesProperties(PacketTypes.PUBLISH).unpack(plain.pack())[0].UserProperty == [("a", "b")]
