"""What waits for staff in the case system today (core.work): the cases of "my queue" by the step they wait
for, and the overdue cases the user may see. Each links to the workbench filtered to the same cases. The
queue's five counts are one query."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, HANDLE_CASE, VERIFY_CASE, VIEW_CASE
from cases.models import Case, late_q
from cases.queues import cases_visible_to, queue_q
from cases.workflow import CaseState
from core.work import WorkItem, counted_once

S = CaseState
QUEUE_STATES = (S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED)
HANDLES = (HANDLE_CASE, DISPATCH_CASE)  # the subdistrict office handles for the departments (cases.queues.HANDLER_KINDS_BY_ROLE)


def _queue_counts(user) -> dict:
    q = queue_q(user)
    if q is None:
        return {}
    return Case.objects.filter(q).aggregate(**{state: Count("id", filter=Q(state=state)) for state in QUEUE_STATES})


def _queue_in(state):
    """The number of cases of the user's queue (the workbench's first tab) in `state`."""

    def count(user, now):
        return counted_once(user, "cases-queue", lambda: _queue_counts(user)).get(state, 0)

    return count


def _overdue(user, now):
    return cases_visible_to(user).filter(late_q(now))


ITEMS = [
    WorkItem("cases-overdue", _("Overdue cases"), "cases:workbench", VIEW_CASE, _overdue, 5, {"tab": "all", "overdue": "true"}, tone="danger"),
    WorkItem("cases-register", _("Cases to register"), "cases:workbench", CHANGE_CASE, _queue_in(S.REPORTED), 10, {"state": S.REPORTED}),
    WorkItem("cases-dispatch", _("Cases to dispatch"), "cases:workbench", DISPATCH_CASE, _queue_in(S.ACCEPTED), 20, {"state": S.ACCEPTED}),
    WorkItem("cases-handle", _("Cases to handle"), "cases:workbench", HANDLES, _queue_in(S.DISPATCHED), 30, {"state": S.DISPATCHED}),
    WorkItem("cases-in-progress", _("Cases being handled"), "cases:workbench", HANDLES, _queue_in(S.IN_PROGRESS), 40, {"state": S.IN_PROGRESS}),
    WorkItem("cases-verify", _("Cases to verify"), "cases:workbench", VERIFY_CASE, _queue_in(S.COMPLETED), 50, {"state": S.COMPLETED}),
]
