"""The public menu (菜单式服务) and rooms: phone first, open to everyone; booking needs signing in."""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.filters import IdField
from doorstep.eligibility import eligibility_refusal, eligibility_text
from doorstep.models import Room, Service, ServiceGroup, Slot
from doorstep.selectors import bookings as sel
from doorstep.selectors import menu as menu_sel
from doorstep.slots import periods_text

WEEKDAYS = range(7)


def hours_rows(hours: dict) -> list[tuple[int, str]]:
    """[(weekday, "08:30-12:00, 13:30-17:00")] for the days the place is open."""
    return [(d, periods_text(hours.get(str(d), []))) for d in WEEKDAYS if hours.get(str(d))]


def _id(value):
    try:
        return IdField(required=False).clean(value)
    except Exception:  # noqa: BLE001  a bad id in the URL filters nothing
        return None


def session_texts(menu):
    """Each card's sessions as (slot, my booking, when, places free, the book button's label, its URL): written
    once here rather than by a dozen template filters per session (a visitor's menu holds ~200 sessions)."""
    whens = {}
    for sec in menu.sections:
        for s in sec.services:
            rows = []
            for slot, mine in s.sessions:
                when = whens.get((slot.start, slot.end))
                if when is None:
                    a, b = timezone.localtime(slot.start), timezone.localtime(slot.end)
                    when = whens[(slot.start, slot.end)] = (
                        f"{date_format(a, 'MONTH_DAY_FORMAT')} {date_format(a, 'D')} {a:%H:%M}-{b:%H:%M}",
                        f"{date_format(a, 'MONTH_DAY_FORMAT')}",
                        f"{a:%H:%M}",
                    )
                free = ngettext("%(n)s place free", "%(n)s places free", slot.free) % {"n": slot.free}
                label = _("Book %(name)s on %(when)s at %(time)s") % {"name": s.name, "when": when[1], "time": when[2]}
                rows.append((slot, mine, when[0], free, label, reverse("services:slot-book", args=[slot.pk])))
            s.session_rows = rows


class MenuView(TemplateView):
    """/services/menu/: one card per service with its next sessions, grouped by place (the resident's own station
    first). A signed-in resident sees the services for them (`doorstep.rules.service_is_for`) unless ?all=1;
    ?q= searches (text, pinyin initials), ?group= and ?place= filter."""

    template_name = "services/menu/menu.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = self.request.GET
        group = params.get("group", "")
        group = group if group in ServiceGroup.values else ""
        place_id = _id(params.get("place"))
        q = params.get("q", "").strip()[:50]
        show_all = params.get("all") == "1"
        menu = menu_sel.service_menu(self.request.user, q=q, group=group, place_id=place_id, show_all=show_all)
        session_texts(menu)
        places = sel.menu_places()
        homes = menu_sel.person_of(self.request.user).homes
        places.sort(key=lambda p: not sel.is_near(p.unit_path, homes))
        keep = {k: v for k, v in (("q", q), ("group", group), ("place", place_id or "")) if v}
        ctx.update(
            menu=menu,
            sections=menu.sections,
            q=q,
            group=group,
            place_id=place_id,
            show_all=show_all,
            places=places,
            group_choices=ServiceGroup.choices,
            has_home=menu.has_home,
            toggle_query=urlencode(keep if show_all else {**keep, "all": "1"}),
        )
        return ctx


class ServiceDetailView(TemplateView):
    """/services/menu/<id>/: one service: place, schedule, provider, fee, who may use it, its sessions."""

    template_name = "services/menu/service.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        service = get_object_or_404(Service.objects.select_related("place__unit", "room", "provider"), pk=kwargs["pk"], is_active=True)
        user = self.request.user
        slots = sel.upcoming_slots(service=service)
        mine = sel.my_live_bookings_by_slot(user, slots)
        refusal = None
        if user.is_authenticated and service.eligibility:
            from people.models import Resident

            resident = Resident.objects.filter(user=user).only("id", "birth_date", "unit_path").first()
            refusal = eligibility_refusal(service, resident, timezone.localdate())
        ctx.update(
            service=service,
            who=eligibility_text(service),
            sessions=[(s, mine.get(s.pk)) for s in slots],
            refusal=refusal,
            hours=hours_rows(service.room.opening_hours if service.room and service.room.opening_hours else service.place.opening_hours),
            can_edit=user.is_authenticated and user.has_perm(CHANGE_SERVICE, service),
        )
        return ctx


class RoomListView(TemplateView):
    """/services/rooms/: rooms that can be booked, the resident's own station first."""

    template_name = "services/menu/rooms.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        place_id = _id(self.request.GET.get("place"))
        now = timezone.now()
        # free slots of the coming week per room: a subquery on the (room, start) index, not a GROUP BY over the join
        free = (
            Slot.objects.filter(room=OuterRef("pk"), start__gt=now, start__lt=now + datetime.timedelta(days=7), is_cancelled=False, booked=0)
            .order_by()
            .values("room")
            .annotate(n=Count("id"))
            .values("n")
        )
        rooms = (
            Room.objects.filter(bookable=True, is_active=True, place__isnull=False)
            .select_related("place")
            .annotate(free=Coalesce(Subquery(free, output_field=IntegerField()), Value(0)))
        )
        if place_id:
            rooms = rooms.filter(place_id=place_id)
        rooms = list(rooms.order_by("place__kind", "place__unit_path", "floor", "name", "id"))
        homes = sel.home_paths(self.request.user)
        rooms.sort(key=lambda r: not sel.is_near(r.place.unit_path, homes))
        places = sel.menu_places()
        places.sort(key=lambda p: not sel.is_near(p.unit_path, homes))
        ctx.update(rooms=rooms, places=places, place_id=place_id)
        return ctx


class RoomWeekView(TemplateView):
    """/services/rooms/<id>/?week=YYYY-MM-DD: the room's week, each slot free, booked, full or past."""

    template_name = "services/menu/room_week.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        room = get_object_or_404(Room.objects.select_related("place__unit", "operator"), pk=kwargs["pk"], is_active=True)
        today = timezone.localdate()
        try:
            day = datetime.date.fromisoformat(self.request.GET.get("week", ""))
        except ValueError:
            day = today
        monday = sel.week_start(day)
        user = self.request.user
        week = sel.room_week(room, monday, user=user)
        ctx.update(
            room=room,
            week=week,
            prev_week=monday - datetime.timedelta(days=7),
            next_week=monday + datetime.timedelta(days=7),
            this_week=sel.week_start(today),
            hours=hours_rows(room.opening_hours or (room.place.opening_hours if room.place else {})),
            is_staff=user.is_authenticated and user.has_perm(VIEW_SERVICE, room),
            can_edit=user.is_authenticated and user.has_perm(CHANGE_SERVICE, room),
        )
        return ctx
