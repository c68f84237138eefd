"""Makers shared by the station and 睦邻点 tests, and the scope matrix's objects (tests/test_scope_matrix.py
MORE_WORLD): inside D1, in D2, and in the other subdistrict. No tests here."""

import datetime

from django.utils import timezone

from doorstep.models import Place, PlaceKind, PointState
from doorstep.services.duty import duty_shift_create, local_midnight
from doorstep.services.points import point_approve, point_propose
from doorstep.services.reception import reception_record
from org.models import Unit

WEEKDAYS_9_TO_5 = {str(d): [["09:00", "17:00"]] for d in range(5)}


def make_place(unit, kind=PlaceKind.STATION, name=None, **kw) -> Place:
    kw.setdefault("opening_hours", WEEKDAYS_9_TO_5)
    kw.setdefault("lat", "31.025000")
    kw.setdefault("lng", "121.225000")
    return Place.objects.create(kind=kind, name=name or f"{unit.name}好邻居服务站", unit=unit, unit_path=unit.path, address=f"{unit.name}1号", **kw)


def make_point(unit, by=None, state=PointState.ACTIVE, founded_on=None, name=None, **kw):
    """A point proposed (and approved unless `state` is proposed), founded long ago by default."""
    kw.setdefault("host_name", "王阿姨")
    kw.setdefault("address", f"{unit.name}3号楼101")
    kw.setdefault("theme", "手工")
    kw.setdefault("lat", "31.026000")
    kw.setdefault("lng", "121.226000")
    point = point_propose(by=by, name=name or f"{unit.name}睦邻点", unit=unit, **kw)
    if state != PointState.PROPOSED:
        point = point_approve(point=point, by=by)
        point.founded_on = founded_on or datetime.date(2020, 1, 1)
        point.save(update_fields=["founded_on"])
    return point


def make_shift(place, user, day=None, start="09:00", end="12:00", **kw):
    day = day or timezone.localdate()
    h1, m1 = (int(x) for x in start.split(":"))
    h2, m2 = (int(x) for x in end.split(":"))
    base = local_midnight(day)
    return duty_shift_create(
        place=place, user=user, start=base + datetime.timedelta(hours=h1, minutes=m1), end=base + datetime.timedelta(hours=h2, minutes=m2), **kw
    )


def _units(tree):
    return tree.D1, tree.D2, Unit.objects.get(code="OD1")


def scope_points(tree, world) -> tuple:
    return tuple(make_point(unit) for unit in _units(tree))


def scope_duty_shifts(tree, world) -> tuple:
    from core.testing import make_user

    out = []
    for i, unit in enumerate(_units(tree)):
        place = make_place(unit)
        out.append(make_shift(place, make_user(f"duty-world-{i}")))
    return tuple(out)


def scope_receptions(tree, world) -> tuple:
    from core.testing import make_user

    desk = make_user("desk-world")
    out = []
    for unit in _units(tree):
        place = Place.objects.filter(unit=unit).first() or make_place(unit)
        out.append(reception_record(place=place, by=desk, topic="咨询", visitor_name="赵先生", visitor_phone="13911112222"))
    return tuple(out)
