"""The 睦邻点 registry: a filtered, paginated list beside a map of the same points, their GeoJSON, and
proposing or editing a point (services.change_point)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import CHANGE_POINT, REVIEW_POINT, VIEW_SERVICE
from accounts.scope import scope_paths
from core.views import CapabilityMixin, ScopedListView, ScopedObjectView
from doorstep.filtersets import PointFilterSet
from doorstep.forms.points import PointForm
from doorstep.inactivity import threshold
from doorstep.models import NeighbourhoodPoint
from doorstep.selectors.points import point_features, points_visible, recent_activity_counts
from doorstep.services.points import EDITABLE, point_propose, point_update


class PointListView(ScopedListView):
    model = NeighbourhoodPoint
    view_perm = VIEW_SERVICE
    filterset_class = PointFilterSet
    template_name = "services/points/point_list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "operator").order_by("unit_path", "name", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        t = threshold()
        since = t.since(timezone.localdate())
        rows = list(ctx["object_list"])
        counts = recent_activity_counts([p.pk for p in rows], since)
        ctx["rows"] = [(p, counts.get(p.pk, 0)) for p in rows]
        ctx["threshold"] = t
        ctx["since"] = since
        ctx["can_propose"] = scope_paths(user, CHANGE_POINT) is not None
        ctx["can_review"] = scope_paths(user, REVIEW_POINT) is not None
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["geojson_url"] = reverse("services:point-geojson") + (f"?{query.urlencode()}" if query else "")
        ctx.update(center=settings.MAP_CENTER, tile_url=settings.MAP_TILE_URL, tile_attribution=settings.MAP_TILE_ATTRIBUTION)
        return ctx


def point_geojson(request):
    """The registry's points (the same filters), scoped to the user."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    if scope_paths(request.user, VIEW_SERVICE) is None:
        return JsonResponse({"detail": "forbidden"}, status=403)
    f = PointFilterSet(request.GET, queryset=points_visible(request.user), user=request.user)
    qs = f.qs if f.is_valid() else points_visible(request.user).none()
    return JsonResponse({"type": "FeatureCollection", "features": point_features(request.user, qs)})


def map_ctx():
    return {"center": settings.MAP_CENTER, "tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


class PointProposeView(CapabilityMixin, View):
    """拟新建: propose a new point on a 居民区 the user looks after; a reviewer approves it."""

    required_perm = CHANGE_POINT

    def get(self, request):
        today = timezone.localdate()
        initial = {"project_start": today, "project_end": today.replace(year=today.year + 1) - datetime.timedelta(days=1)}
        return render(request, "services/points/point_form.html", {"form": PointForm(user=request.user, initial=initial), **map_ctx()})

    def post(self, request):
        form = PointForm(request.POST, user=request.user)
        if form.is_valid():
            d = form.cleaned_data
            try:
                point = point_propose(
                    by=request.user,
                    **{k: d[k] for k in ("name", "unit", "host_name", "address", "theme", "lat", "lng", "operator", "project_start", "project_end", "note")},
                )
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The point “%(name)s” is proposed; a reviewer will approve it.") % {"name": point.name})
                return redirect("services:point-detail", pk=point.pk)
        return render(request, "services/points/point_form.html", {"form": form, **map_ctx()}, status=400)


class PointEditView(ScopedObjectView):
    model, change_perm, change_on_get = NeighbourhoodPoint, CHANGE_POINT, True

    def get_queryset(self):
        return points_visible(self.request.user)

    def get_point(self, request, pk):
        return self.object

    def get(self, request, pk):
        point = self.get_point(request, pk)
        return render(
            request, "services/points/point_form.html", {"form": PointForm(instance=point, user=request.user, editing=True), "point": point, **map_ctx()}
        )

    def post(self, request, pk):
        point = self.get_point(request, pk)
        form = PointForm(request.POST, instance=point, user=request.user, editing=True)
        if form.is_valid():
            try:
                point_update(point=point, by=request.user, **{k: form.cleaned_data[k] for k in EDITABLE if k in form.cleaned_data})
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The point's details are saved."))
                return redirect("services:point-detail", pk=point.pk)
        return render(request, "services/points/point_form.html", {"form": form, "point": point, **map_ctx()}, status=400)
