"""Test data: 三重一大 matters and spendings (fixtures)."""

from decimal import Decimal

from deliberation.models import Matter, Spending
from deliberation.services.matters import matter_register, spending_request
from meetings.models import MajorMatter


def make_matter(unit, body, *, kind=MajorMatter.FUNDS, title="小区监控改造", amount="120000", by=None) -> Matter:
    return matter_register(unit=unit, kind=kind, title=title, body=body, by=by, amount=amount if kind == MajorMatter.FUNDS else None)


def make_spending(unit, *, amount="80000", purpose="小区监控改造首付款", matter=None, by=None) -> Spending:
    return spending_request(unit=unit, purpose=purpose, amount=Decimal(amount), by=by, matter=matter)


def scope_matters(tree, world) -> tuple:
    """A 大额资金使用 matter inside D1, one in D2 and one in the other subdistrict (the scope matrix), each with its
    competent body the scope matrix's council there."""
    return tuple(make_matter(d.meeting.body.unit, d.meeting.body, title=f"{d.meeting.body.unit.name}监控改造") for d in world["resolution"])


def scope_spendings(tree, world) -> tuple:
    return tuple(make_spending(m.unit, purpose=f"{m.unit.name}购买文具", amount="3000") for m in world["matter"])
