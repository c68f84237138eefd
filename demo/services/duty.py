"""Duty and reception for the demo (S1.2): each station's roster for the past 8 and the next 4 weeks
(two people on weekday hours, one on the weekday evening 错时 duty, one on Saturday and Sunday), drawn
from the 居民区's secretary, social workers and grid workers, with nobody on two overlapping shifts; and a
few hundred reception records (接待群众), each received by someone on duty at the time: residents on
record or walk-in visitors (phones encrypted and masked), what was done, and follow-ups."""

import datetime
from collections import Counter

from django.utils import timezone

from core.protect import encrypt, mask_mobile
from demo.identity import mobile
from demo.names import name_pools
from demo.services import data as D
from doorstep.models import DutyKind, DutyShift, ReceptionLog
from people.models import Resident

WEEKS_BACK, WEEKS_AHEAD = 8, 4
# weekday -> [(kind, start, end, people)]
PATTERN = {
    **{d: [(DutyKind.REGULAR, "08:30", "17:30", 2), (DutyKind.EVENING, "18:00", "21:00", 1)] for d in range(5)},
    5: [(DutyKind.WEEKEND, "09:00", "16:30", 1)],
    6: [(DutyKind.WEEKEND, "09:00", "12:00", 1)],
}
RECEPTIONS_PER_STATION_WEEK = 1.8


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, h, m))


def roster(world, stations) -> list[DutyShift]:
    rng = world.rng("duty")
    monday = world.today - datetime.timedelta(days=world.today.weekday())
    first = monday - datetime.timedelta(weeks=WEEKS_BACK)
    days = (WEEKS_BACK + WEEKS_AHEAD) * 7
    shifts = []
    for station in stations:
        people = world.duty_people.get(station.unit_id) or ([world.admin] if world.admin else [])
        if not people:
            continue
        turn = rng.randrange(len(people))
        for k in range(days):
            day = first + datetime.timedelta(days=k)
            busy = set()
            for kind, a, b, n in PATTERN[day.weekday()]:
                for _ in range(min(n, len(people))):
                    user = people[turn % len(people)]
                    turn += 1
                    if (user, kind) in busy:
                        continue
                    busy.add((user, kind))
                    note = "错时值班：晚间接待" if kind == DutyKind.EVENING else "周末值班" if kind == DutyKind.WEEKEND else ""
                    shifts.append(DutyShift(place=station, unit_path=station.unit_path, user_id=user, kind=kind, start=_at(day, a), end=_at(day, b), note=note))
    return DutyShift.objects.bulk_create(shifts, batch_size=2000)


def receptions(world, stations, shifts) -> list[ReceptionLog]:
    rng, now, pools = world.rng("reception"), world.now, name_pools(world.seed)
    past = [s for s in shifts if s.end <= now]
    by_place = {}
    for s in past:
        by_place.setdefault(s.place_id, []).append(s)
    residents = {}
    for station in stations:
        residents[station.pk] = list(Resident.objects.filter(unit_path__startswith=station.unit_path).order_by("id").values_list("id", "name")[:400])
    rows = []
    for station in stations:
        mine = by_place.get(station.pk, [])
        n = round(RECEPTIONS_PER_STATION_WEEK * WEEKS_BACK * rng.uniform(0.7, 1.3))
        for _ in range(min(n, len(mine))):
            shift = rng.choice(mine)
            at = shift.start + (shift.end - shift.start) * rng.uniform(0.05, 0.9)
            topic, action, follow = rng.choice(D.RECEPTION_TOPICS)
            on_record = rng.random() < 0.6 and residents[station.pk]
            if on_record:
                rid, name = rng.choice(residents[station.pk])
                phone = ""
            else:
                rid, name, phone = None, pools.person(rng, rng.random() < 0.5), mobile(rng) if rng.random() < 0.7 else ""
            due = (at + datetime.timedelta(days=rng.randint(3, 10))).date() if follow else None
            rows.append(ReceptionLog(
                place=station, unit_path=station.unit_path, received_by_id=shift.user_id, at=at, resident_id=rid, visitor_name=name,
                visitor_phone_enc=encrypt(phone), visitor_phone_masked=mask_mobile(phone) if phone else "", topic=topic, action_taken=action,
                follow_up=follow, follow_up_due=due, follow_up_done=bool(follow) and due is not None and due < world.today and rng.random() < 0.85,
            ))  # fmt: skip
    from demo.cases import own_timestamps

    for r in rows:
        r.created_at = r.updated_at = r.at
    with own_timestamps(ReceptionLog):
        return ReceptionLog.objects.bulk_create(rows, batch_size=2000)


def load(world, stations) -> Counter:
    shifts = roster(world, stations)
    logs = receptions(world, stations, shifts)
    kinds = Counter(s.kind for s in shifts)
    return Counter(
        {"duty shifts": len(shifts), "evening shifts": kinds[DutyKind.EVENING], "weekend shifts": kinds[DutyKind.WEEKEND], "reception records": len(logs)}
    )
