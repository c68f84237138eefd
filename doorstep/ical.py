"""iCalendar (RFC 5545, the `icalendar` library): one booking as a .ics file, and feeds per room, per
place and per person, METHOD:PUBLISH, times in UTC.

Each booking is one VEVENT whose UID is `Booking.ical_uid`, so a calendar app that imported the
booking's file updates that same entry from a feed; a cancelled booking stays in the feeds with
STATUS:CANCELLED (and a higher SEQUENCE) so subscribed calendars drop it. Room and place feeds are
public and carry no personal data (no names, no purposes); a person's feed is reached by a secret
token URL (no session: calendar apps subscribe to it), which the person can reset.
"""

import datetime
import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from doorstep.models import Booking, CalendarFeedKey, Place, Room, Slot
from doorstep.workflow import BookingState

B = BookingState
PRODID = "-//Jiayuan//Community services//ZH"
FEED_PAST_DAYS = 90
FEED_FUTURE_DAYS = 180
STATUS = {B.BOOKED: "CONFIRMED", B.CHECKED_IN: "CONFIRMED", B.NO_SHOW: "CONFIRMED", B.WAITLISTED: "TENTATIVE", B.CANCELLED: "CANCELLED"}


def _utc(dt: datetime.datetime) -> datetime.datetime:
    return dt.astimezone(datetime.UTC)


def calendar(name: str, events) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    for e in events:
        cal.add_component(e)
    return cal.to_ical()


def where(slot: Slot) -> str:
    if slot.room_id:
        place = slot.room.place
        parts = [place.name if place else "", slot.room.name, place.address if place else ""]
    else:
        place, room = slot.service.place, slot.service.room
        parts = [place.name, room.name if room else "", place.address]
    return " · ".join(p for p in parts if p)


def what(slot: Slot) -> str:
    return slot.service.name if slot.service_id else slot.room.name


def booking_event(booking: Booking, *, private: bool, base_url: str = "") -> Event:
    """The booking as a VEVENT; `private` adds what only its person sees (purpose, queue, link)."""
    slot = booking.slot
    e = Event()
    e.add("uid", booking.ical_uid)
    e.add("dtstamp", _utc(timezone.now()))
    e.add("last-modified", _utc(booking.updated_at))
    e.add("created", _utc(booking.created_at))
    e.add("sequence", max(0, getattr(booking, "steps", 1) - 1))
    e.add("dtstart", _utc(slot.start))
    e.add("dtend", _utc(slot.end))
    e.add("summary", what(slot) if private else _("%(what)s (booked)") % {"what": what(slot)})
    e.add("location", where(slot))
    e.add("status", STATUS.get(booking.state, "CONFIRMED"))
    e.add("transp", "OPAQUE")
    if private:
        lines = [str(booking.workflow.label(booking.state))]
        if booking.purpose:
            lines.append(booking.purpose)
        if slot.room_id and booking.party_size > 1:
            lines.append(_("%(n)s people") % {"n": booking.party_size})
        e.add("description", "\n".join(lines))
        if base_url:
            e.add("url", base_url + reverse("services:booking", args=[booking.pk]))
    return e


def session_event(slot: Slot) -> Event:
    """A service session as one event of a place's feed (its bookings counted, no names)."""
    e = Event()
    e.add("uid", f"slot-{slot.pk}@jiayuan")
    e.add("dtstamp", _utc(timezone.now()))
    e.add("dtstart", _utc(slot.start))
    e.add("dtend", _utc(slot.end))
    e.add("summary", _("%(what)s (%(booked)s of %(capacity)s places booked)") % {"what": what(slot), "booked": slot.booked, "capacity": slot.capacity})
    e.add("location", where(slot))
    e.add("status", "CANCELLED" if slot.is_cancelled else "CONFIRMED")
    return e


def _bookings():
    return Booking.objects.select_related("slot__room__place", "slot__service__place", "slot__service__room").annotate(steps=Count("transitions"))


def _window():
    now = timezone.now()
    return now - datetime.timedelta(days=FEED_PAST_DAYS), now + datetime.timedelta(days=FEED_FUTURE_DAYS)


def booking_ics(booking: Booking, base_url: str = "") -> bytes:
    booking = _bookings().get(pk=booking.pk)
    return calendar(what(booking.slot), [booking_event(booking, private=True, base_url=base_url)])


def person_feed(user, base_url: str = "") -> bytes:
    lo, hi = _window()
    rows = _bookings().filter(user=user, slot__start__gte=lo, slot__start__lt=hi).order_by("slot__start", "id")
    return calendar(_("My bookings"), [booking_event(b, private=True, base_url=base_url) for b in rows])


def room_feed(room: Room) -> bytes:
    lo, hi = _window()
    rows = _bookings().filter(slot__room=room, slot__start__gte=lo, slot__start__lt=hi).exclude(state=B.WAITLISTED).order_by("slot__start", "id")
    return calendar(room.name, [booking_event(b, private=False) for b in rows])


def place_feed(place: Place) -> bytes:
    """The bookings of the place's rooms, and its service sessions that have bookings."""
    lo, hi = _window()
    rows = _bookings().filter(slot__room__place=place, slot__start__gte=lo, slot__start__lt=hi).exclude(state=B.WAITLISTED).order_by("slot__start", "id")
    events = [booking_event(b, private=False) for b in rows]
    sessions = (
        Slot.objects.filter(service__place=place, start__gte=lo, start__lt=hi).filter(Q(booked__gt=0) | Q(is_cancelled=True, bookings__isnull=False)).distinct()
    )
    events += [session_event(s) for s in sessions.select_related("service__place", "service__room").order_by("start", "id")]
    return calendar(place.name, events)


# --- the personal feed's secret URL ---------------------------------------------------------------


def _digest(user_id: int, nonce: str) -> str:
    return salted_hmac("services.calendar-feed", f"{user_id}:{nonce}").hexdigest()[:32]


def feed_token(user) -> str:
    """The user's current feed token, made on first use."""
    key, _created = CalendarFeedKey.objects.get_or_create(user=user, defaults={"nonce": secrets.token_hex(16)})
    return f"{user.pk}-{_digest(user.pk, key.nonce)}"


@transaction.atomic
def feed_token_reset(*, user) -> str:
    """A new token; the old URL stops working at once."""
    CalendarFeedKey.objects.update_or_create(user=user, defaults={"nonce": secrets.token_hex(16)})
    return feed_token(user)


def feed_user(token: str):
    """The user whose current token this is, or None."""
    head, _sep, digest = (token or "").partition("-")
    if not head.isdigit() or len(head) > 18 or not digest:
        return None
    key = CalendarFeedKey.objects.select_related("user").filter(user_id=int(head)).first()
    if key is None or not key.user.is_active or not constant_time_compare(digest, _digest(key.user_id, key.nonce)):
        return None
    return key.user
