"""Meetings: schedule (with the room held through the booking engine), invitations (notices and an .ics),
reschedule, open, close and cancel (core.workflow), and sign-in (the QR code at the door, or staff ticking the list).

A meeting in a room books every slot of the room that overlaps the meeting (`booking_create`, purpose = the
meeting's title, booked by whoever calls the meeting); a slot already taken is a clash and a time when the room
has no slots is a time it is closed: both refused, nothing changed. Cancelling a meeting cancels its bookings;
rescheduling moves them (the old ones cancelled, the new ones booked, in one transaction)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.workflow import begin, transition
from doorstep.models import Slot
from doorstep.services.bookings import booking_cancel, booking_create
from doorstep.workflow import LIVE_BOOKING_STATES, BookingState
from meetings.models import Attendance, Body, Meeting, Membership, SignInMethod
from meetings.workflow import MeetingState
from notices.services import notices_send

M = MeetingState


def when_label(meeting: Meeting) -> str:
    """ "5月3日 周五 19:00-21:00" in the current language."""
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    return f"{date_format(start, 'MONTH_DAY_FORMAT')} {date_format(start, 'D')} {start:%H:%M}-{end:%H:%M}"


def where_label(meeting: Meeting) -> str:
    if meeting.room_id:
        room = meeting.room
        place = getattr(room, "place", None)
        return " · ".join(p for p in (place.name if place else "", room.name) if p)
    return meeting.location


# --- the room, through the booking engine ------------------------------------------------------------


def _room_slots(room, starts_at, ends_at) -> list[Slot]:
    """The room's slots overlapping the time, locked, soonest first; refused when they do not cover it all."""
    slots = list(Slot.objects.select_for_update().filter(room=room, start__lt=ends_at, end__gt=starts_at).order_by("start", "id"))
    covered = bool(slots) and slots[0].start <= starts_at and slots[-1].end >= ends_at
    covered = covered and all(b.start <= a.end for a, b in zip(slots, slots[1:], strict=False)) and not any(s.is_cancelled for s in slots)
    if not covered:
        raise ValidationError(
            {
                "room": ValidationError(
                    _("“%(room)s” is not open for booking for the whole of that time; choose another time or room.") % {"room": room.name}, code="closed"
                )
            }
        )
    return slots


def _hold_room(*, meeting: Meeting, room, by, now) -> list:
    if not getattr(by, "is_authenticated", False):
        raise ValidationError({"room": _("A room is booked by the person who calls the meeting.")})
    slots = _room_slots(room, meeting.starts_at, meeting.ends_at)
    taken = [s for s in slots if s.booked >= s.capacity]
    if taken:
        times = "、".join(f"{timezone.localtime(s.start):%H:%M}-{timezone.localtime(s.end):%H:%M}" for s in taken[:3])
        raise ValidationError(
            {
                "room": ValidationError(
                    _("“%(room)s” is already booked at %(times)s; choose another time or room.") % {"room": room.name, "times": times}, code="clash"
                )
            }
        )
    bookings = []
    for slot in slots:
        try:
            booking = booking_create(slot=slot, user=by, purpose=meeting.title, by=by, now=now, confirm_overlap=True)
        except ValidationError as e:
            raise ValidationError({"room": e.messages}, code="refused") from e
        if booking.state != BookingState.BOOKED:  # taken meanwhile: waitlisted is a clash
            raise ValidationError(
                {
                    "room": ValidationError(
                        _("“%(room)s” has just been booked by someone else; choose another time or room.") % {"room": room.name}, code="clash"
                    )
                }
            )
        bookings.append(booking)
    meeting.bookings.add(*bookings)
    return bookings


@transaction.atomic
def meeting_hold_room(*, meeting: Meeting, by, now=None) -> list:
    """Book the meeting's room for its time through the booking engine, as `meeting_schedule` does (for a meeting
    written in bulk, as the demo's are). Refused (ValidationError, nothing changed) when a slot is taken or the room
    is closed then."""
    return _hold_room(meeting=meeting, room=meeting.room, by=by, now=now or timezone.now())


def _release_room(meeting: Meeting, by, now) -> None:
    for booking in meeting.bookings.filter(state__in=LIVE_BOOKING_STATES):
        booking_cancel(booking=booking, by=by, note=_("Meeting moved or cancelled"), now=now)
    meeting.bookings.clear()


def _check_times(starts_at, ends_at, now):
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if ends_at - starts_at > datetime.timedelta(hours=24):
        raise ValidationError({"ends_at": _("A meeting lasts at most a day.")})


# --- invitations -----------------------------------------------------------------------------------


def member_user_ids(body: Body) -> list[int]:
    return list(Membership.objects.current().filter(body=body, user__isnull=False).values_list("user_id", flat=True))


def meeting_invite(*, meeting: Meeting, title: str | None = None, note: str = "") -> int:
    """A notice to every current member with an account, linking the meeting page (which offers the .ics)."""
    users = member_user_ids(meeting.body)
    title = title or _("Meeting of %(body)s: %(title)s") % {"body": meeting.body.name, "title": meeting.title}
    body = " · ".join(p for p in (when_label(meeting), where_label(meeting), note) if p)
    notices_send(users, title, body, reverse("meetings:meeting-detail", args=[meeting.pk]))
    return len(set(users))


# --- schedule, reschedule, open, close, cancel -----------------------------------------------------


@transaction.atomic
def meeting_schedule(
    *, body: Body, title: str, starts_at, ends_at, by=None, room=None, location: str = "", invite: bool = True, now: datetime.datetime | None = None
) -> Meeting:
    """A planned meeting of `body`. With a `room`, every slot of the room overlapping the meeting is booked
    (refused, nothing changed, when one is taken or the room is closed then). Members with an account get an
    invitation notice unless `invite=False`. Refused (ValidationError) without a title or when it ends before
    it starts."""
    now = now or timezone.now()
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    _check_times(starts_at, ends_at, now)
    if not body.is_active:
        raise ValidationError(_("“%(body)s” is no longer active.") % {"body": body.name})
    meeting = Meeting.objects.create(
        body=body,
        unit_path=body.unit_path,
        title=title[:120],
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        location=(location or "").strip()[:200],
        called_by=by if getattr(by, "pk", None) else None,
    )
    if room is not None:
        _hold_room(meeting=meeting, room=room, by=by, now=now)
    begin(meeting, by=by)
    if invite:
        meeting_invite(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_reschedule(*, meeting: Meeting, starts_at, ends_at, by=None, room=..., location: str | None = None, now=None, note: str = "") -> Meeting:
    """Move a planned meeting (and its room: the old bookings cancelled, the new ones booked; a clash refuses the
    whole move). `room=None` leaves the room; omitted, the room stays. Members are told."""
    now = now or timezone.now()
    _check_times(starts_at, ends_at, now)
    room = meeting.room if room is ... else room
    changes = {"starts_at": starts_at, "ends_at": ends_at, "room": room}
    if location is not None:
        changes["location"] = location.strip()[:200]
    transition(meeting, None, by, note, action="reschedule", **changes)
    _release_room(meeting, by, now)
    if room is not None:
        _hold_room(meeting=meeting, room=room, by=by, now=now)
    meeting_invite(meeting=meeting, title=_("Meeting moved: %(title)s") % {"title": meeting.title}, note=note)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by=None, note: str = "", now=None) -> Meeting:
    """Cancel a planned meeting: its room bookings are cancelled and members are told."""
    now = now or timezone.now()
    transition(meeting, M.CANCELLED, by, note, action="cancel")
    _release_room(meeting, by, now)
    meeting_invite(meeting=meeting, title=_("Meeting cancelled: %(title)s") % {"title": meeting.title}, note=note)
    return meeting


@transaction.atomic
def meeting_open(*, meeting: Meeting, by=None, note: str = "") -> Meeting:
    return transition(meeting, M.OPEN, by, note, action="open", opened_at=timezone.now())


@transaction.atomic
def meeting_close(*, meeting: Meeting, by=None, note: str = "") -> Meeting:
    return transition(meeting, M.CLOSED, by, note, action="close", closed_at=timezone.now())


# --- sign-in ---------------------------------------------------------------------------------------

SIGN_IN_STATES = (M.PLANNED, M.OPEN)


def sign_in_refusal(meeting: Meeting) -> str | None:
    if meeting.state not in SIGN_IN_STATES:
        return _("Sign-in is closed: the meeting is %(state)s.") % {"state": meeting.workflow.label(meeting.state)}
    return None


def _attend(meeting: Meeting, membership: Membership, method: str, by, now) -> tuple[Attendance, bool]:
    """One attendance per member and meeting: a second sign-in (or two at once) finds the first."""
    try:
        with transaction.atomic():
            return Attendance.objects.create(
                meeting=meeting, membership=membership, signed_in_at=now, method=method, by=by if getattr(by, "pk", None) else None
            ), True
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, membership=membership), False


@transaction.atomic
def meeting_sign_in(*, meeting: Meeting, user, now=None) -> tuple[Attendance, bool]:
    """A member signs themself in (the QR code at the door): their current membership of the meeting's body.
    Returns (attendance, created); a second sign-in is harmless (created False). Refused for a non-member."""
    now = now or timezone.now()
    refusal = sign_in_refusal(meeting)
    if refusal:
        raise ValidationError(refusal, code="closed")
    membership = Membership.objects.current().filter(body_id=meeting.body_id, user=user, seat__is_active=True).first() if user.is_authenticated else None
    if membership is None:
        raise ValidationError(_("You are not a member of %(body)s, so you cannot sign in to this meeting.") % {"body": meeting.body.name}, code="not_member")
    return _attend(meeting, membership, SignInMethod.QR, user, now)


@transaction.atomic
def meeting_tick(*, meeting: Meeting, membership: Membership, by, now=None) -> tuple[Attendance, bool]:
    """Staff tick a member present on the list."""
    now = now or timezone.now()
    refusal = sign_in_refusal(meeting)
    if refusal:
        raise ValidationError(refusal, code="closed")
    if membership.body_id != meeting.body_id or not Membership.objects.current().filter(pk=membership.pk).exists():
        raise ValidationError(_("%(name)s is not a current member of %(body)s.") % {"name": membership.name, "body": meeting.body.name}, code="not_member")
    return _attend(meeting, membership, SignInMethod.STAFF, by, now)


@transaction.atomic
def meeting_untick(*, meeting: Meeting, membership: Membership, by=None) -> int:
    """Undo a tick (a member ticked by mistake) while sign-in is open."""
    refusal = sign_in_refusal(meeting)
    if refusal:
        raise ValidationError(refusal, code="closed")
    return Attendance.objects.filter(meeting=meeting, membership=membership).delete()[0]
