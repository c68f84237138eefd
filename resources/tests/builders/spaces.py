"""Shared spaces, organisations and projects on the shared test tree, for the spaces and organisations
tests (imported by them; no tests here), the scope matrix (scope_*) and the query-count guards (grow_*).

白云居民区 (D1) has 松江公益科技有限公司 (an enterprise, attached at D1) and 区税务局 (a co-building unit,
attached at D1) offering 税务局二楼会议室 (会议培训, 30 people, weekday afternoons, 1-hour slots).
Everything is written through the services, so slots and catalogue rows exist as in production."""

import itertools

from core.validators import credit_code_check_char
from resources.services.orgs import organisation_create, project_create
from resources.services.spaces import space_create
from resources.tests.builders import D1_AT, D2_AT, WEEKDAY_AFTERNOONS, types

EVERY_DAY = {str(d): [["09:00", "12:00"], ["14:00", "17:00"]] for d in range(7)}
LETTER_CODE = "Y1310117MA1G00001M"  # valid, letters in positions 1-2 (DOMAIN-RULES §6)
_seq = itertools.count(1)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code, different for each n."""
    n = next(_seq) if n is None else n
    first17 = f"91310117{n:09d}"
    return first17 + credit_code_check_char(first17)


def org(unit, name="松江公益科技有限公司", kind="enterprise", code=None, **kw):
    return organisation_create(kind=kind, name=name, unit=unit, credit_code=credit_code() if code is None else code, **kw)


def space(unit, name="税务局二楼会议室", space_types=("meeting",), capacity=30, organisation=None, hours=None, **kw):
    kw.setdefault("lat", D1_AT[0])
    kw.setdefault("lng", D1_AT[1])
    return space_create(
        unit=unit, name=name, capacity=capacity, types=types(*space_types), organisation=organisation,
        opening_hours=WEEKDAY_AFTERNOONS if hours is None else hours, **kw,
    )  # fmt: skip


def project(organisation, name="银龄健康讲座", project_types=("elderly",), **kw):
    return project_create(organisation=organisation, name=name, types=types(*project_types), **kw)


def _far_district():
    from org.models import Unit

    return Unit.objects.get(code="OD1")


# --- the scope matrix (tests/test_scope_matrix.py): (inside D1, in D2, in another subdistrict) -------


def scope_organisations(tree, world):
    return (
        org(tree.D1, name="白云共建单位", kind="co_building"),
        org(tree.D2, name="蓝天公益企业", lat=D2_AT[0], lng=D2_AT[1]),
        org(_far_district(), name="远方公益企业"),
    )


def scope_shared_spaces(tree, world):
    inside, d2, far = world["organisation"]
    return (
        space(tree.D1, name="白云会议室", organisation=inside),
        space(tree.D2, name="蓝天活动室", organisation=d2, lat=D2_AT[0], lng=D2_AT[1]),
        space(_far_district(), name="远方活动室", organisation=far),
    )


def scope_charity_projects(tree, world):
    return tuple(project(o, name=f"{o.name}的讲座") for o in world["organisation"])


# --- the query-count guards --------------------------------------------------------------------------


def grow_spaces(tree, n, start=0):
    """n more organisations, each with a space (types, equipment, slots) and a project, in D1 and D2."""
    for i in range(start, start + n):
        unit, at = (tree.D1, D1_AT) if i % 2 else (tree.D2, D2_AT)
        o = org(unit, name=f"共建单位{i}", kind="co_building" if i % 3 else "enterprise", lat=at[0], lng=at[1], districts=[tree.D1, tree.D2])
        space(
            unit, name=f"活动室{i}", space_types=("meeting", "culture"), organisation=o if i % 4 else None, equipment=["投影仪", "音响"], lat=at[0], lng=at[1]
        )
        project(o, name=f"项目{i}", project_types=("elderly", "youth"), districts=[unit])
