"""Public station pages (no sign-in): the centre and the 22 stations as a list and a map, and one station's
page: address, opening hours, who is on duty now and next (names only, never phone numbers), its rooms
(1+5+X, or the centre's floors), its four committees, its duties and the services it offers."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.views.generic import TemplateView

from accounts.roles import VIEW_SERVICE
from accounts.scope import has_perm_anywhere
from doorstep.models import Committee, CommitteeKind, Place, PlaceKind, Room, RoomKind, Service, ServiceGroup
from doorstep.models.places import STATION_CORE_ROOMS
from doorstep.selectors.points import map_geojson
from doorstep.services.duty import is_open_now, next_shifts, on_duty_now

MENU_DETAIL_NAMES = ("services:menu-service", "services:menu-detail")
MENU_INDEX_NAMES = ("services:menu", "services:menu-list")
ROOM_WEEK_NAMES = ("services:room-week",)


def _reverse_first(names, args=()):
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def menu_links():
    """(index URL, a function of a service id) for the menu pages that the bookings pages provide."""
    index = _reverse_first(MENU_INDEX_NAMES) or "/services/menu/"
    sample = _reverse_first(MENU_DETAIL_NAMES, args=[0])
    if sample is None:
        return index, lambda pk: f"/services/menu/{pk}/"
    head = sample[: sample.rindex("0")]
    tail = sample[sample.rindex("0") + 1 :]
    return index, lambda pk: f"{head}{pk}{tail}"


def room_link():
    """A function of a room id giving its week of bookable slots (the bookings pages), or None."""
    sample = _reverse_first(ROOM_WEEK_NAMES, args=[0])
    if sample is None:
        return lambda pk: None
    head, tail = sample[: sample.rindex("0")], sample[sample.rindex("0") + 1 :]
    return lambda pk: f"{head}{pk}{tail}"


def hours_table(place: Place):
    """[(weekday name, ["08:30-17:00", ...])] Monday first; an empty list is a closed day."""
    hours = place.opening_hours or {}
    return [(WEEKDAYS[i], [f"{a}-{b}" for a, b in hours.get(str(i), [])]) for i in range(7)]


def map_context():
    return {"center": settings.MAP_CENTER, "tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


class StationListView(TemplateView):
    """/services/stations/: the centre first (its floors and functions), then the stations, and a map."""

    template_name = "services/stations/station_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        places = list(Place.objects.select_related("unit").order_by("kind", "unit_path", "id"))
        centres = [p for p in places if p.kind == PlaceKind.CENTRE]
        rooms = Room.objects.filter(place__in=centres, is_active=True).order_by("floor", "name")
        floors = {}
        for room in rooms:
            floors.setdefault((room.place_id, room.floor), []).append(room)
        ctx["centres"] = [
            {"place": c, "open": is_open_now(c, now), "floors": [(f, rs) for (pid, f), rs in sorted(floors.items()) if pid == c.pk]} for c in centres
        ]
        ctx["stations"] = [{"place": p, "open": is_open_now(p, now)} for p in places if p.kind == PlaceKind.STATION]
        user = self.request.user
        ctx["roster_places"] = [p for p in places if user.has_perm("services.view_service", p)] if user.is_authenticated else []
        ctx["can_receive"] = user.is_authenticated and user.has_perm("services.receive_visitor")
        ctx.update(map_context())
        ctx["geojson_url"] = reverse("services:station-map-geojson")
        return ctx


def group_rooms(place: Place, rooms):
    """A station's rooms as 1 + 5 + X; the centre's by floor."""
    if place.kind == PlaceKind.CENTRE:
        floors = {}
        for room in rooms:
            floors.setdefault(room.floor, []).append(room)
        return {"floors": sorted(floors.items())}
    five = [k for k in STATION_CORE_ROOMS if k != RoomKind.AFFAIRS_HALL]
    return {
        "one": [r for r in rooms if r.kind == RoomKind.AFFAIRS_HALL],
        "five": sorted((r for r in rooms if r.kind in five), key=lambda r: five.index(r.kind)),
        "x": [r for r in rooms if r.kind not in STATION_CORE_ROOMS],
    }


def with_links(rooms):
    link = room_link()
    for room in rooms:
        room.week_url = link(room.pk) if room.bookable else None
    return rooms


class StationDetailView(TemplateView):
    template_name = "services/stations/station_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        place = get_object_or_404(
            Place.objects.select_related("unit", "operator").prefetch_related(
                Prefetch("rooms", queryset=Room.objects.filter(is_active=True).order_by("floor", "name")),
                Prefetch("committees", queryset=Committee.objects.order_by("kind").prefetch_related("members")),
            ),
            pk=self.kwargs["pk"],
        )
        now = timezone.now()
        committees = {c.kind: c for c in place.committees.all()}
        services = list(Service.objects.filter(place=place, is_active=True).select_related("room").order_by("group", "name"))
        menu_index, menu_url = menu_links()
        by_group = [(g.label, [(s, menu_url(s.pk)) for s in services if s.group == g.value]) for g in ServiceGroup]
        user = self.request.user
        ctx.update(
            place=place,
            now=now,
            open_now=is_open_now(place, now),
            hours=hours_table(place),
            today=timezone.localtime(now).weekday(),
            on_duty=on_duty_now(place, now),
            next_shifts=next_shifts(place, now),
            rooms=group_rooms(place, with_links(list(place.rooms.all()))),
            committees=[(k.label, committees.get(k.value)) for k in CommitteeKind],
            services=[(label, items) for label, items in by_group if items],
            menu_index=menu_index,
            duties=[line.strip() for line in (place.duties or "").splitlines() if line.strip()],
            personalised=[line.strip() for line in (place.personalised or "").splitlines() if line.strip()],
            is_centre=place.kind == PlaceKind.CENTRE,
            staff_links=user.is_authenticated and user.has_perm("services.view_service", place),
            can_receive=user.is_authenticated and user.has_perm("services.receive_visitor", place),
            **map_context(),
        )
        return ctx


class ServiceMapView(TemplateView):
    """The map of stations (public) and, for staff, the 睦邻点 in their scope."""

    template_name = "services/stations/service_map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(map_context())
        ctx["geojson_url"] = reverse("services:station-map-geojson")
        ctx["with_points"] = self.request.user.is_authenticated and has_perm_anywhere(self.request.user, VIEW_SERVICE)
        return ctx


def station_map_geojson(request):
    """Stations and the centre for everyone; 睦邻点 only those in the signed-in user's scope."""
    return JsonResponse(map_geojson(request.user))
