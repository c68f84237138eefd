"""What waits for deliberation's staff (core.work)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.work import WorkItem
from deliberation.selectors.summons import unanswered_for


def _unanswered(user, now):
    return unanswered_for(user)


# 约请: the summonses addressed to a seat I hold and not yet answered (the inbox's "received" box)
ITEMS = [
    WorkItem(
        "summons-unanswered", _("约请 to answer"), "deliberation:summons-list", VIEW_BODY, _unanswered, 85, {"box": "received", "state": "sent"}, tone="danger"
    ),
]
