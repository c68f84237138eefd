"""What waits for staff in the case system today (core.work): the cases of "my queue" by the step they wait
for, and the overdue cases the user may see. Each links to the workbench filtered to the same cases. The
queue's five counts and the overdue count are one query."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, HANDLE_CASE, VERIFY_CASE, VIEW_CASE
from cases.models import Case, late_q
from cases.queues import queue_q, visible_q
from cases.workflow import CaseState
from core.work import WorkItem, counted_once

S = CaseState
QUEUE_STATES = (S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED)
HANDLES = (HANDLE_CASE, DISPATCH_CASE)  # the subdistrict office handles for the departments (cases.queues.HANDLER_KINDS_BY_ROLE)


def _counts(user, now) -> dict:
    """The queue's counts by state and the overdue cases the user may see, in one query."""
    queue, visible = queue_q(user), visible_q(user)
    if queue is None and visible is None:
        return {}
    wanted = {}
    if queue is not None:
        wanted |= {state: Count("id", filter=queue & Q(state=state)) for state in QUEUE_STATES}
    if visible is not None:
        wanted["overdue"] = Count("id", filter=visible & late_q(now))
    either = queue if visible is None else visible if queue is None else queue | visible
    return Case.objects.filter(either).aggregate(**wanted)


def _count(key):
    """The number of cases of the user's queue (the workbench's first tab) in state `key`, or overdue."""

    def count(user, now):
        return counted_once(user, "cases", lambda: _counts(user, now)).get(key, 0)

    return count


ITEMS = [
    WorkItem("cases-overdue", _("Overdue cases"), "cases:workbench", VIEW_CASE, _count("overdue"), 5, {"tab": "all", "overdue": "true"}, tone="danger"),
    WorkItem("cases-register", _("Cases to register"), "cases:workbench", CHANGE_CASE, _count(S.REPORTED), 10, {"state": S.REPORTED}),
    WorkItem("cases-dispatch", _("Cases to dispatch"), "cases:workbench", DISPATCH_CASE, _count(S.ACCEPTED), 20, {"state": S.ACCEPTED}),
    WorkItem("cases-handle", _("Cases to handle"), "cases:workbench", HANDLES, _count(S.DISPATCHED), 30, {"state": S.DISPATCHED}),
    WorkItem("cases-in-progress", _("Cases being handled"), "cases:workbench", HANDLES, _count(S.IN_PROGRESS), 40, {"state": S.IN_PROGRESS}),
    WorkItem("cases-verify", _("Cases to verify"), "cases:workbench", VERIFY_CASE, _count(S.COMPLETED), 50, {"state": S.COMPLETED}),
]
