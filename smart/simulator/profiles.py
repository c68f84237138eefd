"""What each kind of device sends: telemetry following the day's rhythm, and faults now and then.

A profile turns (device, simulated time, seconds since its last report) into measurements and maybe a
few events. Randomness comes from the device's own seeded `Random`, so a run is reproducible for the
same seed, start time and schedule. Rates of random events are per device per simulated day, turned
into a chance per report from the report interval (so `--speed` and `--rate` keep them per day).
Values are clamped to the device type's min/max and only the type's keys and event codes are sent.
"""

import math
from random import Random

from smart.simulator import rhythms as R


def poisson(rng: Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Profile:
    period = 60  # seconds of simulated time between telemetry reports
    faults: dict[str, float] = {}  # event code → expected occurrences per device per day

    def setup(self, dev) -> None:
        """Per-device constants (drawn from the device's rng, once)."""

    def rates(self, dev) -> dict[str, float]:
        return self.faults

    def values(self, dev, t: float, h: float, interval: float) -> dict:
        raise NotImplementedError

    def fault(self, dev, code: str, t: float, h: float) -> dict:
        """The event's data, and any state the fault leaves (a stopped lift, a pressure drop)."""
        return {}

    def extra_events(self, dev, t: float, h: float, interval: float, values: dict) -> list[tuple[str, dict]]:
        """Events that come with the readings (a plate read at a gate)."""
        return []


class Elevator(Profile):
    period = 30
    faults = {"fault": 1 / 90, "door_fault": 1 / 120, "alarm_button": 1 / 60, "overspeed": 1 / 365}
    CODES = (11, 23, 35, 47, 104, 210)  # vendor fault codes (0: none)

    def setup(self, dev):
        dev.state.setdefault("floors", dev.rng.randint(8, 18))
        dev.state["floor"] = 1

    def values(self, dev, t, h, interval):
        s, rng = dev.state, dev.rng
        top = s["floors"]
        if s.get("trapped_until", 0) > t:  # stuck between floors with the doors shut
            return {"running": 0, "floor": s["trapped_floor"], "door_open": 0, "speed": 0, "people": s["trapped_people"], "fault_code": 0}
        if s.get("fault_until", 0) > t:
            return {"running": 0, "floor": s["floor"], "door_open": 0, "speed": 0, "people": 0, "fault_code": s["fault_code"]}
        busy = R.lift_traffic(h)
        running = rng.random() < busy
        if running:
            s["floor"] = rng.randint(1, top) if rng.random() < 0.5 else (1 if s["floor"] != 1 else rng.randint(2, top))
            return {"running": 1, "floor": s["floor"], "door_open": 0, "speed": round(rng.uniform(1.0, 1.75), 2),
                    "people": min(13, max(1, poisson(rng, 1 + 5 * busy))), "fault_code": 0}  # fmt: skip
        door = int(rng.random() < 0.15 + 0.4 * busy)
        return {"running": 0, "floor": s["floor"], "door_open": door, "speed": 0, "people": poisson(rng, 2 * busy) if door else 0, "fault_code": 0}

    def fault(self, dev, code, t, h):
        s, rng = dev.state, dev.rng
        if code == "fault":
            s["fault_code"] = rng.choice(self.CODES)
            s["fault_until"] = t + rng.uniform(300, 1800)
            return {"fault_code": s["fault_code"], "floor": s["floor"]}
        if code == "overspeed":
            return {"speed": round(rng.uniform(2.0, 2.6), 2), "floor": s["floor"]}
        return {"floor": s["floor"]}

    def trap(self, dev, t) -> dict:
        """A passenger trapped: the lift stops between floors for 15-40 minutes."""
        s, rng = dev.state, dev.rng
        s["trapped_floor"] = rng.randint(2, s["floors"])
        s["trapped_people"] = rng.randint(1, 4)
        s["trapped_until"] = t + rng.uniform(900, 2400)
        return {"floor": s["trapped_floor"], "people": s["trapped_people"]}


class Fire(Profile):
    period = 60
    faults = {"fault": 1 / 60, "door_blocked": 1 / 10, "fire_alarm": 1 / 365}

    def setup(self, dev):
        rng = dev.rng
        dev.state.update(pressure=rng.uniform(0.32, 0.45), level=rng.uniform(3.6, 4.6))

    def values(self, dev, t, h, interval):
        s, rng = dev.state, dev.rng
        low = s.get("low_until", 0) > t
        pressure = rng.uniform(0.04, 0.09) if low else s["pressure"] + rng.gauss(0, 0.006)
        return {"pressure": round(pressure, 3), "level": round(s["level"] + rng.gauss(0, 0.015), 3),
                "smoke": round(abs(rng.gauss(0.015, 0.006)), 4), "fault_code": s.get("fault_code", 0) if low else 0}  # fmt: skip

    def fault(self, dev, code, t, h):
        s, rng = dev.state, dev.rng
        if code == "fault":  # a pump or valve fault: the pressure falls for a while
            s["low_until"] = t + rng.uniform(600, 2400)
            s["fault_code"] = rng.choice((201, 305, 412))
            return {"fault_code": s["fault_code"]}
        if code == "fire_alarm":
            return {"zone": f"{rng.randint(1, 18)}F", "confirmed": False}
        return {"door": rng.choice(["东侧", "西侧", "北侧"]) + "消防通道"}


BINS = ("fill_residual", "fill_kitchen", "fill_recyclable", "fill_hazardous")
# collection times (hours of the day) per bin, and how full each gets before collection at most
COLLECTIONS = {"fill_residual": (9.5, 21.0), "fill_kitchen": (9.5, 21.0), "fill_recyclable": (14.0,), "fill_hazardous": (10.0,)}
PEAK = {"fill_residual": (0.55, 0.85), "fill_kitchen": (0.6, 0.88), "fill_recyclable": (0.35, 0.7), "fill_hazardous": (0.05, 0.2)}


class Garbage(Profile):
    period = 120
    faults = {"misdelivery": 2.0, "door_open_long": 1 / 3}

    def setup(self, dev):
        rng = dev.rng
        dev.state["scale"] = {b: rng.uniform(*PEAK[b]) * 100 / R.max_disposal(COLLECTIONS[b]) for b in BINS}

    def fill(self, dev, b: str, t: float, h: float) -> float:
        s = dev.state
        value = s["scale"][b] * R.disposal_since(h, COLLECTIONS[b]) + dev.rng.gauss(0, 1.2)
        over = s.get("overflow")
        if over and over[0] == b and over[1] > t:  # overflowing until the next collection
            value = max(value, 91 + 8 * dev.rng.random())
        return round(min(100.0, max(0.0, value)), 1)

    def values(self, dev, t, h, interval):
        rng = dev.rng
        v = {b: self.fill(dev, b, t, h) for b in BINS}
        temperature = R.outdoor_temperature(h) + 2 + rng.gauss(0, 0.4)
        v["odour"] = round(min(10.0, max(0.0, 0.5 + 6 * v["fill_kitchen"] / 100 * (0.6 + temperature / 50) + rng.gauss(0, 0.3))), 1)
        v["temperature"] = round(temperature, 1)
        return v

    def fault(self, dev, code, t, h):
        if code == "misdelivery":
            return {"bin": dev.rng.choice(["kitchen", "residual", "recyclable"]), "confidence": round(dev.rng.uniform(0.7, 0.98), 2)}
        return {"door": dev.rng.choice(["kitchen", "residual"]), "minutes": dev.rng.randint(10, 40)}

    def overflow(self, dev, t, h) -> str:
        """One bin fills over 90% and stays so until its next collection."""
        b = dev.rng.choice(["fill_kitchen", "fill_residual"])
        nxt = [c for c in COLLECTIONS[b] if c > h]
        until = t + ((nxt[0] if nxt else COLLECTIONS[b][0] + 24) - h) * 3600
        dev.state["overflow"] = (b, until)
        return b


class Smoke(Profile):
    period = 300
    faults = {"smoke_alarm": 1 / 365, "tamper": 1 / 365}

    def setup(self, dev):
        dev.state["battery"] = dev.rng.uniform(15, 100)

    def battery(self, dev, interval):
        dev.state["battery"] = max(1.0, dev.state["battery"] - interval / 86400 * 0.03)
        return round(dev.state["battery"], 1)

    def values(self, dev, t, h, interval):
        rng = dev.rng
        smoke = rng.uniform(0.12, 0.5) if dev.state.get("alarm_until", 0) > t else abs(rng.gauss(0.01, 0.004))
        return {"smoke": round(smoke, 4), "battery": self.battery(dev, interval),
                "temperature": round(22 + 2.5 * math.sin((h - 10) / 24 * 2 * math.pi) + rng.gauss(0, 0.3), 1)}  # fmt: skip

    def extra_events(self, dev, t, h, interval, values):
        if values.get("battery", 100) < 20 and not dev.state.get("low_sent"):
            dev.state["low_sent"] = True
            return [("low_battery", {"battery": values["battery"]})]
        return []

    def fault(self, dev, code, t, h):
        if code != "smoke_alarm":
            return {}
        dev.state["alarm_until"] = t + dev.rng.uniform(120, 600)  # burnt cooking: smoke for a few minutes
        return {"smoke": round(dev.rng.uniform(0.15, 0.6), 3)}


class Gas(Smoke):
    faults = {"gas_alarm": 1 / 730}

    def values(self, dev, t, h, interval):
        leak = dev.state.get("alarm_until", 0) > t  # the valve shut: the gas clears within minutes
        return {"gas_lel": round(dev.rng.uniform(25, 40) if leak else abs(dev.rng.gauss(0.4, 0.25)), 2), "battery": self.battery(dev, interval)}

    def fault(self, dev, code, t, h):
        dev.state["alarm_until"] = t + dev.rng.uniform(300, 900)
        return {"gas_lel": round(dev.rng.uniform(25, 45), 1), "valve": "closed"}


class Water(Smoke):
    faults = {"water_leak": 1 / 365}

    def values(self, dev, t, h, interval):
        return {"leak": int(dev.state.get("alarm_until", 0) > t), "battery": self.battery(dev, interval)}

    def fault(self, dev, code, t, h):
        dev.state["alarm_until"] = t + dev.rng.uniform(1800, 5400)  # wet until someone comes and mops up
        return {"place": dev.rng.choice(["厨房", "卫生间"])}


PROVINCE_LETTERS = "ABCDEFGHJKLMN"


class Gate(Profile):
    period = 60
    faults = {"tailgating": 1 / 2, "barrier_fault": 1 / 20}

    def setup(self, dev):
        rng = dev.rng
        dev.state.update(size=rng.uniform(0.5, 1.5), capacity=rng.choice([120, 180, 240, 300, 400]))

    def values(self, dev, t, h, interval):
        s, rng = dev.state, dev.rng
        n_in = poisson(rng, R.gate_in(h) * s["size"] * interval / 3600)
        n_out = poisson(rng, R.gate_out(h) * s["size"] * interval / 3600)
        free = s["capacity"] * (1 - R.parked(h)) + rng.gauss(0, 2)
        return {"passages_in": n_in, "passages_out": n_out, "spaces_free": max(0, round(free))}

    def extra_events(self, dev, t, h, interval, values):
        """The last plate read of the interval (masked: a plate is personal data)."""
        rng = dev.rng
        if values["passages_in"] + values["passages_out"] == 0:
            return []
        direction = "in" if rng.random() * (values["passages_in"] + values["passages_out"]) < values["passages_in"] else "out"
        plate = f"沪{rng.choice(PROVINCE_LETTERS)}****{rng.randint(0, 9)}"
        return [("plate_read", {"plate": plate, "direction": direction, "resident": rng.random() < 0.85})]

    def fault(self, dev, code, t, h):
        return {"lane": dev.rng.choice(["入口", "出口"])}


class Camera(Profile):
    """An AI camera: a heartbeat with its frame rate; detections by its purpose (from its name)."""

    period = 60
    BY_PURPOSE = {
        "throw": {},  # 高空抛物 comes as a scenario
        "clutter": {"clutter": 1 / 2},
        "parking": {"illegal_parking": 1.0, "fire_lane_blocked": 1 / 3},
        "": {"clutter": 1 / 4, "illegal_parking": 1 / 4},
    }

    def setup(self, dev):
        dev.state["fps"] = dev.rng.choice([15, 25, 25, 30])
        name = dev.name
        dev.state["purpose"] = "throw" if "抛物" in name else "clutter" if "堆物" in name else "parking" if "停车" in name or "道口" in name else ""

    def rates(self, dev) -> dict:
        return self.BY_PURPOSE[dev.state["purpose"]]

    def values(self, dev, t, h, interval):
        return {"fps": round(dev.state["fps"] + dev.rng.gauss(0, 0.3), 1)}

    def fault(self, dev, code, t, h):
        return {"confidence": round(dev.rng.uniform(0.75, 0.97), 2), "objects": dev.rng.randint(1, 3)}


class Generic(Profile):
    """A device type added later by staff: each measurement wanders around the middle of its range."""

    def values(self, dev, t, h, interval):
        out = {}
        for key, (lo, hi) in dev.bounds.items():
            lo = 0.0 if lo is None else lo
            hi = lo + 100.0 if hi is None else hi
            out[key] = round(lo + (hi - lo) * min(1.0, max(0.0, dev.rng.gauss(0.5, 0.1))), 3)
        return out


PROFILES: dict[str, Profile] = {
    "elevator": Elevator(), "fire": Fire(), "garbage": Garbage(), "smoke": Smoke(), "gas": Gas(), "water": Water(),
    "gate": Gate(), "camera": Camera(),
}  # fmt: skip
GENERIC = Generic()


def profile_for(type_code: str, kind: str = "") -> Profile:
    return PROFILES.get(type_code) or PROFILES.get(kind) or GENERIC
