from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts.roles import CHANGE_RESIDENT, CHANGE_UNIT, VIEW_HOUSEHOLD, VIEW_UNIT
from accounts.scope import scope_paths
from core.views import ScopedDetailView, ScopedListView

from . import selectors, services
from .filtersets import UnitFilterSet
from .forms import UnitForm
from .models import Unit, UnitKind


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
        ctx["responsibles"] = unit.responsibles.all()
        ctx["can_change"] = user.has_perm(CHANGE_UNIT, unit)
        ctx["can_add_resident"] = unit.kind == UnitKind.HOUSE and user.has_perm(CHANGE_RESIDENT, unit)
        ctx["can_view_households"] = user.has_perm(VIEW_HOUSEHOLD, unit)
        ctx["map_tile_url"] = settings.MAP_TILE_URL
        return ctx


class UnitEditView(LoginRequiredMixin, FormView):
    form_class = UnitForm
    template_name = "org/unit_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.unit = get_object_or_404(Unit.objects.for_user(request.user, VIEW_UNIT), pk=kwargs["pk"]) if request.user.is_authenticated else None
        if self.unit is not None and not request.user.has_perm(CHANGE_UNIT, self.unit):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "unit": self.unit}


class GridMapView(LoginRequiredMixin, TemplateView):
    template_name = "org/grid_map.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if scope_paths(self.request.user, VIEW_UNIT) is None:
            raise PermissionDenied
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
