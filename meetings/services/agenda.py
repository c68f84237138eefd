"""Agenda items: proposed by a member, from a cluster of cases, from a 约请, from a representative's suggestion."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from meetings.models import AgendaItem, ItemSource, Meeting
from meetings.workflow import MeetingState


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    by=None,
    description: str = "",
    source: str = ItemSource.MEMBER,
    case_category=None,
    case_place=None,
    cases=(),
    major: str = "",
) -> AgendaItem:
    """A new item at the end of the meeting's agenda. Refused (ValidationError) once the meeting is closed or
    cancelled, or without a title."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the item a title.")})
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.OPEN):
        raise ValidationError(_("Items can only be added to a planned meeting or one in session."), code="closed")
    last = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("order"))["m"]
    item = AgendaItem.objects.create(
        meeting=meeting,
        unit_path=meeting.unit_path,
        order=(last or 0) + 1,
        title=title[:200],
        description=description,
        source=source,
        proposed_by=by if getattr(by, "pk", None) else None,
        case_category=case_category,
        case_place=case_place,
        major=major,
    )
    if cases:
        item.cases.set(cases)
    return item
