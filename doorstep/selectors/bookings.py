"""Reads for the menu, availability, bookings and occupancy. Lists stay O(1) in queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FloatField, Func, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.scope import grants
from doorstep.models import Booking, Place, Room, Service, Slot
from doorstep.workflow import LIVE_BOOKING_STATES, BookingState

B = BookingState


# --- who the user is, where they live ---------------------------------------------------------------


_UNKNOWN = object()


def home_paths(user, resident=_UNKNOWN) -> list[str]:
    """The houses a signed-in resident lives in (their resident role's units, else their record's house;
    pass `resident` when the record, or its absence, is known already)."""
    if not getattr(user, "is_authenticated", False):
        return []
    homes = [path for role, path in grants(user) if role == "resident"]
    if not homes:
        if resident is _UNKNOWN:
            from people.models import Resident

            return list(Resident.objects.filter(user=user).values_list("unit_path", flat=True)[:1])
        homes = [resident.unit_path] if resident is not None and resident.unit_path else []
    return homes


def is_near(place_path: str, homes: list[str]) -> bool:
    return any(h.startswith(place_path) for h in homes)


# --- the menu ---------------------------------------------------------------------------------------


def menu_services(*, group: str = "", place_id: int | None = None, user=None):
    """Offered services with their place, room and provider, the resident's own station first."""
    qs = Service.objects.filter(is_active=True).select_related("place__unit", "room", "provider")
    if group:
        qs = qs.filter(group=group)
    if place_id:
        qs = qs.filter(place_id=place_id)
    services = list(qs.order_by("group", "place__kind", "place__unit_path", "name", "id"))
    homes = home_paths(user) if user is not None else []
    if homes:
        services.sort(key=lambda s: not is_near(s.place.unit_path, homes))  # stable: the rest keeps its order
    return services


def menu_places():
    return list(Place.objects.select_related("unit").order_by("kind", "unit_path", "id").only("id", "name", "kind", "unit_path", "unit__name"))


def upcoming_slots(*, service: Service | None = None, room: Room | None = None, now=None, days: int = 14):
    now = now or timezone.now()
    qs = Slot.objects.filter(start__gt=now, start__lt=now + datetime.timedelta(days=days), is_cancelled=False)
    qs = qs.filter(service=service) if service is not None else qs.filter(room=room)
    return list(qs.order_by("start", "id"))


def my_live_bookings_by_slot(user, slots) -> dict[int, Booking]:
    if not getattr(user, "is_authenticated", False) or not slots:
        return {}
    rows = Booking.objects.filter(user=user, slot__in=[s.pk for s in slots], state__in=LIVE_BOOKING_STATES)
    return {b.slot_id: b for b in rows}


# --- a room's week --------------------------------------------------------------------------------


@dataclass
class Cell:
    slot: Slot
    status: str  # free | booked | full | past | cancelled
    mine: Booking | None = None


@dataclass
class Week:
    start: datetime.date
    days: list[datetime.date]
    times: list[str]  # "09:00-10:00" rows
    cells: dict = field(default_factory=dict)  # (time, day) -> Cell

    def rows(self):
        return [(t, [self.cells.get((t, d)) for d in self.days]) for t in self.times]


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def slot_status(slot: Slot, now) -> str:
    if slot.is_cancelled:
        return "cancelled"
    if slot.start <= now:
        return "past"
    if slot.booked >= slot.capacity:
        return "full"
    return "booked" if slot.booked else "free"


def room_week(room: Room, monday: datetime.date, user=None, now=None) -> Week:
    """The room's slots of one week as a grid: rows are times of day, columns the seven days."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=tz)
    slots = list(Slot.objects.filter(room=room, start__gte=start, start__lt=start + datetime.timedelta(days=7)).order_by("start"))
    mine = my_live_bookings_by_slot(user, slots)
    week = Week(start=monday, days=[monday + datetime.timedelta(days=i) for i in range(7)], times=[])
    times = set()
    for s in slots:
        a, b = timezone.localtime(s.start, tz), timezone.localtime(s.end, tz)
        t = f"{a:%H:%M}-{b:%H:%M}"
        times.add(t)
        week.cells[(t, a.date())] = Cell(s, slot_status(s, now), mine.get(s.pk))
    week.times = sorted(times)
    return week


# --- my bookings ----------------------------------------------------------------------------------


def with_queue_position(qs):
    """Annotate `ahead`: how many waitlisted bookings of the same slot come before this one."""
    ahead = (
        Booking.objects.filter(slot=OuterRef("slot"), state=B.WAITLISTED)
        .filter(Q(waitlisted_at__lt=OuterRef("waitlisted_at")) | Q(waitlisted_at=OuterRef("waitlisted_at"), id__lt=OuterRef("id")))
        .order_by()
        .values("slot")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), Value(0)))


def my_bookings(user, now=None) -> dict[str, list[Booking]]:
    """A resident's bookings: upcoming (booked or checked in, not yet over), waitlisted (with position),
    past (everything over, cancelled or not kept), newest first, at most 50."""
    now = now or timezone.now()
    qs = with_queue_position(Booking.objects.filter(user=user).select_related("slot__room__place", "slot__room__unit", "slot__service__place"))
    upcoming = list(qs.filter(state__in=(B.BOOKED, B.CHECKED_IN), slot__end__gt=now).order_by("slot__start", "id"))
    waitlisted = list(qs.filter(state=B.WAITLISTED, slot__end__gt=now).order_by("slot__start", "id"))
    shown = {b.pk for b in upcoming + waitlisted}
    past = [b for b in qs.order_by("-slot__start", "-id")[: 50 + len(shown)] if b.pk not in shown][:50]
    return {"upcoming": upcoming, "waitlisted": waitlisted, "past": past}


def booking_timeline(booking: Booking):
    return list(booking.transitions.order_by("at", "id"))


# --- staff: bookings and no-shows -----------------------------------------------------------------


def no_show_counts(user_ids, now=None, days: int | None = None) -> dict[int, int]:
    """No-shows per person over the no-show window (one query)."""
    from doorstep.services.bookings import setting

    now = now or timezone.now()
    days = days or setting("SERVICES_NO_SHOW_WINDOW_DAYS")
    rows = (
        Booking.objects.filter(user_id__in=list(user_ids), state=B.NO_SHOW, slot__end__gte=now - datetime.timedelta(days=days))
        .values("user_id")
        .annotate(n=Count("id"))
    )
    return {r["user_id"]: r["n"] for r in rows}


# --- occupancy ------------------------------------------------------------------------------------


@dataclass
class Figures:
    slots: int = 0
    offered: float = 0.0  # place-hours offered
    booked_hours: float = 0.0  # place-hours booked
    bookings: int = 0  # bookings that held a place (booked, checked in, no-show)
    checked_in: int = 0
    no_shows: int = 0
    waitlisted: int = 0  # bookings that were ever on a waitlist
    cancelled: int = 0

    @property
    def rate(self) -> float | None:
        return self.booked_hours / self.offered if self.offered else None

    def add(self, other: "Figures"):
        for name in ("slots", "offered", "booked_hours", "bookings", "checked_in", "no_shows", "waitlisted", "cancelled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Occupancy:
    totals: Figures
    weeks: list  # [(monday, Figures)]
    months: list  # [(first of month, Figures)]
    rooms: list  # [(label, place name, Figures)] per room or service, busiest first
    places: list  # [(Place, Figures)]


class SlotHours(Func):
    """Hours from a slot's start to its end, in the database's own arithmetic (no per-row Python function on
    SQLite, where Django's datetime subtraction is one)."""

    output_field = FloatField()

    def __init__(self, **extra):
        super().__init__(F("end"), F("start"), **extra)

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        return super().as_sql(compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)::double precision", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="ROUND((julianday(%(expressions)s)) * 24.0, 6)", arg_joiner=") - julianday(", **extra)


def _monday(d: datetime.date) -> datetime.date:
    return d - datetime.timedelta(days=d.weekday())


def _week_and_month_starts(start: datetime.date, end: datetime.date) -> set:
    """The Mondays and first days of months after `start` up to `end`."""
    out, d = set(), start + datetime.timedelta(days=1)
    while d <= end:
        if d.weekday() == 0 or d.day == 1:
            out.add(d)
        d += datetime.timedelta(days=1)
    return out


def _period_case(field: str, bounds: list) -> Case:
    """The index i of the period bounds[i] <= value < bounds[i + 1] (values are within the bounds)."""
    return Case(*[When(**{f"{field}__lt": b, "then": Value(i)}) for i, b in enumerate(bounds[1:-1])], default=Value(len(bounds) - 2), output_field=IntegerField())


def _slot_figures(slots, *group_by, **named) -> list[dict]:
    """Slots, offered and booked place-hours of the (not cancelled) slots, summed in the database."""
    rows = (
        slots.filter(is_cancelled=False)
        .values(*group_by, hours=SlotHours(), **named)  # a slot's length computed once, grouped on (few distinct lengths)
        .annotate(n=Count("id"), cap=Sum("capacity"), held=Sum("booked"))
        .order_by()
    )
    return [{**r, "offered": r["cap"] * float(r["hours"]), "booked_h": r["held"] * float(r["hours"])} for r in rows]


def _booking_figures(bookings, *group_by, **named) -> list[dict]:
    """Bookings by outcome, counted in the database (one row per group)."""
    return list(
        bookings.values(*group_by, **named)
        .annotate(
            held=Count("id", filter=Q(state__in=(B.BOOKED, B.CHECKED_IN, B.NO_SHOW))),
            checked_in=Count("id", filter=Q(state=B.CHECKED_IN)),
            no_shows=Count("id", filter=Q(state=B.NO_SHOW)),
            cancelled=Count("id", filter=Q(state=B.CANCELLED)),
            wl=Count("id", filter=Q(waitlisted_at__isnull=False)),
        )
        .order_by()
    )


def _figures(slot_rows, booking_rows, key_of_slot, key_of_booking) -> dict:
    """Add the grouped rows into Figures by key (a row's key function gives one key or several)."""
    out = defaultdict(Figures)
    for r in slot_rows:
        for key in key_of_slot(r):
            f = out[key]
            f.slots += r["n"]
            f.offered += r["offered"] or 0.0
            f.booked_hours += r["booked_h"] or 0.0
    for r in booking_rows:
        for key in key_of_booking(r):
            f = out[key]
            f.bookings += r["held"]
            f.checked_in += r["checked_in"]
            f.no_shows += r["no_shows"]
            f.cancelled += r["cancelled"]
            f.waitlisted += r["wl"]
    return out


def occupancy(slots_qs, start: datetime.date, end: datetime.date, bookings_qs=None) -> Occupancy:
    """Figures of the (already scoped) slots starting from `start` to `end` (local days, inclusive):
    occupancy rate = booked place-hours / offered place-hours, over slots not cancelled; bookings,
    check-ins, no-shows, waitlist and cancellations counted from the bookings of those slots. The database
    sums (GROUP BY room or service and period: rows as many as rooms and services times weeks, not slots or
    bookings, and no per-row date function); four queries whatever the number of slots."""
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
    slots = slots_qs.filter(start__gte=lo, start__lt=hi)
    bookings = Booking.objects.filter(slot__in=slots) if bookings_qs is None else bookings_qs.filter(slot__start__gte=lo, slot__start__lt=hi)

    # periods: the local weeks and months of the range cut at every week's and month's first day; a slot's
    # period is found by the database (a CASE over the boundaries, no per-row date function), each period
    # counted once into its week and its month here
    days = sorted({start, end + datetime.timedelta(days=1)} | _week_and_month_starts(start, end))
    bounds = [datetime.datetime.combine(d, datetime.time(), tzinfo=tz) for d in days]
    periods = [(("week", _monday(d)), ("month", d.replace(day=1))) for d in days[:-1]]
    slot_rows = _slot_figures(slots, "room_id", "service_id", period=_period_case("start", bounds))
    booking_rows = _booking_figures(bookings, "slot__room_id", "slot__service_id", period=_period_case("slot__start", bounds))
    per_key = _figures(slot_rows, booking_rows, _key, _booking_key)
    by_period = _figures(slot_rows, booking_rows, lambda r: periods[r["period"]], lambda r: periods[r["period"]])
    weeks = {d: f for (kind, d), f in by_period.items() if kind == "week"}
    months = {d: f for (kind, d), f in by_period.items() if kind == "month"}
    totals = Figures()
    for f in per_key.values():
        totals.add(f)

    rooms = {r.pk: r for r in Room.objects.filter(pk__in=[k[1] for k in per_key if k[0] == "room"]).select_related("place").only("id", "name", "place")}
    services = {
        s.pk: s for s in Service.objects.filter(pk__in=[k[1] for k in per_key if k[0] == "service"]).select_related("place").only("id", "name", "place")
    }
    rows, by_place = [], defaultdict(Figures)
    places = {}
    for (kind, pk), f in per_key.items():
        obj = rooms.get(pk) if kind == "room" else services.get(pk)
        if obj is None:
            continue
        place = obj.place
        rows.append((kind, obj, place, f))
        if place is not None:
            places[place.pk] = place
            by_place[place.pk].add(f)
    rows.sort(key=lambda r: (-(r[3].rate or 0), r[1].name))
    place_rows = sorted(((places[pk], f) for pk, f in by_place.items()), key=lambda p: (p[0].kind, p[0].unit_path, p[0].pk))
    return Occupancy(totals=totals, weeks=sorted(weeks.items()), months=sorted(months.items()), rooms=rows, places=place_rows)


def _key(r) -> tuple:
    return (("room", r["room_id"]) if r["room_id"] else ("service", r["service_id"]),)


def _booking_key(r) -> tuple:
    return (("room", r["slot__room_id"]) if r["slot__room_id"] else ("service", r["slot__service_id"]),)
