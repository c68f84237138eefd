"""The demo's places (S1.1, S1.2): the 中山幸福里 centre with its ten functions as rooms, one 好邻居 station per
居民区 with the 1+5+X rooms and four committees, the commissioned operators (valid unified social credit
codes), and the service menu. Rows are written directly, as the services in `doorstep.services.places`
would write them (unit paths copied from the place, opening hours checked by `doorstep.slots`)."""

import datetime
from random import Random

from core.validators import CREDIT_CHARSET, credit_code_check_char
from demo.geo import coord
from demo.names import name_pools
from demo.services import data as D
from demo.unique import draw_index
from doorstep.models import Committee, CommitteeKind, CommitteeMember, CommitteeRole, Operator, Place, PlaceKind, Room, Service
from doorstep.models.places import ROLE_RANK
from doorstep.slots import hours_checked
from people.models import Resident

STATION_SLOT = 180  # a station's room is booked by the three-hour period


def credit_code(rng: Random, kind: str, region: str = "310117", taken: set[str] | None = None) -> str:
    """A unified social credit code: registration authority and type, region, organisation code, check character.

    With `taken`, a code not in it (added to it): the organisation code is drawn as one index into its
    finite pool and moved on to the next free one, never redrawn."""
    chars = CREDIT_CHARSET
    size = 10**2 * len(chars) ** 7

    def code(i: int) -> str:
        head, tail = divmod(i, len(chars) ** 7)
        org = f"{head:02d}"
        for _ in range(7):
            tail, c = divmod(tail, len(chars))
            org += chars[c]
        first17 = f"{kind}{region}{org}"
        return first17 + credit_code_check_char(first17)

    out = code(draw_index(rng, size, (lambda i: code(i) in taken) if taken is not None else (lambda i: False)))
    if taken is not None:
        taken.add(out)
    return out


def ensure_operators(rng: Random, today: datetime.date) -> dict[str, Operator]:
    """The centre's, the stations' and the 睦邻点 projects' operators, by name (made once)."""
    out = {}
    for name, kind, phone in [D.CENTRE_OPERATOR, *D.STATION_OPERATORS, *D.POINT_OPERATORS]:
        if name in out:
            continue
        op = Operator.objects.filter(name=name).first()
        if op is None:
            start = datetime.date(today.year - 1, 1, 1)
            op = Operator.objects.create(
                name=name, credit_code=credit_code(rng, kind), phone=phone, contract_start=start, contract_end=datetime.date(today.year + 1, 12, 31)
            )
        out[name] = op
    return out


def _room(place: Place, kind: str, name: str, floor: int, capacity: int, area: int, equipment, bookable: bool, minutes: int, own_hours, operator=None) -> Room:
    return Room(
        place=place, unit=place.unit, unit_path=place.unit_path, kind=kind, name=name, floor=floor, capacity=capacity, area_m2=area,
        equipment=list(equipment), opening_hours=hours_checked(own_hours or {}), operator=operator, bookable=bookable, slot_minutes=minutes,
        rules="请提前预约，用后恢复桌椅并关闭电源；活动结束请带走垃圾。" if bookable else "",
    )  # fmt: skip


def make_centre(subdistrict, operators) -> tuple[Place, list[Room]]:
    op = operators[D.CENTRE_OPERATOR[0]]
    centre = Place.objects.create(
        kind=PlaceKind.CENTRE, name=D.CENTRE["name"], unit=subdistrict, unit_path=subdistrict.path, address="中山街道幸福里路88号",
        lat=coord(float(subdistrict.lat or 31.03) + 0.0012), lng=coord(float(subdistrict.lng or 121.23) - 0.0015), area_m2=D.CENTRE["area_m2"],
        floors=D.CENTRE["floors"], phone=D.CENTRE["phone"], operator=op, opening_hours=hours_checked(D.CENTRE_HOURS),
        duties=D.CENTRE["duties"], personalised=D.CENTRE["personalised"],
    )  # fmt: skip
    rooms = Room.objects.bulk_create([_room(centre, *row, operator=op) for row in D.CENTRE_ROOMS])
    return centre, rooms


COMMITTEE_ROLES = {"主任": CommitteeRole.CHAIR, "副主任": CommitteeRole.VICE_CHAIR}


def make_stations(districts, operators, rng: Random, seed: int) -> tuple[list[Place], dict[int, list[Room]]]:
    """One station per 居民区 (in path order), its rooms and its four committees."""
    pools = name_pools(seed)
    stations = []
    for i, d in enumerate(districts):
        op = operators[D.STATION_OPERATORS[i % len(D.STATION_OPERATORS)][0]]
        lat, lng = float(d.lat or 31.03) + rng.uniform(-0.0008, 0.0008), float(d.lng or 121.23) + rng.uniform(-0.0008, 0.0008)
        picks = rng.sample(D.PERSONALISED, 2)
        stations.append(Place(
            kind=PlaceKind.STATION, name=f"{d.name.removesuffix('居民区')}好邻居服务站", unit=d, unit_path=d.path,
            address=f"{d.address or d.name}（居委会一楼）", lat=coord(lat), lng=coord(lng), area_m2=rng.randint(260, 480),
            floors=rng.choice([1, 1, 2]), phone=d.contact_phone or f"021-578{rng.randint(10000, 99999)}", operator=op,
            opening_hours=hours_checked(D.STATION_HOURS), duties=D.STATION_DUTIES, personalised="；".join(picks) + "。",
        ))  # fmt: skip
    stations = Place.objects.bulk_create(stations)
    rooms, committees, members = [], [], []
    for i, station in enumerate(stations):
        for kind, name, cap, area, equipment, bookable in D.STATION_CORE:
            own = D.STATION_SERVICES[0][7] if kind == "health" and has_doctor(i) else None
            rooms.append(
                _room(
                    station,
                    kind,
                    name,
                    1 if kind in ("affairs_hall", "mediation", "health") else station.floors,
                    cap,
                    area,
                    equipment,
                    bookable,
                    STATION_SLOT,
                    own,
                )
            )
        for name, cap, area, equipment, bookable in rng.sample(D.STATION_X, rng.randint(1, 3)):
            own = next((s[7] for s in D.STATION_SERVICES if s[2] == f"x:{name}"), None)  # its sessions' hours: not booked as a room
            rooms.append(_room(station, "other", name, station.floors, cap, area, equipment, bookable and own is None, STATION_SLOT, own))
        heads = list(Resident.objects.filter(unit_path__startswith=station.unit_path, relation="head").order_by("id").values_list("id", "name")[:20])
        for k, kind in enumerate(CommitteeKind):
            label, remit = D.COMMITTEES[kind.value]
            drawn = [(pools.person(rng, rng.random() < 0.45), role) for role in D.COMMITTEE_ROLES[: rng.randint(3, 5)]]  # the same draws as before
            committee = Committee(place=station, kind=kind, remit=f"{label}：{remit}")
            committees.append(committee)
            for j, (name, role) in enumerate(drawn):  # members are residents of the 居民区 (heads of household, in id order)
                rid, rname = heads[(k * 5 + j) % len(heads)] if len(heads) >= 5 else (None, name)  # distinct within a committee
                seat = COMMITTEE_ROLES.get(role, CommitteeRole.MEMBER)
                members.append(CommitteeMember(committee=committee, unit_path=station.unit_path, role=seat, rank=ROLE_RANK[seat], name=rname, resident_id=rid))
    rooms = Room.objects.bulk_create(rooms)
    Committee.objects.bulk_create(committees)
    for m in members:
        m.committee_id = m.committee.pk
    CommitteeMember.objects.bulk_create(members)
    by_place = {}
    for r in rooms:
        by_place.setdefault(r.place_id, []).append(r)
    return stations, by_place


def has_doctor(i: int) -> bool:
    """家庭医生坐诊 at two stations of three."""
    return i % 3 != 2


def make_services(
    centre: Place, centre_rooms: list[Room], stations: list[Place], station_rooms: dict[int, list[Room]], operators, rng: Random
) -> list[Service]:
    """The menu: the centre's services and, at each station, 家庭医生坐诊 (two in three) and one personalised service."""
    by_kind = {}
    for r in centre_rooms:
        by_kind.setdefault(r.kind, r)
    op = operators[D.CENTRE_OPERATOR[0]]
    rows = []
    for group, name, room_kind, access, capacity, rules, fee, provider, description in D.CENTRE_SERVICES:
        room = by_kind.get(room_kind) if room_kind else None
        if name == "智能手机课堂":
            room = next(r for r in centre_rooms if r.name == "多功能教室（二）")
        rows.append(Service(
            group=group, name=name, description=description, place=centre, room=room, unit_path=centre.unit_path, provider=None if provider else op,
            provider_name=provider, schedule=schedule_text(room.opening_hours if room and access == "book" else centre.opening_hours),
            capacity=capacity, eligibility=rules, access=access, fee=fee,
        ))  # fmt: skip
    doctor, *personal = D.STATION_SERVICES
    for i, station in enumerate(stations):
        rooms = station_rooms[station.pk]
        choices = [doctor] if has_doctor(i) else []
        fitting = [s for s in personal if s[2] is None or not s[2].startswith("x:") or any(r.name == s[2][2:] for r in rooms)]
        x_first = [s for s in fitting if s[2] and s[2].startswith("x:")]
        choices.append(x_first[0] if x_first else rng.choice(fitting))  # a room kept for a service gets it
        for name, group, room_ref, access, capacity, rules, fee, own_hours, description in choices:
            room = None
            if room_ref:
                room = next((r for r in rooms if (r.name == room_ref[2:] if room_ref.startswith("x:") else r.kind == room_ref)), None)
            rows.append(Service(
                group=group, name=name, description=description, place=station, room=room, unit_path=station.unit_path, provider=station.operator,
                schedule=schedule_text(own_hours or station.opening_hours), capacity=capacity, eligibility=rules, access=access, fee=fee,
            ))  # fmt: skip
    return Service.objects.bulk_create(rows)


DAY_NAMES = "一二三四五六日"


def schedule_text(hours: dict) -> str:
    """{"1": [["09:00", "11:30"]], "4": [...]} → "周二、周五 09:00-11:30"."""
    by_periods = {}
    for day, periods in sorted(hours.items()):
        key = ", ".join(f"{a}-{b}" for a, b in periods)
        by_periods.setdefault(key, []).append(int(day))
    parts = []
    for periods, days in by_periods.items():
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            label = f"周{DAY_NAMES[days[0]]}至周{DAY_NAMES[days[-1]]}"
        else:
            label = "、".join(f"周{DAY_NAMES[d]}" for d in days)
        parts.append(f"{label} {periods}")
    return "；".join(parts)[:200]
