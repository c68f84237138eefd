"""What needs attention among the 睦邻点, and the dashboard: activities and attendance per 睦邻点 and per
居民区 by month (ECharts, with the same figures in tables), the points' states, and the map."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.roles import VIEW_SERVICE
from core.views import CapabilityMixin
from doorstep.forms.points import districts_for
from doorstep.inactivity import threshold
from doorstep.selectors.points import activity_figures, needs_attention, points_visible


class StaffOnly(CapabilityMixin):
    required_perm = VIEW_SERVICE


class AttentionView(StaffOnly, TemplateView):
    template_name = "services/points/attention.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["a"] = needs_attention(self.request.user)
        ctx["threshold"] = threshold()
        return ctx


class DashboardView(StaffOnly, TemplateView):
    template_name = "services/points/dashboard.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        this_year = timezone.localdate().year
        try:
            year = int(self.request.GET.get("year") or this_year)
        except ValueError:
            year = this_year
        year = min(max(year, 2000), this_year)
        districts = list(districts_for(user, None).only("id", "name"))
        district = next((d for d in districts if str(d.pk) == self.request.GET.get("district")), None)
        points = points_visible(user)
        if district is not None:
            points = points.filter(unit=district)
        figures = activity_figures(points, year)
        month_labels = [f"{m}" for m in range(1, 13)]
        ctx.update(
            year=year,
            years=list(range(this_year, this_year - 5, -1)),
            districts=districts,
            district=district,
            f=figures,
            month_labels=month_labels,
            total_activities=sum(figures["months"]),
            total_attendance=sum(figures["attendance"]),
            chart={
                "labels": {
                    "activities": _("Activities"),
                    "attendance": _("Attendance"),
                    "month": _("Month"),
                    "states": _("Points by state"),
                },
                "months": month_labels,
                "activities": figures["months"],
                "attendance": figures["attendance"],
                "districts": [d["name"] for d in figures["districts"]],
                "district_activities": [d["total_n"] for d in figures["districts"]],
                "district_attendance": [d["total_a"] for d in figures["districts"]],
                "states": [{"name": str(label), "value": n, "code": str(code)} for code, label, n in figures["states"] if n],
            },
            geojson_url=reverse("services:station-map-geojson"),
            center=settings.MAP_CENTER,
            tile_url=settings.MAP_TILE_URL,
            tile_attribution=settings.MAP_TILE_ATTRIBUTION,
        )
        return ctx
