"""The demo cases: a consistent closed loop on the working-day calendar, pins in their grids, every
source, mostly on time, the same every time, and loaded once."""

import datetime
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from cases.calendar import WorkingCalendar
from cases.models import Case, CaseTransition
from cases.workflow import CASE_WORKFLOW, CaseState
from core.testing import built_once
from demo import cases as demo_cases
from demo.geo import contains
from demo.specs import ZHONGSHAN

SMALL = {"districts": 2, "households": 120, "verbosity": 0}
NOW = datetime.datetime(2026, 6, 3, 10, 0)  # a Wednesday
OFFICE_STEPS = {"accept", "reject", "merge", "dispatch", "start", "complete", "verify_pass", "verify_fail", "supervise"}
MACHINE_STEPS = {"escalate", "repeat"}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo with its cases, loaded once for the module; devices, services and resources have their own tests."""
    with built_once(django_db_blocker), pytest.MonkeyPatch.context() as mp:
        for name in ("load_demo_smart", "load_demo_services", "load_demo_resources"):
            mp.setattr(f"demo.management.commands.load_demo.{name}", lambda *a, **k: {"skipped": True})
        call_command("load_demo", **SMALL)
        yield


@pytest.fixture
def demo(loaded, db):
    return None


def load(**kw):
    return demo_cases.load_demo_cases(ZHONGSHAN, now=timezone.make_aware(NOW), progress=False, **kw)


def timelines():
    steps = defaultdict(list)
    for t in CaseTransition.objects.order_by("case_id", "at", "id"):
        steps[t.case_id].append(t)
    return steps


def test_load_demo_adds_cases_whose_timelines_replay_through_the_workflow_to_their_state(demo):
    cases, steps = {c.pk: c for c in Case.objects.all()}, timelines()
    assert len(cases) > 50 and set(steps) == set(cases)
    for pk, case in cases.items():
        first, *rest = steps[pk]
        assert (first.action, first.from_state, first.to_state, first.at) == ("report", "", CaseState.REPORTED, case.created_at)
        state, at = first.to_state, first.at
        for t in rest:
            assert t.from_state == state and t.at >= at, (case.number, t)
            assert CASE_WORKFLOW.find(t.from_state, t.to_state, t.action) is not None, (case.number, t.action, t.from_state, t.to_state)
            assert (t.by_id is None) == (t.action in MACHINE_STEPS), (case.number, t.action)
            assert t.note
            state, at = t.to_state, t.at
        assert state == case.state, case.number
        assert case.number == f"{timezone.localtime(case.created_at):%Y%m%d}{case.pk:07d}"


def test_the_fields_agree_with_the_timeline(demo):
    steps = timelines()
    for case in Case.objects.all():
        actions = [t.action for t in steps[case.pk]]
        assert (case.accepted_at is not None) == ("accept" in actions)
        assert case.reopen_count == actions.count("reopen") and case.supervision_count == actions.count("supervise")
        assert (case.escalated_to_id is not None) == ("escalate" in actions)
        if case.state in (CaseState.CLOSED, CaseState.REJECTED, CaseState.MERGED):
            assert case.closed_at is not None and case.closed_at >= case.created_at
        if case.state == CaseState.MERGED:
            assert case.merged_into.category_id == case.category_id and case.merged_into.created_at < case.created_at
        if case.rating:
            assert case.state == CaseState.CLOSED and actions[-1] in ("rate", "escalate", "repeat")


def test_pins_lie_inside_their_grid(demo):
    for case in Case.objects.select_related("grid"):
        assert case.unit_id == case.grid_id and case.unit_path == case.grid.path
        assert contains(case.grid.boundary, float(case.lng), float(case.lat)), case.number


def test_office_steps_fall_on_working_days(demo):
    first = Case.objects.order_by("created_at").first().created_at
    calendar = WorkingCalendar.from_db(first.date() - datetime.timedelta(days=1), timezone.localdate() + datetime.timedelta(days=1))
    office = CaseTransition.objects.filter(action__in=OFFICE_STEPS)
    assert office.exists()
    for t in office:
        local = timezone.localtime(t.at)
        assert calendar.is_workday(local.date()) and datetime.time(8, 30) <= local.time() < datetime.time(18, 30), (t.action, local)


def test_a_second_load_adds_nothing(demo):
    before = (Case.objects.count(), CaseTransition.objects.count(), User.objects.count())
    call_command("load_demo", **SMALL)
    assert (Case.objects.count(), CaseTransition.objects.count(), User.objects.count()) == before
