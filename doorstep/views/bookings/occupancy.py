"""Occupancy for staff (/services/occupancy/): per place and per room or service in the user's scope,
bookings, occupancy rate (booked place-hours / offered place-hours) by week and by month, no-shows and
waitlist counts; charts (ECharts) with the same figures in tables."""

from django.db.models import Q
from django.http import Http404
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import VIEW_SERVICE
from core.views import CapabilityMixin
from doorstep.forms.bookings import OccupancyForm
from doorstep.models import Booking, Place, Slot
from doorstep.selectors.bookings import occupancy


def pct(rate) -> str:
    return "—" if rate is None else f"{number_format(rate * 100, 1)}%"


COUNTS = ("slots", "bookings", "checked_in", "no_shows", "waitlisted", "cancelled")


def row(f, numbers: dict) -> dict:
    """A table row's figures as text, and its cells as one piece of HTML (hundreds of rows: one template variable
    each, not nine). `numbers` memoises the formatting of the counts within a page (mostly small, repeated)."""

    def n(value):
        got = numbers.get(value)
        if got is None:
            got = numbers[value] = number_format(value, force_grouping=True)
        return got

    out = {name: n(getattr(f, name)) for name in COUNTS}
    out.update(offered=number_format(f.offered, 1, force_grouping=True), booked_hours=number_format(f.booked_hours, 1, force_grouping=True), rate=pct(f.rate))
    out["cells"] = mark_safe(  # noqa: S308  numbers and a percentage, formatted here
        f"<td>{out['slots']}</td><td>{out['offered']}</td><td>{out['booked_hours']}</td><td>{out['rate']}</td>"
        f"<td class=\"n-bookings\">{out['bookings']}</td><td>{out['checked_in']}</td><td>{out['no_shows']}</td><td>{out['waitlisted']}</td><td>{out['cancelled']}</td>"
    )
    return out


def _pct_value(rate):
    return None if rate is None else round(rate * 100, 1)


def chart_data(result) -> dict:
    return {
        "labels": {"rate": _("Occupancy rate"), "bookings": _("Bookings"), "no_shows": _("No-shows"), "waitlisted": _("Waitlisted"), "percent": "%"},
        "weeks": [f"{d:%m-%d}" for d, _f in result.weeks],
        "week_rate": [_pct_value(f.rate) for _d, f in result.weeks],
        "week_bookings": [f.bookings for _d, f in result.weeks],
        "week_no_shows": [f.no_shows for _d, f in result.weeks],
        "week_waitlisted": [f.waitlisted for _d, f in result.weeks],
        "places": [p.name for p, _f in result.places],
        "place_rate": [_pct_value(f.rate) for _p, f in result.places],
    }


class OccupancyView(CapabilityMixin, TemplateView):
    template_name = "services/bookings/occupancy.html"
    required_perm = VIEW_SERVICE

    def get(self, request, *args, **kwargs):
        user = request.user
        form = OccupancyForm(request.GET)
        places = list(Place.objects.for_user(user, VIEW_SERVICE).order_by("kind", "unit_path", "id").only("id", "name", "kind", "unit_path"))
        ctx = self.get_context_data(form=form, places=places, place=None)
        if not form.is_valid():
            return self.render_to_response(ctx, status=400)
        slots = Slot.objects.for_user(user, VIEW_SERVICE)
        bookings = Booking.objects.for_user(user, VIEW_SERVICE)  # the same scope through slot__unit_path
        place_id = form.cleaned_data["place"]
        if place_id:
            place = next((p for p in places if p.pk == place_id), None)
            if place is None:
                raise Http404
            slots = slots.filter(Q(room__place=place) | Q(service__place=place))
            bookings = bookings.filter(Q(slot__room__place=place) | Q(slot__service__place=place))
            ctx["place"] = place
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        result = occupancy(slots, start, end, bookings_qs=bookings)
        numbers = {}
        ctx.update(
            start=start,
            end=end,
            result=result,
            totals=row(result.totals, numbers),
            weeks=[(d, row(f, numbers)) for d, f in result.weeks],
            months=[(d, row(f, numbers)) for d, f in result.months],
            rooms=[(kind, obj, p, row(f, numbers)) for kind, obj, p, f in result.rooms],
            place_rows=[(p, row(f, numbers)) for p, f in result.places],
            chart=chart_data(result),
        )
        return self.render_to_response(ctx)
