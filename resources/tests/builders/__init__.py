"""Shared builders for the resources tests, on the shared test tree (core.testing): D1 白云居民区 sits
around (31.025, 121.225), D2 蓝天居民区 about 2.2 km east at (31.025, 121.248).

They write rows directly and keep the catalogue in step (resources.catalogue.sync); tests of the
services themselves call the services."""

import datetime

from django.utils import timezone

from doorstep.models import Room, RoomKind
from resources.catalogue import sync
from resources.defaults import ensure_types
from resources.models import Need, Organisation, Project, ResourceType, SharedSpace, Talent, TalentSkill, TalentState

D1_AT = (31.025, 121.225)
D2_AT = (31.025, 121.248)
WEEKDAY_AFTERNOONS = {str(d): [["14:00", "17:00"]] for d in range(5)}
CREDIT_CODE = "91110000600037341L"  # valid (DOMAIN-RULES §6)


def types(*codes) -> list[ResourceType]:
    found = {t.code: t for t in ResourceType.objects.filter(code__in=codes)}
    if len(found) < len(set(codes)):  # a transactional test elsewhere emptied the table the migration filled
        ensure_types()
        found = {t.code: t for t in ResourceType.objects.filter(code__in=codes)}
    return [found[c] for c in codes]


def make_talent(unit, name="钱书法", skills=("shuhua",), at=D1_AT, state=TalentState.ACTIVE, **kw) -> Talent:
    t = Talent.objects.create(
        name=name, unit=unit, unit_path=unit.path, lat=at[0], lng=at[1], state=state,
        availability=kw.pop("availability", WEEKDAY_AFTERNOONS), public_consent=kw.pop("public_consent", True), **kw,
    )  # fmt: skip
    for rt in types(*skills):
        TalentSkill.objects.create(talent=t, type=rt)
    sync(t)
    return t


def make_org(unit, name="松江公益科技有限公司", kind="enterprise", credit_code=CREDIT_CODE, at=D1_AT, **kw) -> Organisation:
    return Organisation.objects.create(kind=kind, name=name, credit_code=credit_code, unit=unit, unit_path=unit.path, lat=at[0], lng=at[1], **kw)


def make_space(unit, name="税务局二楼会议室", space_types=("meeting",), capacity=30, organisation=None, at=D1_AT, **kw) -> SharedSpace:
    room = Room.objects.create(
        place=None, unit=unit, unit_path=unit.path, kind=RoomKind.SHARED, name=name, capacity=capacity,
        opening_hours=kw.pop("opening_hours", WEEKDAY_AFTERNOONS),
    )  # fmt: skip
    space = SharedSpace.objects.create(room=room, unit_path=unit.path, organisation=organisation, lat=at[0], lng=at[1], **kw)
    space.types.set(types(*space_types))
    sync(space)
    return space


def make_project(organisation, name="银龄健康讲座", project_types=("elderly",), capacity=40, deliveries=4, **kw) -> Project:
    p = Project.objects.create(organisation=organisation, unit_path=organisation.unit_path, name=name, capacity=capacity, deliveries=deliveries, **kw)
    p.types.set(types(*project_types))
    sync(p)
    return p


def make_need(unit, title="老年书法班", need_types=("shuhua",), people=20, at=D1_AT, days=30, **kw) -> Need:
    today = timezone.localdate()
    need = Need.objects.create(
        title=title, unit=unit, unit_path=unit.path, people=people, lat=at[0], lng=at[1],
        start_date=kw.pop("start_date", today), end_date=kw.pop("end_date", today + datetime.timedelta(days=days)),
        time_windows=kw.pop("time_windows", {"2": [["14:00", "16:00"]]}), **kw,
    )  # fmt: skip
    need.types.set(types(*need_types))
    return need
