"""Devices, default rules and a way to feed messages through the real storing pipeline, for the alarm,
rule and offline tests (imported by them; no tests here).

Elevator LIFT-1 on building B1 (district D1) with a maintainer whose member is `lift_tech`; garbage room
BIN-1 and camera CAM-1 on grid G1; fire terminal FIRE-1 and gas detector GAS-1 on B1; smoke sensor
SMOKE-2 on B2 (district D2). Case categories and the default rules are loaded."""

import datetime
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from cases.defaults import CATEGORIES
from cases.services import categories_load
from core.testing import make_user
from smart.defaults import DEVICE_TYPES
from smart.defaults.rules import rules_load
from smart.engine import evaluate, rule_cache
from smart.messages import Message, StoredBatch
from smart.models import Device, DeviceState, DeviceType, Event, Maintainer, Telemetry
from smart.services.devices import device_create
from smart.services.registry import device_types_load

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)  # a Monday, 10:00
_ids = itertools.count(1)


def at(seconds: float = 0) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def make_device(code, type_code, unit, **kw):
    device, _token = device_create(code=code, name=kw.pop("name", code), device_type=DeviceType.objects.get(code=type_code), unit=unit, **kw)
    return device


def make_world(tree, personas=None) -> dict:
    device_types_load(DEVICE_TYPES)
    categories_load(CATEGORIES)
    made, skipped = rules_load()
    assert not skipped, skipped
    rule_cache.invalidate()
    tech = make_user("lift_tech")
    maintainer = Maintainer.objects.create(name="上海电梯维保公司")
    maintainer.members.add(tech)
    return {
        "tech": tech,
        "maintainer": maintainer,
        "lift": make_device(
            "LIFT-1", "elevator", tree.B1, name="1号楼东梯", maintainer=maintainer, location="1单元", lat=Decimal("31.025"), lng=Decimal("121.225")
        ),
        "bin": make_device("BIN-1", "garbage", tree.G1, name="白云垃圾房"),
        "camera": make_device("CAM-1", "camera", tree.G1, name="白云高空摄像头"),
        "fire": make_device("FIRE-1", "fire", tree.B1, name="1号楼消防"),
        "gas": make_device("GAS-1", "gas", tree.B1, name="1号楼燃气"),
        "smoke2": make_device("SMOKE-2", "smoke", tree.B2, name="2号楼烟感"),
    }


def tel(device, seconds=0, **values) -> Message:
    return Message(device_id=device.pk, device_type_id=device.device_type_id, kind="telemetry", msg_id=f"t{next(_ids)}", ts=at(seconds), values=values)


def event(device, code, seconds=0, **data) -> Message:
    return Message(device_id=device.pk, device_type_id=device.device_type_id, kind="event", msg_id=f"e{next(_ids)}", ts=at(seconds), code=code, data=data)


def feed(*messages, now=None):
    """Store the messages as one batch, as ingestion does (rows, last seen, state), then run the engine on them
    inside the same transaction. (Independent of smart.ingest so that the alarm tests test the alarms.)"""
    msgs = list(messages)
    now = now or max(m.ts for m in msgs)
    came_online = set()
    with transaction.atomic():
        Telemetry.objects.bulk_create(
            [Telemetry(device_id=m.device_id, ts=m.ts, msg_id=m.msg_id, values=m.values, received_at=now) for m in msgs if m.kind == "telemetry"]
        )
        Event.objects.bulk_create(
            [
                Event(device_id=m.device_id, ts=m.ts, msg_id=m.msg_id, kind=m.kind, code=m.code, data=m.data, received_at=now)
                for m in msgs
                if m.kind != "telemetry"
            ]
        )
        for device in Device.objects.filter(pk__in={m.device_id for m in msgs}):
            if device.state != DeviceState.ONLINE:
                came_online.add(device.pk)
            last = max(m.ts for m in msgs if m.device_id == device.pk)
            Device.objects.filter(pk=device.pk).update(state=DeviceState.ONLINE, last_seen_at=max(last, device.last_seen_at or last))
        batch = StoredBatch(
            now=now, telemetry=[m for m in msgs if m.kind == "telemetry"], events=[m for m in msgs if m.kind != "telemetry"], came_online=came_online
        )
        evaluate(batch)
    return batch
