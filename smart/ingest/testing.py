"""Test helpers for ingestion: a few devices with credentials, and payloads in the wire format."""

import base64
import io
import json
import time
from types import SimpleNamespace

from smart.defaults import DEVICE_TYPES
from smart.ingest.devices import device_cache
from smart.models import Device, DeviceType, Vendor
from smart.services.registry import device_issue_token, device_types_load, vendor_issue_key


def make_ingest_devices(tree, prefix: str = "IG") -> SimpleNamespace:
    """Two vendors; a garbage room of vendor 1 (g1), one of vendor 2 (g2), a camera and an elevator, with tokens."""
    device_types_load(DEVICE_TYPES)
    types = {t.code: t for t in DeviceType.objects.all()}
    ns = SimpleNamespace()
    ns.vendor = Vendor.objects.create(code=f"{prefix.lower()}-v1", name="一号厂商")
    ns.vendor_key = vendor_issue_key(ns.vendor)
    ns.other_vendor = Vendor.objects.create(code=f"{prefix.lower()}-v2", name="二号厂商")
    ns.other_vendor_key = vendor_issue_key(ns.other_vendor)
    for name, type_code, unit, vendor in (
        ("g1", "garbage", tree.B1, ns.vendor),
        ("g2", "garbage", tree.B2, ns.other_vendor),
        ("cam", "camera", tree.G1, ns.vendor),
        ("lift", "elevator", tree.B1, None),
    ):
        device = Device.objects.create(code=f"{prefix}-{name}", name=f"测试{name}", device_type=types[type_code], unit=unit, unit_path=unit.path, vendor=vendor)
        setattr(ns, name, device)
        setattr(ns, f"{name}_token", device_issue_token(device))
    device_cache.clear()
    return ns


def now_ms() -> int:
    return int(time.time() * 1000)


def telemetry(device, token, msg_id, values, ts=None, **extra) -> dict:
    return {"device": device.code, "kind": "telemetry", "msg_id": str(msg_id), "ts": now_ms() if ts is None else ts, "token": token, "values": values, **extra}


def event(device, token, msg_id, code, ts=None, **extra) -> dict:
    return {"device": device.code, "kind": "event", "msg_id": str(msg_id), "ts": now_ms() if ts is None else ts, "token": token, "event": code, **extra}


def status(device, token, msg_id, value, ts=None) -> dict:
    return {"device": device.code, "kind": "status", "msg_id": str(msg_id), "ts": now_ms() if ts is None else ts, "token": token, "status": value}


def jpeg_base64(size=(8, 8)) -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def payload(message: dict) -> bytes:
    """The MQTT payload of a message (the device and kind are in the topic)."""
    return json.dumps({k: v for k, v in message.items() if k != "kind"}).encode()


LEAF = {"telemetry": "telemetry", "event": "events", "status": "status"}


def topic(root: str, message: dict) -> str:
    return f"{root}/{message['device']}/{LEAF[message['kind']]}"
