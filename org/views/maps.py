"""The base layer and the place search of every map (org/basemap.py), as JSON for static/core/maps.js.

Both answer anyone, signed in or not: a visitor reporting a problem needs to find the street. What each side
gets is decided in org.basemap (staff: their scope, with links; everyone else: public names and addresses)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from org import basemap


def _kind_label(kind: str) -> str:
    return {"district": _("Residential district"), "grid": _("Grid"), "building": _("Building"), "street": _("Street segment")}[kind]


@require_GET
def base_geojson(request):
    """The base layer as a GeoJSON FeatureCollection (cached; private: the staff side depends on the user)."""
    layer = basemap.layer_for(request.user)
    response = JsonResponse({"type": "FeatureCollection", "staff": layer["staff"], "features": layer["features"]}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_GET
def place_search(request):
    """?q=: building addresses and unit names matching the words, best first, with where to move the map."""
    query = request.GET.get("q", "").strip()[:60]
    results = basemap.search(request.user, query) if query else []
    for r in results:
        r["kind_label"] = _kind_label(r["kind"])
    return JsonResponse({"query": query, "results": results}, json_dumps_params={"ensure_ascii": False})
