"""Topics from recurring cases: put one on the agenda of an upcoming meeting of a body covering its place."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.roles import MANAGE_BODY
from deliberation.selectors.topics import find_topic, window_days
from meetings.models import ItemSource, Meeting
from meetings.workflow import MeetingState


def topic_put_on_agenda(*, category_id: int, place_id: int, meeting_id: int, by, now=None):
    """A new agenda item (source: recurring cases) with the topic's category, place and cases. Refused when it is no
    longer a topic in the user's scope, or the meeting is not an upcoming one of a body covering the place that the
    user manages."""
    topic = find_topic(by, category_id, place_id, now)
    if topic is None:
        raise ValidationError(_("These cases are no longer a recurring topic in your area."))
    place = topic["place"]
    meeting = Meeting.objects.for_user(by, MANAGE_BODY).filter(pk=meeting_id, state=MeetingState.PLANNED).select_related("body").first()
    if meeting is None or not place.path.startswith(meeting.unit_path):
        raise ValidationError({"meeting": _("Choose an upcoming meeting of a body that covers %(place)s.") % {"place": place.name}})
    from meetings.services.agenda import agenda_item_add

    title = _("%(category)s recurring in %(place)s") % {"category": topic["category"].name, "place": place.name}
    description = _("%(count)s cases of “%(category)s” in %(place)s in the last %(days)s days.") % {
        "count": topic["count"],
        "category": topic["category"].name,
        "place": place.name,
        "days": window_days(),
    }
    return agenda_item_add(
        meeting=meeting,
        title=title,
        by=by,
        description=description,
        source=ItemSource.CASE_CLUSTER,
        case_category=topic["category"],
        case_place=place,
        cases=topic["cases"],
    )
