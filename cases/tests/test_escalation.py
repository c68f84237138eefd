"""Overdue cases go one level up the unit tree, once per time limit, up to the subdistrict."""

import datetime
import io

from django.core.management import call_command

from cases import services as svc
from cases.calendar import add_working_time
from cases.models import Case
from cases.workflow import CaseState


def overdue(case, personas):
    svc.case_accept(case=case, by=personas["grid_worker"])
    return case.due_at + datetime.timedelta(minutes=1)


def test_an_overdue_case_goes_up_one_level_and_keeps_its_state(reported, personas, grids):
    now = overdue(reported, personas)
    assert svc.cases_escalate_overdue(reported.due_at - datetime.timedelta(minutes=1)) == []
    assert svc.cases_escalate_overdue(now) == [reported]
    reported.refresh_from_db()
    assert (reported.state, reported.escalated_to, reported.escalated_at) == (CaseState.ACCEPTED, grids.D1, now)
    last = reported.transitions.last()
    assert (last.action, last.by, grids.D1.name in last.note) == ("escalate", None, True)


def test_it_is_not_escalated_again_until_another_time_limit_has_passed(reported, personas, grids):
    now = overdue(reported, personas)
    svc.cases_escalate_overdue(now)
    assert svc.cases_escalate_overdue(now + datetime.timedelta(hours=1)) == []
    later = add_working_time(now, days=5) + datetime.timedelta(minutes=1)
    assert svc.cases_escalate_overdue(later) == [reported]
    assert Case.objects.get(pk=reported.pk).escalated_to == grids.A1


def test_escalation_stops_at_the_subdistrict(reported, personas, grids):
    now = overdue(reported, personas)
    for _ in range(5):
        svc.cases_escalate_overdue(now)
        now = add_working_time(now, days=6)
    reported.refresh_from_db()
    assert reported.escalated_to == grids.S
    assert reported.transitions.filter(action="escalate").count() == 3


def test_closed_and_unregistered_cases_are_never_escalated(reported, personas, grids):
    svc.case_reject(case=reported, by=personas["grid_worker"], reason="不属实")
    assert svc.cases_escalate_overdue() == []


def test_the_command_runs_the_sweep(reported, personas):
    Case.objects.filter(pk=reported.pk).update(state=CaseState.DISPATCHED, due_at=reported.created_at - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("cases_escalate", stdout=out)
    assert out.getvalue().startswith("1 ")
