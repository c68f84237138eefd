"""A year of bookings (S1.1-S1.2) for the demo: the slots the generator (`doorstep.slots`) would have made
for the past year and the next 4 weeks, and the bookings residents made, played event by event as
`doorstep.services.bookings` would: a place is taken while one is free, else the booking joins the
waitlist; a cancelled place goes to the first on the waitlist (a `promote` step); after the slot the
bookings are checked in or become no-shows (nobody reaches the no-show rule's limit). Popular sessions
(day care, the phone class, weekend gym, the family doctor) fill up and keep waitlists.

Every booking has its timeline from the `begin` record (book / waitlist) on; `Slot.booked` is the number
of its bookings that held a place (booked, checked in, no-show)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from random import Random

from django.db.models import Max
from tqdm import tqdm

from demo.services import insert_fast, reset_sequences
from doorstep.models import Access, Booking, BookingTransition, Slot
from doorstep.slots import effective_hours, opening_periods, room_chunks
from doorstep.workflow import BookingState

B = BookingState
DAYS_BACK, WEEKS_AHEAD = 365, 4
BOOKING_WINDOW = datetime.timedelta(days=21)  # people book up to three weeks ahead
NO_SHOW_AFTER = datetime.timedelta(minutes=30)
P_CANCEL, P_NO_SHOW, P_SELF_CHECK_IN = 0.08, 0.07, 0.6
# how full a service's sessions get (demand / places); above 1 some wait
POPULARITY = {"老人日托": 1.05, "智能手机课堂": 1.2, "健身房时段预约": 0.8, "家庭医生坐诊": 0.95, "律师预约咨询": 0.9, "长者书画班": 0.85}
ROOM_PURPOSES = [
    "合唱队排练", "楼组长会议", "党小组学习", "舞蹈队排练", "业委会例会", "志愿者培训", "太极拳练习", "亲子活动", "读书会",
    "老年大学兴趣班", "居民议事会", "社区团购志愿者碰头会", "书画交流", "乐器练习", "瑜伽小组",
]  # fmt: skip
BATCH = 5000
SLOT_COLUMNS = ["id", "room_id", "service_id", "unit_path", "start", "end", "capacity", "booked", "is_cancelled"]
BOOKING_COLUMNS = [
    "id",
    "slot_id",
    "user_id",
    "resident_id",
    "state",
    "party_size",
    "purpose",
    "waitlisted_at",
    "checked_in_at",
    "ical_uid",
    "created_at",
    "updated_at",
]
STEP_COLUMNS = ["booking_id", "action", "from_state", "to_state", "by_id", "at", "note"]


@dataclass
class Planned:
    """A slot to be: what `doorstep.slots` would make (kept light: a year holds tens of thousands)."""

    room: object
    service: object
    unit_path: str
    start: datetime.datetime
    end: datetime.datetime
    capacity: int
    id: int = 0

    @property
    def room_id(self):
        return self.room.pk if self.room is not None else None

    @property
    def service_id(self):
        return self.service.pk if self.service is not None else None


@dataclass
class Entry:
    account: object
    created: datetime.datetime
    cancel_at: datetime.datetime | None
    party: int = 1
    purpose: str = ""
    state: str = ""
    waitlisted_at: datetime.datetime | None = None
    checked_in_at: datetime.datetime | None = None
    steps: list = field(default_factory=list)  # (action, from, to, by, at)

    def step(self, action, to, by, at):
        self.steps.append((action, self.state, to, by, at))
        self.state = to


def planned_slots(rooms, services, start_day: datetime.date, days: int) -> list[Planned]:
    """The slots `doorstep.slots.slots_generate` makes, for the whole period (past ones too)."""
    slots, held = [], {}
    for s in services:
        if not (s.is_active and s.access == Access.BOOK):
            continue
        for a, b in opening_periods(effective_hours(s.room, s.place), start_day, days):
            slots.append(Planned(None, s, s.unit_path, a, b, s.capacity))
            if s.room_id:
                held.setdefault(s.room_id, []).append((a, b))
    for room in rooms:
        if not (room.bookable and room.is_active):
            continue
        busy = held.get(room.pk, [])
        for a, b in room_chunks(room, effective_hours(room, room.place), start_day, days):
            if not any(a < e and s < b for s, e in busy):
                slots.append(Planned(room, None, room.unit_path, a, b, 1))
    return slots


class Booker:
    def __init__(self, world, rng: Random, now):
        self.w, self.rng, self.now = world, rng, now
        self.no_shows: dict[int, list[datetime.datetime]] = {}
        self.staff = {d: world.secretary.get(d) or world.admin for d in world.by_district}
        self.centre_staff = world.admin
        self.organisers = {d: rng.sample(accs, min(6, len(accs))) for d, accs in world.by_district.items()}
        self.centre_organisers = [o for accs in self.organisers.values() for o in accs[:2]]
        self.resident_user = next((a for a in world.accounts if a.name == "张三丰"), None)
        self.pools = {}

    # -- who books ----------------------------------------------------------------------------------

    def candidates(self, slot: Planned) -> list:
        if slot.service_id:
            return self.eligible(slot.service, slot.start.date())
        district = slot.room.place.unit_id if slot.room.place.kind == "station" else None
        return self.organisers.get(district) if district else self.centre_organisers

    def eligible(self, service, day: datetime.date) -> list:
        """The accounts `doorstep.eligibility` lets use the service on that day: the place's residents
        for a residents-only service, and the ages by birth date (aged N on the day: born on or before
        the day N years earlier)."""
        pool = self.pools.get(service.pk)
        if pool is None:
            rules = service.eligibility or {}
            pool = self.w.accounts if not rules.get("residents_of_unit") else [a for a in self.w.accounts if a.path.startswith(service.unit_path)]
            pool = self.pools[service.pk] = sorted(pool, key=lambda a: a.birth)
        rules = service.eligibility or {}
        if rules.get("min_age") is not None:
            born_by = years_before(day, int(rules["min_age"]))
            pool = [a for a in pool if a.birth <= born_by]
        if rules.get("max_age") is not None:
            born_after = years_before(day, int(rules["max_age"]) + 1)
            pool = [a for a in pool if a.birth > born_after]
        return pool

    def demand(self, slot: Planned) -> int:
        rng, start = self.rng, slot.start
        evening, weekend = start.hour >= 18, start.weekday() >= 5
        if slot.service_id:
            base = POPULARITY.get(slot.service.name, rng.uniform(0.35, 0.75))
            if slot.service.name == "健身房时段预约" and weekend:
                base = 1.15
            return max(0, round(slot.capacity * base * rng.uniform(0.75, 1.2)))
        p = 0.26 if evening or weekend else 0.12
        n = 1 if rng.random() < p else 0
        return n + (1 if n and (evening or weekend) and rng.random() < 0.12 else 0)

    # -- one slot -----------------------------------------------------------------------------------

    def play(self, slot: Planned) -> list[Entry]:
        rng, now = self.rng, self.now
        opens = slot.start - BOOKING_WINDOW
        latest = min(slot.start - datetime.timedelta(minutes=30), now)
        if latest <= opens:
            return []
        share = min(1.0, (latest - opens) / (slot.start - datetime.timedelta(minutes=30) - opens))
        wanted = round(self.demand(slot) * share)
        if wanted <= 0:
            return []
        people = self.candidates(slot) or []
        n = min(len(people), wanted)
        if n <= 0:
            return []
        chosen = rng.sample(people, n)
        if self.resident_user and slot.service_id and self.resident_user in people and self.resident_user not in chosen and rng.random() < 0.08:
            chosen[-1] = self.resident_user  # the demo resident books now and then
        entries = []
        for a in chosen:
            created = opens + (latest - opens) * rng.random() ** 0.7
            cancel = None
            if rng.random() < P_CANCEL:
                cancel = created + (latest - created) * rng.uniform(0.1, 0.95)
            party = rng.randint(6, min(30, slot.room.capacity)) if slot.room_id else 1
            purpose = rng.choice(ROOM_PURPOSES) if slot.room_id else ""
            entries.append(Entry(a, created, cancel, party, purpose))
        self.timeline(slot, entries)
        return entries

    def timeline(self, slot: Planned, entries: list[Entry]) -> None:
        """Creations and cancellations in time order, then check-ins and no-shows after the slot."""
        events = sorted([(e.created, 0, i) for i, e in enumerate(entries)] + [(e.cancel_at, 1, i) for i, e in enumerate(entries) if e.cancel_at])
        held = 0
        for at, kind, i in events:
            e = entries[i]
            if kind == 0:
                if held < slot.capacity:
                    e.step("book", B.BOOKED, e.account.user_id, at)
                    held += 1
                else:
                    e.waitlisted_at = at
                    e.step("waitlist", B.WAITLISTED, e.account.user_id, at)
                continue
            if e.state not in (B.BOOKED, B.WAITLISTED):
                continue
            freed = e.state == B.BOOKED
            e.step("cancel", B.CANCELLED, e.account.user_id, at)
            if freed:
                held -= 1
                waiting = sorted((x for x in entries if x.state == B.WAITLISTED), key=lambda x: x.waitlisted_at)
                if waiting:
                    waiting[0].step("promote", B.BOOKED, None, at + datetime.timedelta(seconds=1))
                    held += 1
        now, rng = self.now, self.rng
        ended = slot.end + NO_SHOW_AFTER <= now
        started = slot.start - datetime.timedelta(minutes=30) <= now
        staff = self.staff.get(slot.room.place.unit_id if slot.room_id else slot.service.place.unit_id, self.centre_staff)
        for e in entries:
            if e.state != B.BOOKED or not started:
                continue
            if ended and rng.random() < P_NO_SHOW and self.may_no_show(e.account.user_id, slot.end):
                e.step("no_show", B.NO_SHOW, None, slot.end + NO_SHOW_AFTER)
                self.no_shows.setdefault(e.account.user_id, []).append(slot.end)
                continue
            if ended or rng.random() < 0.7:
                at = slot.start + datetime.timedelta(minutes=rng.uniform(-25, 20))
                if at > now:
                    continue
                by = e.account.user_id if rng.random() < P_SELF_CHECK_IN else staff
                e.checked_in_at = at
                e.step("check_in", B.CHECKED_IN, by, at)

    def may_no_show(self, user_id: int, end: datetime.datetime) -> bool:
        """Keep everyone below the no-show rule (3 in 90 days)."""
        recent = [t for t in self.no_shows.get(user_id, []) if end - t <= datetime.timedelta(days=90)]
        return len(recent) < 2


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def load(world, centre, stations, rooms, services, *, days_back: int = DAYS_BACK, progress: bool = True) -> Counter:
    rng, now = world.rng("bookings"), world.now
    start_day = world.today - datetime.timedelta(days=days_back)
    days = days_back + WEEKS_AHEAD * 7
    places = {centre.pk: centre, **{s.pk: s for s in stations}}
    units = {world.subdistrict.pk: world.subdistrict, **{d.pk: d for d in world.districts}}
    for p in places.values():
        p.unit = units[p.unit_id]
    for r in rooms:
        r.place = places[r.place_id]
    for s in services:
        s.place = places[s.place_id]
        s.room = next((r for r in rooms if r.pk == s.room_id), None) if s.room_id else None
    slots = sorted(planned_slots(rooms, services, start_day, days), key=lambda s: (s.start, s.room_id or 0, s.service_id or 0))
    first_slot = (Slot.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    first_booking = (Booking.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    booker = Booker(world, rng, now)
    slot_rows, booking_rows, step_rows, states = [], [], [], Counter()
    bid = first_booking
    for k, slot in enumerate(tqdm(slots, desc="demo bookings", unit="slot", disable=not progress, mininterval=1)):
        slot.id = first_slot + k
        entries = booker.play(slot)
        booked = 0
        for e in entries:
            states[e.state] += 1
            booked += e.state in (B.BOOKED, B.CHECKED_IN, B.NO_SHOW)
            last = e.steps[-1][4]
            booking_rows.append((bid, slot.id, e.account.user_id, e.account.resident_id, e.state, e.party, e.purpose, e.waitlisted_at, e.checked_in_at,
                                 f"{rng.getrandbits(128):032x}@jiayuan", e.created, last))  # fmt: skip
            step_rows += [(bid, action, frm, to, by, at, "") for action, frm, to, by, at in e.steps]
            bid += 1
        slot_rows.append((slot.id, slot.room_id, slot.service_id, slot.unit_path, slot.start, slot.end, slot.capacity, booked, False))
    for rows, model, columns in ((slot_rows, Slot, SLOT_COLUMNS), (booking_rows, Booking, BOOKING_COLUMNS), (step_rows, BookingTransition, STEP_COLUMNS)):
        insert_fast(model, columns, rows, BATCH)
    reset_sequences(Slot, Booking)
    return Counter({"slots": len(slot_rows), "bookings": len(booking_rows), "booking steps": len(step_rows), **{f"bookings {k}": v for k, v in states.items()}})
