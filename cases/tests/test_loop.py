"""The closed loop of a case: report → register → dispatch → handle → verify → close → rate; what
may not happen is refused with a message and changes nothing; merge, supervision and reopening."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditLog
from cases import services as svc
from cases.calendar import add_working_time
from cases.models import Case, CaseTransition, HandlerKind, Rating
from cases.tests.conftest import IN_G1
from cases.workflow import CASE_WORKFLOW, CaseState
from core.workflow import IllegalTransition, Step, Workflow

S = CaseState


def timeline(case):
    return list(CaseTransition.objects.filter(case=case).order_by("at", "id").values_list("action", "from_state", "to_state"))


def test_a_case_goes_round_the_whole_loop_and_keeps_every_step(reported, personas, grids):
    case = reported
    assert case.number and case.state == S.REPORTED and case.followers.filter(pk=personas["resident"].pk).exists()
    svc.case_accept(case=case, by=personas["grid_worker"], note="属实")
    assert case.accepted_at and case.due_at == add_working_time(case.accepted_at, days=5)
    svc.case_dispatch(case=case, to=grids.D1, by=personas["secretary"], note="请物业清理")
    assert (case.handling_unit, case.handler_kind) == (grids.D1, HandlerKind.PROPERTY)
    svc.case_start(case=case, by=personas["property_company"])
    svc.case_complete(case=case, by=personas["property_company"], note="已清理")
    svc.case_verify(case=case, by=personas["grid_worker"], passed=True, note="现场核查已清理")
    svc.case_rate(case=case, by=personas["resident"], rating=Rating.SATISFIED)

    case = Case.objects.get(pk=case.pk)
    assert case.state == S.CLOSED and case.closed_at and case.rating == Rating.SATISFIED
    assert timeline(case) == [
        ("report", "", "reported"),
        ("accept", "reported", "accepted"),
        ("dispatch", "accepted", "dispatched"),
        ("start", "dispatched", "in_progress"),
        ("complete", "in_progress", "completed"),
        ("verify_pass", "completed", "closed"),
        ("rate", "closed", "closed"),
    ]
    verify = case.transitions.get(action="verify_pass")
    assert (verify.by, verify.note) == (personas["grid_worker"], "现场核查已清理") and verify.at


def test_a_failed_check_sends_the_case_back_to_the_handler(reported, personas, grids):
    for step in (svc.case_accept, svc.case_start):
        if step is svc.case_start:
            svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"])
        step(case=reported, by=personas["grid_worker"])
    svc.case_complete(case=reported, by=personas["property_company"])
    with pytest.raises(ValidationError):
        svc.case_verify(case=reported, by=personas["resident"], passed=False, note="")
    svc.case_verify(case=reported, by=personas["resident"], passed=False, note="还有两箱没搬走")
    reported.refresh_from_db()
    assert reported.state == S.IN_PROGRESS and reported.completed_at is None


def test_an_illegal_transition_is_refused_with_a_message_and_changes_nothing(reported, personas, grids):
    before = Case.objects.filter(pk=reported.pk).values().get()
    steps_before = CaseTransition.objects.count()
    with pytest.raises(IllegalTransition) as e:
        svc.case_complete(case=reported, by=personas["property_company"])
    assert "上报" in e.value.message and "立案" in e.value.message  # in the default language, Chinese
    with pytest.raises(IllegalTransition):
        svc.case_dispatch(case=reported, to=grids.D1, by=personas["secretary"])
    with pytest.raises(IllegalTransition):
        svc.case_rate(case=reported, by=personas["resident"], rating=Rating.SATISFIED)
    assert Case.objects.filter(pk=reported.pk).values().get() == before
    assert CaseTransition.objects.count() == steps_before
    assert reported.state == S.REPORTED and reported.handling_unit is None and reported.completed_at is None


def test_a_stale_object_is_checked_against_the_stored_state(reported, personas):
    stale = Case.objects.get(pk=reported.pk)
    svc.case_reject(case=reported, by=personas["grid_worker"], reason="不属于受理范围")
    with pytest.raises(IllegalTransition):
        svc.case_accept(case=stale, by=personas["secretary"])
    assert Case.objects.get(pk=reported.pk).state == S.REJECTED


def test_not_registering_needs_a_reason(reported, personas):
    with pytest.raises(ValidationError):
        svc.case_reject(case=reported, by=personas["grid_worker"], reason="  ")
    assert Case.objects.get(pk=reported.pk).state == S.REPORTED
    svc.case_reject(case=reported, by=personas["grid_worker"], reason="私人纠纷，建议调解")
    assert reported.transitions.last().note == "私人纠纷，建议调解"


def test_a_case_is_rated_only_once(reported, personas, grids):
    close(reported, personas, grids)
    svc.case_rate(case=reported, by=personas["resident"], rating=Rating.BASIC)
    with pytest.raises(IllegalTransition, match="已评价"):
        svc.case_rate(case=reported, by=personas["resident"], rating=Rating.SATISFIED)
    assert Case.objects.get(pk=reported.pk).rating == Rating.BASIC


def test_a_merged_duplicate_closes_and_its_reporter_follows_the_survivor(reported, personas, grids, categories):
    neighbour = personas["outsider"]
    dup = svc.case_report(category=categories["clutter"], description="楼道纸箱", reporter=neighbour, **IN_G1)
    svc.case_merge(case=dup, into=reported, by=personas["grid_worker"], note="同一处堆物")
    dup.refresh_from_db()
    assert dup.state == S.MERGED and dup.merged_into == reported and dup.closed_at
    assert set(reported.followers.all()) == {personas["resident"], neighbour}
    from cases.selectors import cases_followed_by

    assert reported in cases_followed_by(neighbour)


def test_a_case_cannot_merge_into_itself_or_into_a_closed_case(reported, personas, grids, categories):
    other = svc.case_report(category=categories["clutter"], description="另一处", reporter=None, **IN_G1)
    with pytest.raises(IllegalTransition):
        svc.case_merge(case=reported, into=reported, by=personas["grid_worker"])
    svc.case_reject(case=other, by=personas["grid_worker"], reason="重复")
    with pytest.raises(IllegalTransition):
        svc.case_merge(case=reported, into=other, by=personas["grid_worker"])
    assert Case.objects.get(pk=reported.pk).state == S.REPORTED


def test_supervision_keeps_the_state_and_counts(reported, personas, grids):
    svc.case_accept(case=reported, by=personas["grid_worker"])
    svc.case_supervise(case=reported, by=personas["area_manager"], note="请加快")
    svc.case_supervise(case=reported, by=personas["subdistrict_admin"])
    reported.refresh_from_db()
    assert reported.state == S.ACCEPTED and reported.supervision_count == 2
    assert timeline(reported)[-1] == ("supervise", "accepted", "accepted")
    other = svc.case_report(category=reported.category, description="x", unit=grids.G1)
    svc.case_reject(case=other, by=personas["grid_worker"], reason="重复")
    with pytest.raises(IllegalTransition):
        svc.case_supervise(case=other, by=personas["area_manager"])


def close(case, personas, grids):
    svc.case_accept(case=case, by=personas["grid_worker"])
    svc.case_dispatch(case=case, to=grids.D1, by=personas["secretary"])
    svc.case_start(case=case, by=personas["property_company"])
    svc.case_complete(case=case, by=personas["property_company"])
    svc.case_verify(case=case, by=personas["grid_worker"], passed=True)
    return case


def test_a_closed_case_reopens_within_the_period_back_to_its_handler(reported, personas, grids):
    close(reported, personas, grids)
    svc.case_rate(case=reported, by=personas["resident"], rating=Rating.UNSATISFIED)
    svc.case_reopen(case=reported, by=personas["resident"], note="又堆上了")
    reported.refresh_from_db()
    assert reported.state == S.DISPATCHED and reported.handling_unit == grids.D1
    assert reported.reopen_count == 1 and reported.closed_at is None and reported.rating == ""
    assert reported.due_at > timezone.now()


def test_a_case_closed_too_long_ago_does_not_reopen(reported, personas, grids, settings):
    settings.CASES_REOPEN_DAYS = 3
    close(reported, personas, grids)
    Case.objects.filter(pk=reported.pk).update(closed_at=timezone.now() - datetime.timedelta(days=4))
    with pytest.raises(IllegalTransition, match="3天内"):
        svc.case_reopen(case=reported, by=personas["resident"])
    assert Case.objects.get(pk=reported.pk).state == S.CLOSED


def test_a_category_limited_in_hours_is_due_in_working_hours(grids, personas, categories):
    case = svc.case_report(category=categories["lift"], description="电梯困人", reporter=None, **IN_G1)
    svc.case_accept(case=case, by=personas["grid_worker"])
    assert case.due_at == add_working_time(case.accepted_at, hours=4)


def test_overdue_open_cases_are_found(reported, personas):
    from cases.selectors import cases_overdue

    svc.case_accept(case=reported, by=personas["grid_worker"])
    assert reported not in cases_overdue()
    assert reported in cases_overdue(reported.due_at + datetime.timedelta(seconds=1))


def test_every_step_leaves_an_audit_record(reported, personas):
    svc.case_accept(case=reported, by=personas["grid_worker"])
    types = set(AuditLog.objects.filter(object_type__startswith="cases.").values_list("object_type", "action"))
    assert ("cases.case", "update") in types and ("cases.casetransition", "create") in types


def test_a_workflow_naming_an_unknown_state_is_a_declaration_error():
    with pytest.raises(ValueError, match="unknown states"):
        Workflow(states=CaseState, initial=S.REPORTED, timeline="cases.CaseTransition", subject="case", steps=[Step("fly", {S.REPORTED}, "moon")])


def test_the_case_workflow_declares_each_state_reachable():
    reachable = {S.REPORTED}
    for _ in range(len(S.values)):
        for state in list(reachable):
            reachable |= CASE_WORKFLOW.allowed_targets(state)
    assert reachable == set(S.values)
