"""The device registry: the list (filters shared with the API), the map and its scoped GeoJSON, and
registering and editing devices (smart.change_device), with a new credential shown once."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.roles import CHANGE_DEVICE, VIEW_DEVICE
from accounts.scope import scope_paths
from core.filtersets import ALL
from core.views import CapabilityMixin, CapabilityView, ScopedListView, ScopedObjectView
from org.models import SEGMENT, Unit, UnitKind
from smart.filtersets import DeviceFilterSet
from smart.forms import DeviceForm
from smart.models import Device, DeviceState
from smart.selectors import DEVICE_RELATED, MAP_LIMIT, device_features, devices_visible, state_counts
from smart.services.devices import DEVICE_FIELDS, device_create, device_new_credential, device_update

UNDER_KINDS = (UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)


def under_choices(user):
    """片区/居民区/网格 in the user's device scope, for the "under unit" filter of the pages."""
    paths = scope_paths(user, VIEW_DEVICE) or []
    units = Unit.objects.none()
    for p in paths:
        units |= Unit.objects.filter(path__startswith=p, kind__in=UNDER_KINDS)
    top = min((len(p) for p in paths), default=0)
    rows = units.order_by("path").values_list("id", "name", "path")
    return [("", ALL)] + [(pk, "\u3000" * max(0, (len(path) - top) // (SEGMENT + 1)) + name) for pk, name, path in rows]


def pick_under(filterset, user):
    field = filterset.form.fields["under"]
    field.widget = forms.Select(choices=under_choices(user))
    return filterset


def no_store(response):
    response["Cache-Control"] = "no-store"
    return response


class DeviceListView(ScopedListView):
    """/smart/devices/: devices in the user's scope, filtered and paginated, with counts by state."""

    model = Device
    view_perm = VIEW_DEVICE
    filterset_class = DeviceFilterSet
    template_name = "smart/device_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related(*DEVICE_RELATED).order_by("code")

    def get_filterset(self, filterset_class):
        return pick_under(super().get_filterset(filterset_class), self.request.user)

    def counts_queryset(self):
        """The devices the other filters choose, whatever their state: the counts by state link to each state."""
        data = self.request.GET.copy()
        data.pop("state", None)
        f = DeviceFilterSet(data or None, queryset=super().get_queryset())
        return f.qs if (not f.is_bound or f.is_valid()) else Device.objects.none()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["filter"].form
        shown = [*DeviceFilterSet.page_fields, "under"]
        ctx["filter_shown"] = [form[f] for f in form.fields if f in shown]
        ctx["filter_hidden"] = [form[f] for f in form.fields if f not in shown and form[f].value()]
        ctx["state_counts"] = state_counts(self.counts_queryset())
        ctx["can_change"] = scope_paths(self.request.user, CHANGE_DEVICE) is not None
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx["filter_query"] = query.urlencode()
        query.pop("state", None)
        ctx["state_query"] = query.urlencode()
        ctx["current_state"] = self.request.GET.get("state", "")
        return ctx


class DeviceMapView(CapabilityMixin, TemplateView):
    template_name = "smart/device_map.html"
    required_perm = VIEW_DEVICE

    def get_context_data(self, **kwargs):
        user = self.request.user
        ctx = super().get_context_data(**kwargs)
        f = pick_under(DeviceFilterSet(self.request.GET or None, queryset=Device.objects.none()), user)
        ctx["filter_shown"] = [f.form[n] for n in ("kind", "state", "under")]
        ctx["filter_hidden"] = [f.form[n] for n in f.form.fields if n not in ("kind", "state", "under") and f.form[n].value()]
        ctx.update(map_context(self.request))
        return ctx


def map_context(request) -> dict:
    query = request.GET.urlencode()
    return {
        "legend": [(s.value, s.label) for s in (DeviceState.ONLINE, DeviceState.OFFLINE, DeviceState.UNKNOWN)],
        "center": settings.MAP_CENTER,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "geojson_url": reverse("smart:device-geojson") + (f"?{query}" if query else ""),
        "limit": MAP_LIMIT,
    }


@require_GET
def device_geojson(request):
    """The devices in the caller's scope (and the list's filters) as GeoJSON points coloured by state."""
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    if scope_paths(user, VIEW_DEVICE) is None:
        return JsonResponse({"detail": "forbidden"}, status=403)
    f = DeviceFilterSet(request.GET, queryset=devices_visible(user))
    if not f.is_valid():
        return JsonResponse({"detail": "invalid filter", "errors": f.errors}, status=400)
    return JsonResponse(device_features(user, f.qs))


class DeviceFormMixin:
    template_name = "smart/device_form.html"

    def render_form(self, form, status=200):
        return render(self.request, self.template_name, {"form": form, "device": getattr(self, "device", None)}, status=status)

    def add_errors(self, form, e: ValidationError):
        if hasattr(e, "error_dict"):
            for field, errs in e.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
        else:
            form.add_error(None, e.messages)


class DeviceCreateView(DeviceFormMixin, CapabilityView):
    required_perm = CHANGE_DEVICE

    def get(self, request):
        return self.render_form(DeviceForm(user=request.user))

    def post(self, request):
        form = DeviceForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        data = {k: form.cleaned_data[k] for k in ("code", *DEVICE_FIELDS)}
        try:
            device, token = device_create(**data)
        except ValidationError as e:
            self.add_errors(form, e)
            return self.render_form(form, status=400)
        return credential_page(request, device, token, created=True)


class ChangeableDeviceView(ScopedObjectView):
    """A device in the user's view scope (else 404) that the user may change (else 403)."""

    model, change_perm, change_on_get = Device, CHANGE_DEVICE, True

    def get_queryset(self):
        return devices_visible(self.request.user).select_related(*DEVICE_RELATED)

    @property
    def device(self):
        return self.object


class DeviceEditView(DeviceFormMixin, ChangeableDeviceView):
    def get(self, request, pk):
        return self.render_form(DeviceForm(instance=self.device, user=request.user))

    def post(self, request, pk):
        form = DeviceForm(request.POST, instance=self.device, user=request.user)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            device_update(device=self.device, **{k: form.cleaned_data[k] for k in DEVICE_FIELDS})
        except ValidationError as e:
            self.add_errors(form, e)
            return self.render_form(form, status=400)
        messages.success(request, _("Saved."))
        return redirect("smart:device-detail", pk=self.device.pk)


class DeviceCredentialView(ChangeableDeviceView):
    """POST: a new credential for the device (the old one stops working), shown once on the answer page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        device = self.object
        token = device_new_credential(device=device)
        return credential_page(request, device, token, created=False)


def credential_page(request, device, token, created):
    ctx = {"device": device, "token": token, "created": created, "topic_root": getattr(settings, "SMART_TOPIC_ROOT", "jiayuan/devices")}
    return no_store(render(request, "smart/device_credential.html", ctx))
