"""Writes to bookings (S1.1-S1.2): book, cancel (and promote the first on the waitlist), check in, mark
no-shows, cancel a slot. Pages, the API, the periodic jobs and the benchmark all come through here.

No overbooking and no double booking are the database's guarantees, not this code's:
- a place is taken by ONE conditional UPDATE (`booked = booked + 1 WHERE booked < capacity AND NOT
  is_cancelled`): under concurrent attempts the row lock serialises them and each re-checks the
  condition on the latest row, so exactly `capacity` attempts take a place and the rest are waitlisted;
- the CHECK constraint svc_slot_within_capacity keeps `booked <= capacity` whatever writes the row;
- the partial unique index svc_booking_one_live_per_slot keeps one live booking per person and slot.
A violated constraint rolls back to a savepoint (the place taken is given back) and becomes a clear
ValidationError: nothing changed. Permissions are checked at the edge (who may cancel or check in
someone's booking); the rules of booking itself (eligibility, timing, the no-show rule) are here.

Settings (defaults in DEFAULTS): SERVICES_NO_SHOW_LIMIT no-shows within SERVICES_NO_SHOW_WINDOW_DAYS
refuse booking for SERVICES_NO_SHOW_BAN_DAYS after the last one (limit 0: never);
SERVICES_NO_SHOW_AFTER_MINUTES after a slot ends its unchecked bookings become no-shows; a resident
checks in from SERVICES_CHECK_IN_BEFORE_MINUTES before the start to SERVICES_CHECK_IN_AFTER_MINUTES
after it (staff at any time before the booking is marked a no-show).
"""

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from core.workflow import IllegalTransition, begin, transition
from doorstep.eligibility import eligibility_refusal
from doorstep.models import Access, Booking, Slot
from doorstep.rules import booking_is_pending, slot_has_begun
from doorstep.slots import DEFAULTS, check_in_window, setting  # noqa: F401  (read from here by the pages and jobs)
from doorstep.workflow import HOLDS_PLACE, LIVE_BOOKING_STATES, BookingState
from notices.services import notices_send

B = BookingState

def new_ical_uid() -> str:
    return f"{uuid.uuid4().hex}@jiayuan"


def slot_label(slot: Slot) -> str:
    """ "社区健身 · 5月3日 周五 09:00-10:00" in the current language."""
    what = slot.service.name if slot.service_id else slot.room.name
    start, end = timezone.localtime(slot.start), timezone.localtime(slot.end)
    return f"{what} · {date_format(start, 'MONTH_DAY_FORMAT')} {date_format(start, 'D')} {start:%H:%M}-{end:%H:%M}"


# --- the rules of booking -------------------------------------------------------------------------


def no_show_ban_until(user, now: datetime.datetime) -> datetime.datetime | None:
    """When the no-show rule refuses `user` bookings: until this time; else None."""
    limit = setting("SERVICES_NO_SHOW_LIMIT")
    if limit <= 0:
        return None
    since = now - datetime.timedelta(days=setting("SERVICES_NO_SHOW_WINDOW_DAYS"))
    ends = list(
        Booking.objects.filter(user=user, state=B.NO_SHOW, slot__end__gte=since, slot__end__lte=now)
        .order_by("-slot__end")
        .values_list("slot__end", flat=True)[:limit]
    )
    if len(ends) < limit:
        return None
    until = ends[0] + datetime.timedelta(days=setting("SERVICES_NO_SHOW_BAN_DAYS"))
    return until if until > now else None


def booking_refusal(*, slot: Slot, user, party_size: int, resident, now: datetime.datetime) -> str | None:
    """Why `user` may not book `slot` now, or None. The capacity is not checked here (see booking_create)."""
    if slot.is_cancelled:
        return _("This slot has been cancelled.")
    if slot.start <= now:
        return _("This slot has already begun; choose a later one.")
    if slot.service_id:
        service = slot.service
        if not service.is_active or service.access != Access.BOOK:
            return _("“%(service)s” is not booked online; see how to get it on its page.") % {"service": service.name}
        if party_size != 1:
            return _("A session is booked one place per person.")
        refusal = eligibility_refusal(service, resident, timezone.localtime(slot.start).date())
        if refusal:
            return refusal
    else:
        room = slot.room
        if not (room.bookable and room.is_active):
            return _("“%(room)s” cannot be booked.") % {"room": room.name}
        if not 1 <= party_size <= room.capacity:
            return _("“%(room)s” holds at most %(capacity)s people.") % {"room": room.name, "capacity": room.capacity}
    until = no_show_ban_until(user, now)
    if until is not None:
        return _("You did not come to %(count)s booked slots lately; you can book again from %(date)s.") % {
            "count": setting("SERVICES_NO_SHOW_LIMIT"),
            "date": date_format(timezone.localtime(until), "SHORT_DATETIME_FORMAT"),
        }
    return None


class OverlapWarning(Conflict):
    """The slot overlaps bookings the person already holds (`overlaps`, soonest first). Not a refusal: the
    edge asks the person to confirm and books again with `confirm_overlap=True` (the page's confirm step,
    the API's 409 and its `confirm_overlap` field)."""

    def __init__(self, message, overlaps):
        super().__init__(message)
        self.overlaps = overlaps


def overlapping_bookings(*, slot: Slot, user) -> list[Booking]:
    """The person's live bookings (booked, waitlisted, checked in) of other, not cancelled slots whose time
    overlaps `slot`'s, soonest first: rooms and service sessions alike. One query."""
    return list(
        Booking.objects.filter(user=user, state__in=LIVE_BOOKING_STATES, slot__start__lt=slot.end, slot__end__gt=slot.start, slot__is_cancelled=False)
        .exclude(slot_id=slot.pk)
        .select_related("slot__room", "slot__service")
        .order_by("slot__start", "id")
    )


def overlap_message(overlaps: list[Booking]) -> str:
    labels = "; ".join(slot_label(b.slot) for b in overlaps[:3])
    return _("This time overlaps a booking you already hold: %(bookings)s. Book anyway?") % {"bookings": labels}


def _resident_of(user):
    from people.models import Resident

    return Resident.objects.filter(user=user).only("id", "birth_date", "unit_path").first()


# --- book ------------------------------------------------------------------------------------------


@transaction.atomic
def booking_create(
    *, slot: Slot, user, party_size: int = 1, purpose: str = "", by=None, now: datetime.datetime | None = None, confirm_overlap: bool = False
) -> Booking:
    """Book a place in `slot` for `user`: BOOKED when a place was free, else WAITLISTED (with its time
    in the queue). Refusals (eligibility, timing, the no-show rule, a live booking already held) raise
    a translated ValidationError and change nothing. A slot whose time overlaps another live booking of the
    person raises OverlapWarning (nothing changed) unless `confirm_overlap`: a warning, not a rule."""
    now = now or timezone.now()
    slot = Slot.objects.select_related("room", "service__place__unit").get(pk=slot.pk)
    resident = _resident_of(user)
    refusal = booking_refusal(slot=slot, user=user, party_size=party_size, resident=resident, now=now)
    if refusal:
        raise ValidationError(refusal, code="refused")
    if Booking.objects.filter(slot=slot, user=user, state__in=LIVE_BOOKING_STATES).exists():
        raise ValidationError(_("You already hold a booking for this slot."), code="double")
    if not confirm_overlap:
        overlaps = overlapping_bookings(slot=slot, user=user)
        if overlaps:
            raise OverlapWarning(overlap_message(overlaps), overlaps)
    try:
        with transaction.atomic():  # a savepoint: a violated constraint gives the place back
            taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity"), is_cancelled=False).update(booked=F("booked") + 1)
            booking = Booking.objects.create(
                slot=slot,
                user=user,
                resident=resident,
                state=B.BOOKED if taken else B.WAITLISTED,
                party_size=party_size,
                purpose=(purpose or "").strip()[:200],
                waitlisted_at=None if taken else now,
                ical_uid=new_ical_uid(),
            )
    except IntegrityError as e:
        raise ValidationError(_("You already hold a booking for this slot, or it has just been taken; nothing was booked."), code="conflict") from e
    begin(booking, by=by or user, action="book" if taken else "waitlist")
    return booking


# --- cancel and promote ----------------------------------------------------------------------------


def _promote_next(slot_id: int, now: datetime.datetime) -> Booking | None:
    """Give a free place of the slot to the first on its waitlist (by waitlisted_at), with a notice."""
    slot = Slot.objects.select_related("room", "service").get(pk=slot_id)
    if slot.is_cancelled or slot.start <= now:
        return None
    nxt = (
        Booking.objects.filter(slot_id=slot_id, state=B.WAITLISTED)
        .order_by("waitlisted_at", "id")
        .select_for_update(skip_locked=True)  # a concurrent canceller promotes the next one
        .first()
    )
    if nxt is None:
        return None
    if not Slot.objects.filter(pk=slot_id, booked__lt=F("capacity"), is_cancelled=False).update(booked=F("booked") + 1):
        return None
    transition(nxt, B.BOOKED, None, "", action="promote")
    notices_send(
        [nxt.user_id],
        _("A place came free: you are booked for %(slot)s") % {"slot": slot_label(slot)},
        _("You were first on the waitlist. If you cannot come, please cancel so the next person gets the place."),
        reverse("services:booking", args=[nxt.pk]),
    )
    return nxt


@transaction.atomic
def booking_cancel(*, booking: Booking, by, note: str = "", now: datetime.datetime | None = None) -> Booking:
    """Cancel a booked or waitlisted booking before its slot begins; a place it held goes to the first on
    the waitlist in the same transaction."""
    now = now or timezone.now()
    locked = Booking.objects.select_for_update().select_related("slot").get(pk=booking.pk)
    if slot_has_begun(locked.slot, now) and booking_is_pending(by, locked):
        raise IllegalTransition(_("This slot has already begun; the booking can no longer be cancelled."))
    held = locked.state in HOLDS_PLACE
    transition(booking, B.CANCELLED, by, note, action="cancel")
    if held:
        Slot.objects.filter(pk=locked.slot_id, booked__gt=0).update(booked=F("booked") - 1)
        _promote_next(locked.slot_id, now)
    return booking


# --- check in, no-shows ----------------------------------------------------------------------------


@transaction.atomic
def booking_check_in(*, booking: Booking, by, now: datetime.datetime | None = None) -> Booking:
    """签到: staff holding services.change_service at the slot's place at any time while the booking is
    booked; the person who booked only within the window around the start."""
    now = now or timezone.now()
    slot = Slot.objects.get(pk=booking.slot_id)
    if not by.has_perm("services.check_in_booking_anytime", booking):
        opens, closes = check_in_window(slot)
        if not opens <= now <= closes:
            raise IllegalTransition(
                _("Check-in is open from %(opens)s to %(closes)s.")
                % {
                    "opens": date_format(timezone.localtime(opens), "SHORT_DATETIME_FORMAT"),
                    "closes": date_format(timezone.localtime(closes), "SHORT_DATETIME_FORMAT"),
                }
            )
    return transition(booking, B.CHECKED_IN, by, "", action="check_in", checked_in_at=now)


def bookings_mark_no_shows(*, now: datetime.datetime | None = None, limit: int = 1000) -> list[Booking]:
    """Booked (not checked-in) bookings of slots that ended SERVICES_NO_SHOW_AFTER_MINUTES ago become
    no-shows, each in its own transaction with its timeline step."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(minutes=setting("SERVICES_NO_SHOW_AFTER_MINUTES"))
    done = []
    for booking in Booking.objects.filter(state=B.BOOKED, slot__end__lte=cutoff).order_by("id")[:limit]:
        try:
            done.append(transition(booking, B.NO_SHOW, None, "", action="no_show"))
        except IllegalTransition:  # checked in or cancelled meanwhile
            continue
    return done


# --- cancel a whole slot ---------------------------------------------------------------------------


@transaction.atomic
def slot_cancel(*, slot: Slot, by, note: str = "", now: datetime.datetime | None = None) -> Slot:
    """Staff call a slot off (room closed, session cancelled): its bookings are cancelled and their
    people told."""
    now = now or timezone.now()
    slot = Slot.objects.select_for_update(of=("self",)).select_related("room", "service").get(pk=slot.pk)
    if slot.is_cancelled:
        raise IllegalTransition(_("This slot is already cancelled."))
    if slot.start <= now or slot.bookings.filter(state=B.CHECKED_IN).exists():
        raise IllegalTransition(_("This slot has already begun; it can no longer be cancelled."))
    live = list(slot.bookings.filter(state__in=(B.BOOKED, B.WAITLISTED)).order_by("id"))
    for booking in live:
        transition(booking, B.CANCELLED, by, note, action="cancel")
    Slot.objects.filter(pk=slot.pk).update(is_cancelled=True, booked=0)
    slot.refresh_from_db()
    if live:
        notices_send(
            [b.user_id for b in live],
            _("Cancelled by the service place: %(slot)s") % {"slot": slot_label(slot)},
            note or _("We are sorry; please book another time."),
            reverse("services:my-bookings"),
        )
    return slot
