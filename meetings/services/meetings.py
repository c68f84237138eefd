"""Meetings: schedule (with the room held through the booking engine), invitations, sign-in, open and close."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.workflow import begin
from meetings.models import Body, Meeting


@transaction.atomic
def meeting_schedule(*, body: Body, title: str, starts_at, ends_at, by=None, room=None, location: str = "") -> Meeting:
    """A planned meeting of `body`. Refused (ValidationError) without a title or when it ends before it starts."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    meeting = Meeting.objects.create(
        body=body,
        unit_path=body.unit_path,
        title=title[:120],
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        location=location,
        called_by=by if getattr(by, "pk", None) else None,
    )
    begin(meeting, by=by)
    return meeting
