"""Agenda items: proposed by a member (or MANAGE_BODY staff), from a cluster of cases, from a 约请, from a
representative's suggestion; their order; the discussion notes taken while the meeting is in session."""

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


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, order, by=None) -> list[AgendaItem]:
    """Put the meeting's items in the order of the ids in `order` (every item once). Refused (ValidationError)
    once the meeting is closed or cancelled, or when `order` is not the meeting's items."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.OPEN):
        raise ValidationError(_("The agenda of a closed or cancelled meeting cannot be changed."), code="closed")
    items = {i.pk: i for i in AgendaItem.objects.filter(meeting=meeting)}
    wanted = [int(pk) for pk in order]
    if sorted(wanted) != sorted(items):
        raise ValidationError({"order": _("Give every item of this meeting's agenda once.")})
    for position, pk in enumerate(wanted, start=1):
        items[pk].order = position
    AgendaItem.objects.bulk_update(items.values(), ["order"])
    return [items[pk] for pk in wanted]


def agenda_item_move(*, item: AgendaItem, up: bool, by=None) -> AgendaItem:
    """Move one item a place up or down (the page's arrows): a reorder of the whole agenda."""
    ids = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).values_list("pk", flat=True))
    i = ids.index(item.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    agenda_reorder(meeting=item.meeting, order=ids, by=by)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_note(*, item: AgendaItem, notes: str, by=None) -> AgendaItem:
    """The item's discussion notes, written while the meeting is in session. Refused (ValidationError) otherwise."""
    item = AgendaItem.objects.select_related("meeting").select_for_update(of=("self",)).get(pk=item.pk)
    if item.meeting.state != MeetingState.OPEN:
        raise ValidationError(_("Discussion notes are taken while the meeting is in session."), code="not_open")
    item.notes = (notes or "").strip()
    item.save(update_fields=["notes", "updated_at"])
    return item
