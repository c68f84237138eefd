"""A device's page: what it is, where, online or not, its latest readings, trends per measurement
(ECharts, with its alarms drawn on them), recent events (camera snapshots served through a scoped
view) and its alarm history."""

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.roles import ACK_ALARM, CHANGE_DEVICE, VIEW_UNIT
from core.views import ScopedDetailView, ScopedObjectView
from smart.models import Device, DeviceState, Event
from smart.selectors import DEVICE_RELATED, RANGES, device_alarms, device_events, device_trends, devices_visible, latest_of, readings
from smart.views.alarms import alarm_rows


class DeviceDetailView(ScopedDetailView):
    template_name = "smart/device_detail.html"
    context_object_name = "device"
    model = Device

    def get_queryset(self):
        return devices_visible(self.request.user).select_related(*DEVICE_RELATED, "unit__parent")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        device, user = self.object, self.request.user
        latest = latest_of(device)
        rng = self.request.GET.get("range")
        rng = rng if rng in RANGES else "24h"
        ctx.update(
            latest=latest,
            readings=readings(device.device_type, latest.values if latest else {}),
            events=labelled_events(device, device_events(device)),
            alarm_rows=alarm_rows(user, device_alarms(device)),
            can_change=user.has_perm(CHANGE_DEVICE, device),
            can_ack=user.has_perm(ACK_ALARM, device),
            can_view_unit=user.has_perm(VIEW_UNIT, device.unit),
            ranges=list(RANGES),
            range=rng,
            series_url=reverse("smart:device-series", args=[device.pk]),
            chart_labels={
                "value": _("Value"),
                "min": _("Minimum"),
                "max": _("Maximum"),
                "alarm": _("Alarm"),
                "active": _("still active"),
                "none": _("No readings in this period."),
            },
            map_tile_url=settings.MAP_TILE_URL,
            now=timezone.now(),
        )
        return ctx


def labelled_events(device, events) -> list:
    names = {e["code"]: e.get("name", e["code"]) for e in device.device_type.events}
    names |= {s.value: s.label for s in DeviceState}
    out = list(events)
    for e in out:
        e.label = names.get(e.code, e.code)
    return out


class DeviceSeriesView(ScopedObjectView):
    """JSON for the device page's charts: every measurement over 24 h / 7 d / 30 d, and the alarms in that time."""

    model = Device
    http_method_names = ["get"]

    def get_queryset(self):
        return devices_visible(self.request.user).select_related("device_type")

    def handle_no_permission(self):
        return JsonResponse({"detail": "login required"}, status=401)

    def get(self, request, pk):
        return device_series_json(request, self.object)


device_series = DeviceSeriesView.as_view()


def device_series_json(request, device):
    rng = request.GET.get("range") or "24h"
    if rng not in RANGES:
        return JsonResponse({"detail": _("Choose 24h, 7d or 30d.")}, status=400)
    end = timezone.now()
    return JsonResponse(device_trends(device, end - RANGES[rng], end) | {"range": rng})


@require_GET
@cache_control(private=True, max_age=3600)
def event_snapshot(request, pk):
    """A camera snapshot, only for whoever may see the camera; anyone else gets 404."""
    if not request.user.is_authenticated:
        raise Http404
    event = get_object_or_404(Event.objects.filter(device__in=devices_visible(request.user).values("id")).exclude(snapshot=""), pk=pk)
    try:
        handle = default_storage.open(event.snapshot, "rb")
    except (FileNotFoundError, SuspiciousFileOperation, ValueError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=mimetypes.guess_type(event.snapshot)[0] or "image/jpeg")
    response["Content-Disposition"] = "inline"
    return response
