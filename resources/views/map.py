"""资源共享导图 (S2.4) pages: the map (Leaflet, one layer per kind, needs and agreement lines), the graph
(ECharts, with the same edges in a table), and their JSON: GeoJSON (downloadable) and the graph's nodes
and edges. All need resources.view_resource; the data come from resources.selectors.map."""

import datetime

from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.roles import VIEW_RESOURCE
from accounts.scope import has_perm_anywhere
from core.views import CapabilityMixin
from org.models import Unit
from resources.models import NeedState
from resources.selectors.map import (
    CATEGORIES,
    CURRENT_NEED_STATES,
    LAYERS,
    RESOURCE_KINDS,
    MapQuery,
    category_label_one,
    category_labels,
    district_choices,
    layer_labels,
    map_features,
    resource_graph,
    type_choices,
)

MAX_DAYS = 3660  # a period of at most ten years
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)
SWATCH = {
    "talent": "proposed",
    "space": "active",
    "project": "model",
    "need": "place",
    "match": "flagged",
}  # colours of static/services/stations.css, as in static/resources/map.js


class MapFilterForm(forms.Form):
    """The map's and the graph's filters, for the pages, their JSON and the API alike (?kind=talent&kind=need
    &type=<id>&district=<id>&state=open&from=YYYY-MM-DD&to=YYYY-MM-DD; the graph also &show=all)."""

    kind = forms.MultipleChoiceField(label=gettext_lazy("Show"), required=False, widget=forms.CheckboxSelectMultiple)
    type = forms.TypedChoiceField(label=gettext_lazy("Type"), coerce=int, required=False, empty_value=None)
    district = forms.TypedChoiceField(label=gettext_lazy("Residential district"), coerce=int, required=False, empty_value=None)
    state = forms.ChoiceField(label=gettext_lazy("Needs shown"), required=False)
    show = forms.ChoiceField(label=gettext_lazy("Resources"), required=False)

    def __init__(self, data, *, user, graph=False):
        super().__init__(data)
        labels = layer_labels()
        self.graph = graph
        self.fields["kind"].choices = [(k, labels[k]) for k in (RESOURCE_KINDS if graph else LAYERS)]
        self.fields["type"].choices = [("", _("All types")), *type_choices()]
        self.fields["district"].choices = [("", _("All in my area")), *district_choices(user)]
        self.fields["state"].choices = [("", _("Current (open, agreed, served)")), *NeedState.choices]
        self.fields["show"].choices = [("", _("Only those with agreements")), ("all", _("All resources"))]
        self.fields["from"] = forms.DateField(label=_("From date"), required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))
        self.fields["to"] = forms.DateField(label=_("To date"), required=False, input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"}))
        del self.fields["state" if graph else "show"]

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        for key, day in (("from", start), ("to", end)):
            if day and not (EARLIEST <= day <= LATEST):
                self.add_error(key, _("Choose a day between %(a)s and %(b)s.") % {"a": EARLIEST.isoformat(), "b": LATEST.isoformat()})
                return data
        if start and end and end < start:
            raise forms.ValidationError(_("The end of the period is before its start."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most ten years."))
        return data

    def query(self) -> MapQuery:
        """The MapQuery of valid input (call is_valid() first); with no kind chosen, every kind."""
        d = self.cleaned_data
        district = Unit.objects.only("id", "path", "name").get(pk=d["district"]) if d.get("district") else None
        state = d.get("state")
        return MapQuery(
            layers=frozenset(d.get("kind") or (RESOURCE_KINDS if self.graph else LAYERS)),
            type_id=d.get("type"),
            district=district,
            need_states=(state,) if state else CURRENT_NEED_STATES,
            start=d.get("from"),
            end=d.get("to"),
            matched_only=self.graph and d.get("show") != "all",
        )

    def errors_json(self) -> dict:
        return {k: [str(m) for m in v] for k, v in self.errors.items()}


class MapAccess(CapabilityMixin):
    required_perm = VIEW_RESOURCE


def with_every_kind(data, kinds):
    """The page's filters with every kind ticked when none is chosen (which is what an empty choice means)."""
    if data.getlist("kind"):
        return data
    data = data.copy()
    data.setlist("kind", list(kinds))
    return data


def _with_query(url: str, request) -> str:
    q = request.GET.urlencode()
    return f"{url}?{q}" if q else url


def links(request) -> dict:
    """The map and the graph link to each other with the filters they share (type, 居民区, period)."""
    shared = request.GET.copy()
    for key in ("kind", "state", "show"):
        shared.pop(key, None)
    q = f"?{shared.urlencode()}" if shared else ""
    return {"map_url": reverse("resources:map") + q, "graph_url": reverse("resources:map-graph") + q}


class MapView(MapAccess, TemplateView):
    """/resources/map/: one layer per resource kind, the needs and the agreement lines, over the grids."""

    template_name = "resources/map/map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = MapFilterForm(with_every_kind(self.request.GET, LAYERS), user=self.request.user)
        form.is_valid()
        labels = layer_labels()
        ctx.update(
            form=form,
            **links(self.request),
            geojson_url=_with_query(reverse("resources:map-geojson"), self.request),
            download_url=_with_query(reverse("resources:map-geojson"), self.request),
            download_label=_("Download GeoJSON"),
            grids_url=reverse("org:grid-geojson"),
            center=settings.MAP_CENTER,
            tile_url=settings.MAP_TILE_URL,
            tile_attribution=settings.MAP_TILE_ATTRIBUTION,
            kind_boxes=[(box, SWATCH[box.data["value"]]) for box in form["kind"]],
            map_labels={
                "layers": labels, "grids": _("Grids"), "types": _("Types"), "district": _("Residential district"),
                "capacity": _("People at once"), "people": _("Number of people"), "state": _("State"), "matches": _("Agreements"),
                "records": _("Service records"), "offered_by": _("Offered by"), "placed": _("Shown at the centre of the residential district"),
                "need": _("Need"), "resource": _("Resource"), "count": _("{n} on the map"), "open": _("Open the page"),
            },
        )  # fmt: skip
        return ctx


class GraphView(MapAccess, TemplateView):
    """/resources/map/graph/: which units and resources serve which 居民区; the same edges in a table."""

    template_name = "resources/map/graph.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = MapFilterForm(with_every_kind(self.request.GET, RESOURCE_KINDS), user=self.request.user, graph=True)
        graph = resource_graph(self.request.user, form.query()) if form.is_valid() else {"nodes": [], "edges": [], "totals": {"matches": 0, "records": 0}}
        nodes = {n["id"]: n for n in graph["nodes"]}
        one = category_label_one()
        kinds = [one[c] for c in CATEGORIES]  # by a node's category index
        ctx.update(
            form=form,
            kind_boxes=[(box, SWATCH[box.data["value"]]) for box in form["kind"]],
            graph=graph,
            rows=[
                {
                    "edge": e,
                    "source": nodes[e["source"]],
                    "target": nodes[e["target"]],
                    "source_label": kinds[nodes[e["source"]]["category"]],
                    "target_label": kinds[nodes[e["target"]]["category"]],
                }
                for e in graph["edges"]
            ],
            counts=[(label, sum(1 for n in graph["nodes"] if n["kind"] == k)) for k, label in node_kinds()],
            totals=graph["totals"],
            **links(self.request),
            json_url=_with_query(reverse("resources:map-graph-json"), self.request),
            download_url=_with_query(reverse("resources:map-graph-json"), self.request),
            download_label=_("Download JSON"),
            graph_labels={"matches": _("Agreements"), "records": _("Service records")},
        )
        return ctx


def _refuse(request):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in first.")}, status=401)
    if not has_perm_anywhere(request.user, VIEW_RESOURCE):
        return JsonResponse({"detail": _("Your role may not see the resource map.")}, status=403)
    return None


def map_geojson(request):
    """/resources/map/features.geojson: the filtered layers, as a file to download (RFC 7946)."""
    refused = _refuse(request)
    if refused:
        return refused
    form = MapFilterForm(request.GET, user=request.user)
    if not form.is_valid():
        return JsonResponse(form.errors_json(), status=400)
    response = JsonResponse(map_features(request.user, form.query()), content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="resource-map-{timezone.localdate():%Y%m%d}.geojson"'
    return response


def graph_json(request):
    """/resources/map/graph.json: the graph's categories, nodes and edges."""
    refused = _refuse(request)
    if refused:
        return refused
    form = MapFilterForm(request.GET, user=request.user, graph=True)
    if not form.is_valid():
        return JsonResponse(form.errors_json(), status=400)
    return JsonResponse(resource_graph(request.user, form.query()), json_dumps_params={"ensure_ascii": False})


def node_kinds() -> list[tuple[str, str]]:
    labels = category_labels()
    return [("district", labels["district"]), ("organisation", _("Organisations")), *((k, labels[k]) for k in RESOURCE_KINDS)]
