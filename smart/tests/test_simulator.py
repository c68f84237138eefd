"""The device simulator: valid, realistic, reproducible messages (no database, no network)."""

import base64
import datetime
import io
import math
import zoneinfo
from collections import Counter
from types import SimpleNamespace

import pytest
from PIL import Image

from smart.defaults import DEVICE_TYPES
from smart.simulator.fleet import Fleet, sim_device
from smart.simulator.runner import Runner
from smart.simulator.tokens import demo_device_token, demo_vendor_key

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
START = datetime.datetime(2026, 6, 3, 0, 0, tzinfo=SHANGHAI).timestamp()  # a Wednesday, midnight
TYPES = {code: SimpleNamespace(code=code, name=name, kind=kind, measurements=m, events=e) for code, name, kind, m, e, _ in DEVICE_TYPES}
NAMES = {"camera": "3号楼高空抛物监控"}


def fleet(seed=2021, run_id="t", types=TYPES, per_type=2):
    devices = [sim_device(f"{code.upper()}-{k}", t, name=NAMES.get(code, ""), vendor="heiman", seed=seed) for code, t in types.items() for k in range(per_type)]
    return Fleet(devices, seed=seed, run_id=run_id)


def day_of_messages(f: Fleet, step=300, hours=24):
    out = []
    for k in range(int(hours * 3600 / step)):
        t = START + k * step
        for d in f.devices:
            out += f.report(d, t, step)
    return out


def test_every_message_is_valid_for_its_device_type_over_a_day():
    f = fleet()
    msgs = day_of_messages(f)
    by_code = {d.code: d for d in f.devices}
    seen = Counter()
    for m in msgs:
        dev, p = by_code[m.code], m.payload
        t = TYPES[dev.type_code]
        assert p["token"] == demo_device_token(dev.code) and isinstance(p["ts"], int) and 1 <= len(p["msg_id"]) <= 64
        if m.channel == "telemetry":
            assert set(p["values"]) == {x["key"] for x in t.measurements}
            for x in t.measurements:
                v = p["values"][x["key"]]
                assert isinstance(v, int | float) and math.isfinite(v)
                assert x.get("min", -math.inf) <= v <= x.get("max", math.inf), (dev.code, x["key"], v)
        else:
            assert m.channel == "events" and p["event"] in {e["code"] for e in t.events} and isinstance(p["data"], dict)
            seen[p["event"]] += 1
    ids = Counter((m.code, m.payload["msg_id"]) for m in msgs)
    assert max(ids.values()) == 1  # msg_id unique per device
    assert seen["plate_read"] > 50  # gates read plates all day


def test_the_same_seed_gives_the_same_messages_and_another_seed_does_not():
    def run(seed):
        return [(m.code, m.channel, m.payload) for m in day_of_messages(fleet(seed), hours=6)]

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_elevators_are_busy_at_the_rush_hours_and_quiet_at_night():
    f = fleet(types={"elevator": TYPES["elevator"]}, per_type=20)
    running = Counter()
    for k in range(24 * 12):
        t = START + k * 300
        hour = datetime.datetime.fromtimestamp(t, SHANGHAI).hour
        for d in f.devices:
            running[hour] += f.report(d, t, 300)[0].payload["values"]["running"]
    assert running[8] > 4 * running[3] and running[18] > 4 * running[3]
    assert running[8] > running[14]


def test_garbage_rooms_fill_through_the_day_and_are_emptied_at_collection_times():
    f = fleet(types={"garbage": TYPES["garbage"]}, per_type=1)
    d = f.devices[0]

    def kitchen(h, m=0):
        t = START + (h * 60 + m) * 60
        return f.report(d, t, 600)[0].payload["values"]["fill_kitchen"]

    assert kitchen(9, 20) > kitchen(6) + 10  # the morning drop-off
    assert kitchen(9, 40) < 10  # collected at 9:30
    assert kitchen(20, 50) > kitchen(12) + 20  # the evening drop-off
    assert kitchen(21, 10) < 10  # collected at 21:00


def test_a_trapped_passenger_is_an_elevator_event_with_the_floor_and_the_lift_stays_stopped():
    f = fleet(types={"elevator": TYPES["elevator"]}, per_type=3)
    [msg] = f.scenario("trapped", START + 8 * 3600)
    assert msg.channel == "events" and msg.payload["event"] == "trapped"
    assert msg.payload["data"]["floor"] >= 2 and msg.payload["data"]["people"] >= 1
    dev = f.by_code[msg.code]
    later = f.report(dev, START + 8 * 3600 + 300, 300)[0].payload["values"]
    assert later["running"] == 0 and later["floor"] == msg.payload["data"]["floor"] and later["door_open"] == 0


def test_an_overflowing_garbage_room_stays_over_90_percent_until_it_is_collected():
    f = fleet(types={"garbage": TYPES["garbage"]}, per_type=2)
    t0 = START + 11 * 3600
    msgs = f.scenario("overflow", t0)
    event = next(m for m in msgs if m.channel == "events")
    assert event.payload["event"] == "overflow"
    key = "fill_" + event.payload["data"]["bin"]
    dev = f.by_code[event.code]
    assert msgs[0].payload["values"][key] > 90
    assert all(f.report(dev, t0 + k * 600, 600)[0].payload["values"][key] > 90 for k in range(1, 12))  # two hours on, still full
    assert f.report(dev, START + 22 * 3600, 600)[0].payload["values"][key] < 20  # collected at 21:00


def test_a_camera_sees_a_throw_and_sends_a_jpeg_snapshot():
    f = fleet(types={"camera": TYPES["camera"]}, per_type=2)
    [msg] = f.scenario("throw", START + 15 * 3600)
    assert msg.payload["event"] == "throw" and 0 < msg.payload["data"]["confidence"] <= 1
    img = Image.open(io.BytesIO(base64.b64decode(msg.payload["snapshot"])))
    assert img.format == "JPEG" and img.size == (640, 360)
    assert len(msg.payload["snapshot"]) < 200_000


def test_demo_credentials_are_derived_from_the_secret_key_and_differ_per_device(settings):
    a, b = demo_device_token("LIFT-1"), demo_device_token("LIFT-2")
    assert a != b and len(a) == 64 and demo_vendor_key("heiman") != demo_device_token("heiman")
    settings.SECRET_KEY = "another-secret"
    assert demo_device_token("LIFT-1") != a


class Sink:
    name, pending, errors = "sink", 0, 0

    def __init__(self):
        self.messages = []

    def send(self, msgs):
        self.messages += msgs

    def flush(self, timeout=0):
        return True


def test_the_rate_option_rescales_every_devices_period():
    f = fleet()
    assert Runner(f, Sink(), speed=1).natural_rate() == pytest.approx(sum(1 / d.period for d in f.devices))
    r = Runner(f, Sink(), speed=10, rate=100)
    assert r.natural_rate() / r.scale() == pytest.approx(100)


def test_a_short_run_says_online_then_reports_then_offline(monkeypatch):
    f = fleet(per_type=1)
    sink = Sink()
    r = Runner(f, sink, speed=600, rate=200, duration=0.6, scenario_every=0, stats_every=10, out=lambda line: None, start=START)
    counts = r.run(scenarios=["throw"])
    first, last = sink.messages[: len(f.devices)], sink.messages[-len(f.devices) :]
    assert {m.payload["status"] for m in first} == {"online"} and {m.payload["status"] for m in last} == {"offline"}
    assert counts["telemetry"] >= 40 and counts["scenarios"] == 1
    assert any(m.payload.get("event") == "throw" for m in sink.messages)
    telemetry_ts = [m.payload["ts"] for m in sink.messages if m.channel == "telemetry"]
    assert max(telemetry_ts) <= (START + 1) * 1000  # stamped with the wall clock, not the sped-up one
