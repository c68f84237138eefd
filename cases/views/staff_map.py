"""The map of open cases, coloured by state (Leaflet), and its scoped GeoJSON."""

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from accounts.roles import VIEW_CASE
from accounts.scope import scope_paths
from cases.filtersets import MapFilterSet
from cases.models import late_q
from cases.queues import cases_visible_to
from cases.workflow import OPEN_STATES, CaseState
from core.filtersets import ALL
from core.views import CapabilityMixin

MAP_LIMIT = 2000  # newest first; the filters narrow it




def legend():
    return [(str(s), CaseState(s).label) for s in OPEN_STATES]


class CaseMapView(CapabilityMixin, TemplateView):
    template_name = "cases/staff/map.html"
    required_perm = VIEW_CASE

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        f = MapFilterSet(self.request.GET or None)
        f.form.fields["state"].choices = [("", ALL), *[(s, CaseState(s).label) for s in OPEN_STATES]]
        ctx["filter_form"] = f.form
        ctx["legend"] = legend()
        ctx["center"] = settings.MAP_CENTER
        ctx["tile_url"] = settings.MAP_TILE_URL
        ctx["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        ctx["geojson_url"] = reverse("cases:map-geojson") + (f"?{self.request.GET.urlencode()}" if self.request.GET else "")
        ctx["limit"] = MAP_LIMIT
        return ctx


def case_features(user, params) -> dict:
    qs = cases_visible_to(user).filter(state__in=OPEN_STATES, lat__isnull=False, lng__isnull=False)
    f = MapFilterSet(params, queryset=qs)
    now = timezone.now()
    rows = f.qs.order_by("-id").annotate(late=ExpressionWrapper(late_q(now), output_field=BooleanField()))
    rows = rows.values("id", "number", "state", "lat", "lng", "late", "category__name")[:MAP_LIMIT] if f.is_valid() else []
    base = reverse("cases:case-detail", args=[0])[:-2]
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["lng"]), float(r["lat"])]},
            "properties": {
                "id": r["id"],
                "number": r["number"],
                "state": r["state"],
                "state_label": str(CaseState(r["state"]).label),
                "category": r["category__name"],
                "overdue": bool(r["late"]),
                "url": f"{base}{r['id']}/",
            },
        }
        for r in rows
    ]
    return {"type": "FeatureCollection", "features": features}


def case_geojson(request):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    if scope_paths(request.user, VIEW_CASE) is None:
        return JsonResponse({"detail": "forbidden"}, status=403)
    return JsonResponse(case_features(request.user, request.GET))
