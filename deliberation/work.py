"""What waits for staff in deliberation (core.work). Each item links to the list of the same rows."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.work import WorkItem
from deliberation.selectors.actions import board_filter
from deliberation.selectors.summons import unanswered_for
from meetings.models import Decision
from meetings.workflow import DecisionState


def _overdue_resolutions(user, now):
    """Adopted decisions in the user's scope with an action past its deadline (escalated or not)."""
    decisions = Decision.objects.for_user(user, VIEW_BODY).filter(state=DecisionState.ADOPTED)
    return board_filter(decisions, overdue=True, today=timezone.localtime(now).date())


def _unanswered(user, now):
    return unanswered_for(user)


ITEMS = [
    # resolutions' actions
    WorkItem(
        "resolutions-overdue",
        _("Resolutions with overdue actions"),
        "deliberation:board",
        VIEW_BODY,
        _overdue_resolutions,
        60,
        {"overdue": "true"},
        tone="danger",
    ),
    # 约请: the summonses addressed to a seat I hold and not yet answered (the inbox's "received" box)
    WorkItem(
        "summons-unanswered", _("约请 to answer"), "deliberation:summons-list", VIEW_BODY, _unanswered, 85, {"box": "received", "state": "sent"}, tone="danger"
    ),
]
