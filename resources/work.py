"""What waits for staff in resource sharing today (core.work): proposed matches to agree or decline, and
talent applications to review. Each links to the list of the same rows."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_RESOURCE, MATCH_RESOURCE, VIEW_RESOURCE
from core.work import WorkItem
from resources.models import Match
from resources.selectors.talents import review_queue
from resources.workflow import MatchState


def _proposed(user, now):
    return Match.objects.for_user(user, VIEW_RESOURCE).filter(state=MatchState.PROPOSED)


def _applications(user, now):
    return review_queue(user).order_by()


ITEMS = [
    WorkItem("matches-proposed", _("Matches to review"), "resources:match-list", MATCH_RESOURCE, _proposed, 80, {"state": MatchState.PROPOSED}),
    WorkItem("talents-review", _("Talent applications to review"), "resources:talent-review", CHANGE_RESOURCE, _applications, 90),
]
