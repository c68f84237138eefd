"""Who is told of each step of a case, and what: handlers, supervisors, followers; never the one who acted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accounts.services import role_assign
from cases import services as svc
from cases.models import Case, HandlerKind
from cases.tests.conftest import IN_G1
from cases.workflow import CaseState
from core.testing import make_user
from notices.models import Notice


def told(step=None):
    """{username: [titles]} of the notices sent (by the step, when given as a callable)."""
    before = set(Notice.objects.values_list("pk", flat=True))
    if step is not None:
        step()
    out = {}
    for username, title in Notice.objects.exclude(pk__in=before).order_by("id").values_list("user__username", "title"):
        out.setdefault(username, []).append(title)
    return out


def accepted(case, personas):
    return svc.case_accept(case=case, by=personas["grid_worker"])


def test_dispatch_tells_the_handlers_of_the_matching_role_and_the_reporter(reported, personas, grids):
    accepted(reported, personas)
    got = told(lambda: svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"]))
    assert set(got) == {"property_company", "resident"}  # a 楼道堆物 is the property company's; the secretary acted
    assert reported.number in got["property_company"][0]


def test_a_handler_at_a_unit_above_the_handling_unit_is_told_and_one_elsewhere_is_not(reported, personas, grids):
    elsewhere = make_user("property_d2")
    role_assign(user=elsewhere, role="property_company", unit=grids.D2)
    accepted(reported, personas)
    got = told(lambda: svc.case_dispatch(case=reported, to=grids.G1, by=personas["secretary"]))
    assert "property_company" in got and "property_d2" not in got


@pytest.mark.parametrize(
    ("kind", "handlers"),
    [
        (HandlerKind.POLICE, {"police"}),
        (HandlerKind.COMMITTEE, {"secretary", "social_worker"}),
        (HandlerKind.GRID, {"grid_worker"}),
        (HandlerKind.DEPARTMENT, {"subdistrict_admin"}),
    ],
)
def test_each_kind_of_handler_is_told_of_its_cases(reported, personas, grids, kind, handlers):
    accepted(reported, personas)
    actor = make_user("dispatcher")
    got = told(lambda: svc.case_dispatch(case=reported, to=grids.G1, by=actor, handler_kind=kind))
    assert set(got) - {"resident"} == handlers


def test_escalation_tells_the_handlers_and_who_supervises_or_dispatches_at_the_unit_above(reported, personas, grids):
    accepted(reported, personas)
    svc.case_dispatch(case=reported, to=grids.G1, by=personas["secretary"])
    case = Case.objects.get(pk=reported.pk)
    got = told(lambda: svc.case_escalate(case=case))  # G1 → D1: the secretary dispatches there
    assert set(got) == {"property_company", "secretary"}
    case.refresh_from_db()
    got = told(lambda: svc.case_escalate(case=case))  # D1 → A1: the area committee supervises there
    assert set(got) == {"property_company", "area_manager"}
    assert grids.A1.name in got["area_manager"][0]


def test_supervision_tells_the_handlers_but_not_the_reporter(reported, personas, grids):
    accepted(reported, personas)
    svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"])
    got = told(lambda: svc.case_supervise(case=reported, by=personas["subdistrict_admin"], note="请尽快处理"))
    assert set(got) == {"property_company"}


def test_a_reopened_case_goes_back_to_its_handlers(reported, personas, grids):
    accepted(reported, personas)
    svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"])
    svc.case_start(case=reported, by=personas["property_company"])
    svc.case_complete(case=reported, by=personas["property_company"])
    svc.case_verify(case=reported, by=personas["grid_worker"], passed=True)
    got = told(lambda: svc.case_reopen(case=reported, by=personas["resident"], note="又堆上了"))
    assert set(got) == {"property_company"}  # the resident reopened it: not told of their own step


def test_the_reporter_hears_of_every_change_of_state_without_staff_names(reported, personas, grids):
    staff = {u.display_name for u in personas.values()} - {personas["resident"].display_name}
    steps = [
        lambda: accepted(reported, personas),
        lambda: svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"]),
        lambda: svc.case_start(case=reported, by=personas["property_company"]),
        lambda: svc.case_complete(case=reported, by=personas["property_company"]),
        lambda: svc.case_verify(case=reported, by=personas["grid_worker"], passed=True),
    ]
    for step in steps:
        assert len(told(step).get("resident", [])) == 1
    bodies = " ".join(Notice.objects.filter(user=personas["resident"]).values_list("body", flat=True))
    assert not any(name in bodies for name in staff)
    assert told(lambda: svc.case_rate(case=reported, by=personas["resident"], rating="satisfied")) == {}


def test_reporters_of_a_merged_case_follow_the_survivor(reported, personas, grids, categories):
    neighbour = make_user("neighbour")
    dup = svc.case_report(category=categories["clutter"], description="同一处堆物", reporter=neighbour, **IN_G1)
    got = told(lambda: svc.case_merge(case=dup, into=reported, by=personas["grid_worker"]))
    assert set(got) == {"neighbour"}
    got = told(lambda: accepted(reported, personas))
    assert set(got) == {"resident", "neighbour"}


def test_notices_are_written_in_the_default_language_whatever_the_actor_uses(reported, personas, grids):
    with translation.override("en"):
        accepted(reported, personas)
    title = Notice.objects.get(user=personas["resident"]).title
    with translation.override("zh-hans"):
        label = str(CaseState.ACCEPTED.label)
    assert label in title and label != "Registered"


def test_a_step_costs_the_same_number_of_queries_for_many_recipients(reported, personas, grids, categories):
    def dispatch_queries(case):
        accepted(case, personas)
        with CaptureQueriesContext(connection) as q:
            svc.case_dispatch(case=case, to=grids.D1, by=personas["secretary"])
        return len(q)

    few = dispatch_queries(reported)
    for i in range(12):
        role_assign(user=make_user(f"pm{i}"), role="property_company", unit=grids.D1 if i % 2 else grids.S)
    other = svc.case_report(category=categories["clutter"], description="又一处", reporter=personas["resident"], **IN_G1)
    assert Notice.objects.filter(user__username__startswith="pm").count() == 0
    many = dispatch_queries(other)
    assert many == few
    assert Notice.objects.filter(user__username__startswith="pm").count() == 12


def test_a_step_taken_back_leaves_no_notice(reported, personas):
    from django.db import transaction

    with transaction.atomic():
        accepted(reported, personas)
        transaction.set_rollback(True)
    assert not Notice.objects.exists()


def test_a_supervisor_at_the_escalation_unit_is_not_taken_for_a_handler_elsewhere(reported, personas, grids):
    """A committee case of G1 handled in D2 escalates from its handling unit to A2 (issue 13 item 9): A2's
    manager supervises, D2's committee handles, and D1's secretary (where the case lies) is not told."""
    d2_secretary = make_user("d2_secretary")
    role_assign(user=d2_secretary, role="committee_secretary", unit=grids.D2)
    a2_manager = make_user("a2_manager")
    role_assign(user=a2_manager, role="area_manager", unit=grids.A2)
    accepted(reported, personas)
    svc.case_dispatch(case=reported, to=grids.D2, by=make_user("dispatcher"), handler_kind=HandlerKind.COMMITTEE)
    case = Case.objects.get(pk=reported.pk)
    got = told(lambda: svc.case_escalate(case=case))
    assert set(got) == {"d2_secretary", "a2_manager"}
    assert grids.A2.name in got["a2_manager"][0] and got["a2_manager"] != got["d2_secretary"]


def test_the_case_services_run_the_steps_after_a_case_step_and_a_timeline_row_saved_by_hand_runs_none(reported, personas):
    """Domain flow in services (DESIGN convention 10): the notices and the `cases.hooks` steps (e.g. smart's
    alarms) run because the case service calls them, not because a CaseTransition row was saved."""
    from cases import hooks
    from cases.models import CaseTransition

    seen = []
    hooks.after_case_step(seen.append)
    try:
        got = told(lambda: svc.case_reject(case=reported, by=personas["grid_worker"], reason="不属实"))
        assert [(s.action, s.to_state) for s in seen] == [("reject", CaseState.REJECTED)]
        assert "resident" in got  # the follower hears of it
        seen.clear()
        by_hand = lambda: CaseTransition.objects.create(case=reported, action="reopen", from_state=CaseState.REJECTED, to_state=CaseState.IN_PROGRESS)  # noqa: E731
        assert told(by_hand) == {} and seen == []
    finally:
        hooks.AFTER_STEP.remove(seen.append)
