"""What the meetings engine adds to the pages of the apps below it (registered in `MeetingsConfig.ready`)."""

from django.utils.translation import gettext as _

from meetings.models import Body
from meetings.selectors.meetings import meetings_visible_to


def point_page_meetings(user, point) -> list:
    """The 睦邻点's page: the meetings of the bodies that meet at the point (its 睦邻点议事会), latest first, those the
    user may see (three queries whatever the number of meetings: the bodies, the meetings with their decision count)."""
    bodies = list(Body.objects.filter(point=point, is_active=True).only("id", "name"))
    if not bodies:
        return []
    meetings = meetings_visible_to(user).filter(body__in=bodies).exclude(state="cancelled").select_related("body").order_by("-starts_at", "-id")[:10]
    rows = [{"when": m.starts_at, "text": m.title, "url": m.get_absolute_url(), "note": f"{m.body.name} · {m.workflow.label(m.state)}"} for m in meetings]
    return [{"title": _("Neighbourhood deliberation"), "rows": rows, "empty": _("No meetings yet.")}]
