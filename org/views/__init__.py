import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.scoping import scope_paths
from core.views import CapabilityMixin, ScopedDetailView, ScopedFormView, ScopedListView, ScopedObjectView
from org import selectors, services
from org.coverage import coverage
from org.filtersets import UnitFilterSet
from org.forms import BoundaryForm, BoundaryImportForm, ResponsibleForm, UnitForm
from org.models import CHANGE_ELEMENT, CHANGE_UNIT, VIEW_UNIT, Responsible, Unit, UnitKind


class UnitTreeView(ScopedListView):
    """The unit tree browser: the roots of the user's scope, or a search over every unit in it."""

    model = Unit
    view_perm = VIEW_UNIT
    filterset_class = UnitFilterSet
    template_name = "org/unit_tree.html"

    def get_queryset(self):
        qs = super().get_queryset()
        if not self.request.GET.get("q") and not self.request.GET.get("kind"):
            qs = qs.filter(path__in=scope_paths(self.request.user, VIEW_UNIT) or [])
        return qs


class UnitDetailView(ScopedDetailView):
    model = Unit
    view_perm = VIEW_UNIT
    template_name = "org/unit_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.object
        user = self.request.user
        children = unit.children.order_by("path")
        ctx["children_page"] = Paginator(children, 50).get_page(self.request.GET.get("page"))
        visible = scope_paths(user, VIEW_UNIT) or []
        ctx["ancestors"] = [(a, any(a.path.startswith(p) for p in visible)) for a in unit.ancestors()]
        ctx["counts"] = selectors.unit_counts(user, unit)
        ctx["responsibles"] = unit.responsibles.select_related("user")
        ctx["can_keep_responsibles"] = unit.kind not in (UnitKind.BUILDING, UnitKind.HOUSE)
        ctx["elements"] = unit.elements.all()[:100] if unit.kind == UnitKind.GRID else None
        ctx["can_add_element"] = unit.kind == UnitKind.GRID and user.has_perm(CHANGE_ELEMENT, unit)
        ctx["can_change"] = user.has_perm(CHANGE_UNIT, unit)
        ctx.update(selectors.contributed(selectors.UNIT_PAGE, user, unit))  # e.g. people: can_add_resident, can_view_households
        ctx["map_tile_url"] = settings.MAP_TILE_URL
        return ctx


class UnitChangeView(ScopedFormView):
    """A page that changes one unit: out of view scope is 404, without `org.change_unit` there 403."""

    model, view_perm, change_perm = Unit, VIEW_UNIT, CHANGE_UNIT

    @property
    def unit(self):
        return self.object

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit": self.unit}


class UnitEditView(UnitChangeView):
    form_class = UnitForm
    template_name = "org/unit_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.unit}

    def form_valid(self, form):
        try:
            services.unit_update(unit=self.unit, **{k: form.cleaned_data[k] for k in form.Meta.fields})
        except ValidationError as e:
            form.add_error(None, e)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.unit)



class GridMapView(CapabilityMixin, TemplateView):
    template_name = "org/grid_map.html"
    required_perm = VIEW_UNIT

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["center"] = settings.MAP_CENTER
        ctx["tile_url"] = settings.MAP_TILE_URL
        ctx["tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
        ctx["under"] = self.request.GET.get("under", "")
        return ctx


def grid_geojson(request):
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    under = None
    if request.GET.get("under"):
        under = get_object_or_404(Unit.objects.for_user(request.user, VIEW_UNIT), pk=request.GET["under"])
    return JsonResponse(selectors.grid_features(request.user, under))


class ResponsibleAddView(UnitChangeView):
    """人员清: add a responsible person to a unit (`unit_pk`)."""

    form_class = ResponsibleForm
    template_name = "org/responsible_form.html"
    pk_url_kwarg = "unit_pk"
    responsible = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.responsible}

    def form_valid(self, form):
        data = {**{k: form.cleaned_data[k] for k in form.Meta.fields}, "user": form.cleaned_data["username"]}
        try:
            if self.responsible is None:
                services.responsible_create(unit=self.unit, **data)
            else:
                services.responsible_update(responsible=self.responsible, **data)
        except ValidationError as e:
            form.add_error(None, e.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return redirect(self.unit)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "responsible": self.responsible}


class ResponsibleObjectMixin:
    """One responsible person (VIEW_UNIT, and of the unit the URL names: else 404); changing needs org.change_unit on the unit."""

    model, view_perm, change_perm = Responsible, VIEW_UNIT, CHANGE_UNIT

    def get_queryset(self):
        return super().get_queryset().filter(unit_id=self.kwargs["unit_pk"]).select_related("unit")

    def change_target(self):
        return self.object.unit

    @property
    def unit(self):
        return self.object.unit

    @property
    def responsible(self):
        return self.object


class ResponsibleEditView(ResponsibleObjectMixin, ResponsibleAddView):
    """人员清: change a responsible person of a unit."""

    pk_url_kwarg = "pk"


class ResponsibleDeleteView(ResponsibleObjectMixin, ScopedObjectView):
    http_method_names = ["post"]

    def post(self, request, unit_pk, pk):
        responsible = self.object
        services.responsible_delete(responsible=responsible)
        messages.success(request, _("Removed."))
        return redirect(self.unit)


class BoundaryEditView(UnitChangeView):
    """区域清: draw or paste a unit's boundary; checked as the API checks it (org.services.boundary_check)."""

    form_class = BoundaryForm
    template_name = "org/boundary_form.html"

    def get_initial(self):
        return {"boundary": json.dumps(self.unit.boundary, ensure_ascii=False) if self.unit.boundary else ""}

    def form_valid(self, form):
        try:
            services.unit_update(unit=self.unit, boundary=form.cleaned_data["boundary"])
        except ValidationError as e:
            form.add_error("boundary", e.message_dict.get("boundary", e.messages) if hasattr(e, "error_dict") else e.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("Boundary saved."))
        return redirect(self.unit)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["tile_url"], ctx["tile_attribution"], ctx["center"] = settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION, settings.MAP_CENTER
        ctx["context_url"] = reverse("org:boundary-context", args=[self.unit.pk])
        return ctx


class BoundaryContextView(ScopedObjectView):
    """The parent's boundary and the siblings' boundaries of a unit, for the boundary editor (GeoJSON)."""

    model, view_perm = Unit, VIEW_UNIT
    http_method_names = ["get"]

    def handle_no_permission(self):
        return JsonResponse({"detail": "login required"}, status=401)

    def get(self, request, pk):
        return boundary_features(self.get_queryset(), self.object)


boundary_context = BoundaryContextView.as_view()


def boundary_features(visible, unit):
    features = []
    if unit.parent_id:
        parent = visible.filter(pk=unit.parent_id, boundary__isnull=False).values("pk", "name", "boundary").first()
        if parent:
            features.append({"type": "Feature", "geometry": parent["boundary"], "properties": {"id": parent["pk"], "name": parent["name"], "role": "parent"}})
        siblings = visible.filter(parent_id=unit.parent_id, boundary__isnull=False).exclude(pk=unit.pk).values("pk", "name", "boundary")
        features += [{"type": "Feature", "geometry": s["boundary"], "properties": {"id": s["pk"], "name": s["name"], "role": "sibling"}} for s in siblings]
    return JsonResponse({"type": "FeatureCollection", "features": features})


class BoundaryImportView(UnitChangeView):
    """区域清: the boundaries of the units under this one from a GeoJSON FeatureCollection, all or nothing."""

    form_class = BoundaryImportForm
    template_name = "org/boundary_import.html"

    def form_valid(self, form):
        try:
            n = services.boundaries_import(root=self.unit, collection=form.cleaned_data["file"], units=Unit.objects.for_user(self.request.user, CHANGE_UNIT))
        except services.BoundaryImportError as e:
            return self.render_to_response(self.get_context_data(form=form, problems=e.problems))
        messages.success(self.request, _("%(n)s boundaries imported.") % {"n": n})
        return redirect(self.unit)


class CoverageView(CapabilityMixin, TemplateView):
    """全覆盖: per 居民区, its grids without a boundary or a responsible person, overlaps, gaps, area and load."""

    template_name = "org/coverage.html"
    required_perm = VIEW_UNIT

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        roots = selectors.scope_roots(user)
        visible = Unit.objects.for_user(user, VIEW_UNIT).filter(kind__in=[UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID])
        if self.request.GET.get("unit"):
            root = get_object_or_404(visible, pk=self.request.GET["unit"])
        else:
            root = roots.filter(kind__in=[UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID]).first()
        if root is not None and root.kind == UnitKind.GRID:
            root = root.parent
        ctx["root"] = root
        ctx["districts"] = coverage(user, root) if root is not None else []
        ctx["single"] = root is not None and root.kind == UnitKind.DISTRICT
        ctx["choices"] = visible.filter(kind__in=[UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT]).order_by("path").only("id", "name", "depth", "kind")[:500]
        ctx["can_change"] = root is not None and user.has_perm(CHANGE_UNIT, root)
        return ctx
