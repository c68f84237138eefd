"""Reads for the resident's service menu (/services/menu/): the services a person may use, searched,
grouped by place (their own station first), each with its next sessions. A handful of queries whatever
the number of services, places and slots.

Who a service is for is the named rule `doorstep.rules.service_is_for` (the place serves one of the
person's homes, and its eligibility lets them in); the menu shows those by default to a signed-in
resident, every offered service with `show_all` and to everyone else (visitors, staff without a home)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from core.pinyin import pinyin_keys
from doorstep.eligibility import eligibility_refusal, eligibility_text
from doorstep.models import Access, PlaceKind, Service, ServiceGroup, Slot
from doorstep.rules import serves_home, service_is_for
from doorstep.selectors.bookings import home_paths, my_live_bookings_by_slot

SESSIONS_SHOWN = 3  # the next sessions on a card; the service's page lists the two weeks
SESSION_DAYS = 14
GROUP_ORDER = {g: i for i, g in enumerate(ServiceGroup.values)}


@dataclass
class Person:
    """Where a signed-in person lives (their homes' unit paths) and their resident record (age, house), if any."""

    homes: list[str]
    resident: object | None

    @property
    def has_home(self) -> bool:
        return bool(self.homes)


def person_of(user) -> Person:
    """The person behind `user`, loaded once per request (kept on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return Person([], None)
    cached = getattr(user, "_services_person", None)
    if cached is None:
        from people.models import Resident

        resident = Resident.objects.filter(user=user).only("id", "birth_date", "unit_path").first()
        homes = home_paths(user, resident=resident)
        cached = user._services_person = Person(homes, resident)
    return cached


@dataclass
class PlaceSection:
    place: object
    near: bool  # the place serves one of the person's homes
    services: list = field(default_factory=list)


@dataclass
class Menu:
    sections: list  # [PlaceSection], the person's own places first
    shown: int  # services on the page
    total: int  # services matching the search and filters, for anyone
    filtered: bool  # only the services for the person (a resident, without show_all)
    has_home: bool


def _norm(text: str) -> str:
    return (text or "").casefold()


def matches(service, q: str) -> bool:
    """`q` in the service's name, description, place, room or provider; Latin letters also match the name's
    pinyin initials or full pinyin ("jtys" and "jiating" find 家庭医生坐诊)."""
    if not q:
        return True
    needle = _norm(q)
    provider = service.provider.name if service.provider_id and service.provider else ""
    room = service.room.name if service.room_id and service.room else ""
    haystack = " ".join((service.name, service.description, service.place.name, room, provider, service.provider_name, service.get_group_display()))
    if needle in _norm(haystack):
        return True
    compact = needle.replace(" ", "")
    if compact.isascii() and compact.isalpha():
        full, initials = pinyin_keys(service.name)
        return initials.startswith(compact) or compact in full or compact in initials
    return False


def upcoming_sessions(service_ids: list[int], now=None, per_service: int = SESSIONS_SHOWN) -> dict[int, list]:
    """{service id: [its next `per_service` sessions]} over the next two weeks, each slot annotated with `total`
    (the service's sessions in those two weeks). One query (a window function), whatever the number of slots."""
    if not service_ids:
        return {}
    now = now or timezone.now()
    rows = (
        Slot.objects.filter(service_id__in=service_ids, start__gt=now, start__lt=now + datetime.timedelta(days=SESSION_DAYS), is_cancelled=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("service_id")], order_by=[F("start").asc(), F("id").asc()]),
            total=Window(Count("id"), partition_by=[F("service_id")]),
        )
        .filter(rank__lte=per_service)
        .order_by("service_id", "start", "id")
    )
    out: dict[int, list] = {}
    for slot in rows:
        out.setdefault(slot.service_id, []).append(slot)
    return out


def _place_order(section: PlaceSection, homes: list[str]):
    place = section.place
    # own places first, the most local (the 居民区's station) before the wider (the 街道's centre); then the centre, then stations
    return (not section.near, -len(place.unit_path) if section.near else 0, place.kind != PlaceKind.CENTRE, place.unit_path, place.pk)


def service_menu(user, *, q: str = "", group: str = "", place_id: int | None = None, show_all: bool = False, now=None) -> Menu:
    """The menu for `user`: offered services matching the search and filters, grouped by place, the person's own
    first; a signed-in resident sees only those `service_is_for` them unless `show_all`. Each service carries
    `who` (its rule in words), `for_me`, `refusal` (why not, when shown with show_all), `sessions` [(slot, my
    booking or None)] and `more_sessions`."""
    now = now or timezone.now()
    person = person_of(user)
    qs = Service.objects.filter(is_active=True).select_related("place__unit", "room", "provider")
    if group:
        qs = qs.filter(group=group)
    if place_id:
        qs = qs.filter(place_id=place_id)
    candidates = [s for s in qs.order_by("place__kind", "place__unit_path", "name", "id") if matches(s, q)]
    filtered = person.has_home and not show_all
    today = timezone.localdate(now)
    services = []
    for s in candidates:
        s.who = eligibility_text(s)
        s.for_me = person.has_home and service_is_for(s, homes=person.homes, resident=person.resident, day=today)
        s.refusal = None
        if person.has_home and not s.for_me:
            s.refusal = eligibility_refusal(s, person.resident, today) if serves_home(s.unit_path, person.homes) else None
        if s.for_me or not filtered:
            services.append(s)
    sessions = upcoming_sessions([s.pk for s in services if s.access == Access.BOOK], now=now)
    mine = my_live_bookings_by_slot(user, [slot for rows in sessions.values() for slot in rows])
    sections: dict[int, PlaceSection] = {}
    for s in services:
        rows = sessions.get(s.pk, [])
        s.sessions = [(slot, mine.get(slot.pk)) for slot in rows]
        s.more_sessions = max(0, rows[0].total - len(rows)) if rows else 0
        section = sections.get(s.place_id)
        if section is None:
            section = sections[s.place_id] = PlaceSection(s.place, serves_home(s.place.unit_path, person.homes))
        section.services.append(s)
    ordered = sorted(sections.values(), key=lambda sec: _place_order(sec, person.homes))
    for sec in ordered:
        sec.services.sort(key=lambda s: (not s.for_me, GROUP_ORDER.get(s.group, 9), s.name, s.pk))
    return Menu(sections=ordered, shown=len(services), total=len(candidates), filtered=filtered, has_home=person.has_home)
