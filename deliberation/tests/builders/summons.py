"""Test data: summons (fixtures). Bodies and their seats are made here straight from the kinds' seat templates (the
meetings app's own builders may make them otherwise); `summons_council` is a 1+3+N council at D1 whose 业委会 seat is held by
the `owners_committee` persona and whose 物业公司 seat by the `property_company` persona."""

import pytest
from django.utils import timezone

from cases.calendar import add_working_time
from core.workflow import begin
from deliberation.models import Summons
from meetings.models import Body, BodyKind, Membership, Seat


def ensure_body_kinds() -> None:
    """The kinds of body are data of a migration; a live-server test's flush empties them: load them again."""
    if not BodyKind.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("meetings.migrations.0002_body_kinds").load(apps, None)


def make_body(unit, kind_code: str = "council", name: str = "") -> Body:
    ensure_body_kinds()
    kind = BodyKind.objects.get(code=kind_code)
    body = Body.objects.create(
        kind=kind,
        unit=unit,
        unit_path=unit.path,
        name=name or f"{unit.name}{kind.name}",
        quorum=kind.quorum,
        majority=kind.majority,
        majority_base=kind.majority_base,
    )
    order = 0
    for t in kind.seat_templates.order_by("order", "id"):
        for i in range(t.count):
            order += 1
            name = t.name if t.count == 1 else f"{t.name}{i + 1}"
            Seat.objects.create(body=body, template=t, party=t.code, name=name, group=t.group, required=t.required, order=order)
    return body


def seat_of(body: Body, party: str) -> Seat:
    return body.seats.filter(party=party).order_by("order", "id").first()


def hold(seat: Seat, user=None, name: str = "") -> Membership:
    return Membership.objects.create(seat=seat, body=seat.body, unit_path=seat.body.unit_path, user=user, name=name or (str(user) if user else seat.name))


def make_summons(body: Body, from_party: str = "owners", to_party: str = "property", subject: str = "电梯维修不及时", now=None, **fields) -> Summons:
    now = now or timezone.now()
    summons = Summons.objects.create(
        body=body,
        unit_path=body.unit_path,
        from_seat=seat_of(body, from_party),
        to_seat=seat_of(body, to_party),
        subject=subject,
        answer_due_at=fields.pop("answer_due_at", None) or add_working_time(now, days=5),
        **fields,
    )
    begin(summons)
    return summons


@pytest.fixture
def summons_council(tree, personas):
    """The 1+3+N council of D1: 业委会 held by the owners' committee persona, 物业公司 by the property company persona,
    居委会 by a person without an account; the party (党组织) seat is empty."""
    body = make_body(tree.D1)
    hold(seat_of(body, "owners"), personas["owners_committee"], "业委会主任王伟")
    hold(seat_of(body, "property"), personas["property_company"], "物业经理李强")
    hold(seat_of(body, "committee"), None, "居委会主任陈静")
    return body


def district_of(unit):
    while unit is not None and unit.kind != "district":
        unit = unit.parent
    return unit


def scope_summonses(tree, world):
    """A summons on a council inside D1, one in D2 and one in the other subdistrict (seats held by names only, so no
    persona sees them as a party)."""
    out = []
    for district in (tree.D1, tree.D2, district_of(world["unit"][2])):
        body = make_body(district)
        hold(seat_of(body, "owners"), None, "业委会")
        hold(seat_of(body, "property"), None, "物业")
        out.append(make_summons(body))
    return tuple(out)
