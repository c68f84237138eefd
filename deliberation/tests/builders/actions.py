"""Test data: resolutions and their actions, built directly with the models (the meetings services are built in
parallel): a council at a 居民区, a closed meeting, an adopted decision, actions. Also `bulk_actions` for the
benchmark and the query-count guards (bulk inserts)."""

import datetime

import pytest
from django.utils import timezone

from core.testing import FIXED_TODAY
from deliberation.models import Action, ActionOrigin
from deliberation.services.actions import action_create
from meetings.models import AgendaItem, Body, BodyKind, Decision, Meeting
from meetings.workflow import DecisionState, MeetingState


def make_body(unit, *, kind="council", name=None) -> Body:
    return Body.objects.create(kind=BodyKind.objects.get(code=kind), unit=unit, unit_path=unit.path, name=name or f"{unit.name}议事会")


def make_decision(body, *, text="加装电梯：3号楼先行试点", state=DecisionState.ADOPTED, is_public=True, when=None, votes=(7, 1, 1)) -> Decision:
    when = when or timezone.now() - datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        body=body, unit_path=body.unit_path, title=f"{body.name}月度例会", starts_at=when, ends_at=when + datetime.timedelta(hours=2), state=MeetingState.CLOSED
    )
    item = AgendaItem.objects.create(meeting=meeting, unit_path=body.unit_path, title=text[:60])
    return Decision.objects.create(
        item=item, meeting=meeting, unit_path=body.unit_path, text=text, state=state, present=sum(votes), seats=9,
        votes_for=votes[0], votes_against=votes[1], votes_abstain=votes[2], decided_at=when, is_public=is_public,
    )  # fmt: skip


def make_action(
    decision=None, *, unit=None, title="落实加装电梯意见征询", days=10, responsible_unit=None, responsible_user=None, weight=1, is_public=True, by=None
):
    unit = unit or decision.meeting.body.unit
    return action_create(
        unit=unit, title=title, deadline=FIXED_TODAY + datetime.timedelta(days=days), by=by, decision=decision,
        responsible_unit=responsible_unit if responsible_unit or responsible_user else unit, responsible_user=responsible_user,
        weight=weight, is_public=is_public, origin=ActionOrigin.DECISION if decision else ActionOrigin.OTHER,
    )  # fmt: skip


def bulk_actions(decisions, per_decision: int, *, today=FIXED_TODAY) -> int:
    """`per_decision` actions on each decision, in bulk (no timeline rows): a mix of states, progress and deadlines."""
    rows = []
    states = ("open", "in_progress", "in_progress", "done", "cancelled")
    for d in decisions:
        unit_id, path = d.meeting.body.unit_id, d.unit_path
        for i in range(per_decision):
            state = states[i % len(states)]
            rows.append(
                Action(
                    decision=d,
                    unit_id=unit_id,
                    unit_path=path,
                    title=f"落实事项{i}",
                    responsible_unit_id=unit_id,
                    responsible_name="居委会",
                    deadline=today + datetime.timedelta(days=(i % 40) - 20),
                    weight=1 + i % 3,
                    progress=(i * 17) % 101 if state != "done" else 100,
                    state=state,
                )  # fmt: skip
            )
    Action.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


@pytest.fixture
def council(tree):
    return make_body(tree.D1)


@pytest.fixture
def decision(council):
    return make_decision(council)


def _three_districts(tree):
    from org.models import Unit

    return tree.D1, tree.D2, Unit.objects.get(code="OD1")


def scope_resolutions(tree, world) -> tuple:
    """An adopted decision of a council inside D1, one in D2 and one in the other subdistrict's D1 (the scope matrix)."""
    return tuple(make_decision(make_body(unit), text=f"{unit.name}决议") for unit in _three_districts(tree))


def scope_actions(tree, world) -> tuple:
    """An action on each of the scope matrix's decisions, its unit the responsible one."""
    return tuple(make_action(d, title=f"{d.text}落实") for d in world["resolution"])


def grow_deliberation(tree, n: int, start: int = 0) -> None:
    """`n` more adopted decisions of D1's and G1's bodies, each with three actions (one done, one escalated), a
    decided 三重一大 matter and a spending: for the query-count guards."""
    from deliberation.services.actions import action_finish
    from deliberation.services.matters import matter_decide
    from deliberation.tests.builders.matters import make_matter, make_spending

    body = Body.objects.filter(unit=tree.D1, kind__code="council").first() or make_body(tree.D1)
    for i in range(start, start + n):
        d = make_decision(body, text=f"决议{i}")
        make_action(d, title=f"事项{i}a")
        action_finish(action=make_action(d, title=f"事项{i}b", responsible_unit=tree.G1), by=None)
        late = make_action(d, title=f"事项{i}c", days=-5)
        Action.objects.filter(pk=late.pk).update(escalated_to=tree.A1, escalated_at=timezone.now())
        matter = make_matter(tree.D1, body, title=f"事项{i}")
        matter_decide(matter=matter, decision=d, by=None)
        make_spending(tree.G1, amount="1000", purpose=f"支出{i}", matter=matter)
