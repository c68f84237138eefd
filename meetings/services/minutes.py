"""Minutes (纪要) and attachments: drafted by the secretary (or MANAGE_BODY staff), approved by the chair (or,
when the body has no chair holding an account, by MANAGE_BODY staff: `meetings.approve_minutes`), then
published (公示) to the residents of the body's unit for `body.minutes_publish_days` days (`published_until`).
Refusals are audited like the votes' (`meetings.services.decisions.audited`)."""

import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.workflow import begin, transition
from meetings.models import Attachment, Meeting, Minutes
from meetings.services.decisions import Refused, audited
from meetings.workflow import MeetingState, MinutesState

ATTACHMENT_TYPES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".jpg", ".jpeg", ".png", ".txt")


def attachment_max_bytes() -> int:
    return int(getattr(settings, "MEETINGS_ATTACHMENT_MAX_MB", 10)) * 1024 * 1024


@audited("minutes_draft")
def minutes_draft(*, meeting: Meeting, text: str, by=None) -> Minutes:
    """Write (or rewrite) the meeting's draft minutes. Refused for a cancelled meeting, or once the minutes are
    approved (reopen them first)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.state == MeetingState.CANCELLED:
        raise Refused(_("A cancelled meeting has no minutes."), meeting)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the minutes.")})
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, unit_path=meeting.unit_path, text=text)
        begin(minutes, by=by)
        return minutes
    if minutes.state != MinutesState.DRAFT:
        raise Refused(_("Approved minutes cannot be changed; reopen them first."), minutes)
    return transition(minutes, None, by=by, action="edit", text=text)


@audited("minutes_approve")
def minutes_approve(*, minutes: Minutes, by=None) -> Minutes:
    """The chair approves the draft (审定). Refused for anyone else (see `meetings.approve_minutes`)."""
    if not getattr(by, "is_authenticated", False) or not by.has_perm("meetings.approve_minutes", minutes):
        if minutes.state != MinutesState.DRAFT:
            raise Refused(_("Only draft minutes can be approved."), minutes)
        raise Refused(_("Only the chair of this body approves its minutes."), minutes)
    return transition(minutes, MinutesState.APPROVED, by=by, action="approve", approved_by=by, approved_at=timezone.now())


@audited("minutes_reopen")
def minutes_reopen(*, minutes: Minutes, by=None) -> Minutes:
    return transition(minutes, MinutesState.DRAFT, by=by, action="reopen", approved_by=None, approved_at=None)


@audited("minutes_publish")
def minutes_publish(*, minutes: Minutes, by=None) -> Minutes:
    """Publish approved minutes (公示) to the residents of the body's unit until `body.minutes_publish_days`
    days from today."""
    if minutes.state != MinutesState.APPROVED:
        raise Refused(_("Only approved minutes can be published."), minutes)
    days = Meeting.objects.select_related("body").get(pk=minutes.meeting_id).body.minutes_publish_days
    now = timezone.now()
    until = timezone.localdate(now) + datetime.timedelta(days=days)
    return transition(minutes, MinutesState.PUBLISHED, by=by, action="publish", published_at=now, published_until=until)


def attachment_add(*, meeting: Meeting, file, by=None, name: str = "") -> Attachment:
    """Attach a file to the meeting. Refused (ValidationError) when it is empty, too big
    (`MEETINGS_ATTACHMENT_MAX_MB`, 10) or not a document or image of the accepted types."""
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    ext = Path(file.name or "").suffix.lower()
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError({"file": _("Attach a PDF, Word, Excel, PowerPoint, text or image file (%(types)s).") % {"types": " ".join(ATTACHMENT_TYPES)}})
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > attachment_max_bytes():
        raise ValidationError({"file": _("A file may be at most %(mb)s MB.") % {"mb": attachment_max_bytes() // (1024 * 1024)}})
    return Attachment.objects.create(
        meeting=meeting, file=file, name=(name or "").strip()[:200] or Path(file.name).name[:200], uploaded_by=by if getattr(by, "pk", None) else None
    )
