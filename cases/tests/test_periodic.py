"""`manage.py periodic`: one pass escalates the overdue cases and says so; a second runner at the same time skips."""

import datetime
import io
import threading

from django.core.management import call_command
from django.db import connections

from cases.models import Case
from cases.workflow import CaseState
from core.periodic import single_runner


def make_overdue(case):
    Case.objects.filter(pk=case.pk).update(state=CaseState.DISPATCHED, due_at=case.created_at - datetime.timedelta(hours=1))


def periodic(**kw):
    out = io.StringIO()
    call_command("periodic", stdout=out, only=["cases.escalate"], **kw)
    return out.getvalue()


def test_one_pass_escalates_the_overdue_cases_and_prints_them(reported, grids):
    make_overdue(reported)
    out = periodic(once=True)
    assert "1 overdue cases escalated" in out and f"{reported.number} → {grids.D1.name}" in out
    assert Case.objects.get(pk=reported.pk).escalated_to == grids.D1
    assert "0 overdue cases escalated" in periodic(once=True)  # not again until another time limit has passed


def test_a_pass_is_skipped_while_another_runner_holds_the_lock(reported, grids):
    make_overdue(reported)
    holding, release = threading.Event(), threading.Event()

    def other_runner():
        try:
            with single_runner("jiayuan.periodic.cases.escalate") as held:
                assert held
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    t = threading.Thread(target=other_runner)
    t.start()
    try:
        assert holding.wait(10)
        out = periodic(once=True)
    finally:
        release.set()
        t.join()
    assert "skipped" in out and Case.objects.get(pk=reported.pk).escalated_to is None
    assert "1 overdue cases escalated" in periodic(once=True)
