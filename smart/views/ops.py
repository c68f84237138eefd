"""The live operations page (运行监测, /smart/ops/): devices by state on the map, online/offline/never
seen per kind, active alarms by severity with acknowledge and clear, the latest readings.

The page refreshes its parts without reloading: the counts and the readings poll their fragments
(htmx, every few seconds); a small JSON poll says whether the active alarms changed (then the alarms
fragment is fetched again) and which alarms are new (a toast with role="alert")."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from accounts.roles import VIEW_DEVICE
from accounts.scope import scope_paths
from core.filters import MAX_ID
from core.views import CapabilityMixin
from smart.models import Severity
from smart.selectors import (
    active_alarms,
    alarm_signature,
    alarms_by_severity,
    alarms_since,
    critical_alarm_count,
    kind_state_counts,
    last_alarm_id,
    recent_readings,
)
from smart.views.alarms import alarm_rows
from smart.views.registry import map_context

POLL_SECONDS = 5
REFRESH_SECONDS = 10
MAP_REFRESH_SECONDS = 30


def _require_view(request):
    if scope_paths(request.user, VIEW_DEVICE) is None:
        raise PermissionDenied


class OpsView(CapabilityMixin, TemplateView):
    template_name = "smart/ops.html"
    required_perm = VIEW_DEVICE

    def get_context_data(self, **kwargs):
        user = self.request.user
        ctx = super().get_context_data(**kwargs)
        ctx.update(map_context(self.request))
        ctx.update(counts_context(user) | alarms_context(user) | readings_context(user))
        ctx.update(
            critical_url=f"{reverse('smart:alarm-list')}?active=true&severity={Severity.CRITICAL.value}",
            poll_url=reverse("smart:ops-poll"),
            last_alarm_id=last_alarm_id(user),
            signature=alarm_signature(user),
            poll_seconds=POLL_SECONDS,
            refresh_seconds=REFRESH_SECONDS,
            map_refresh=MAP_REFRESH_SECONDS,
        )
        return ctx


def counts_context(user) -> dict:
    rows = kind_state_counts(user)
    totals = {k: sum(r[k] for r in rows) for k in ("online", "offline", "unknown", "total")}
    return {"kind_counts": rows, "count_totals": totals}


def alarms_context(user) -> dict:
    alarms = list(active_alarms(user))
    rows = {r["alarm"].pk: r for r in alarm_rows(user, alarms)}
    groups = [(sev, label, [rows[a.pk] for a in items]) for sev, label, items in alarms_by_severity(alarms)]
    unacked = sum(1 for a in alarms if not a.acknowledged)
    return {"alarm_groups": groups, "alarm_total": len(alarms), "alarm_unacked": unacked, "ops_url": reverse("smart:ops")}


def readings_context(user) -> dict:
    return {"recent": recent_readings(user), "refreshed_at": timezone.now()}


@never_cache
@require_GET
def ops_fragment(request, part):
    """One part of the page, for htmx to swap in: counts, alarms or readings."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    _require_view(request)
    user = request.user
    make = {"counts": counts_context, "alarms": alarms_context, "readings": readings_context}.get(part)
    if make is None:
        raise Http404
    return render(request, f"smart/_ops_{part}.html", make(user) | {"refresh_seconds": REFRESH_SECONDS})


@never_cache
@require_GET
def ops_poll(request):
    """{signature, last_id, new: [...], critical}: whether the active alarms changed, the alarms opened after ?after=,
    and the count of active critical alarms the header shows."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "login required"}, status=401)
    _require_view(request)
    user = request.user
    try:
        after = int(request.GET.get("after") or 0)
    except ValueError:
        after = 0
    after = min(max(after, 0), MAX_ID)
    new = list(alarms_since(user, after))
    base = reverse("smart:device-detail", args=[0])[:-2]
    return JsonResponse(
        {
            "signature": alarm_signature(user),
            "critical": critical_alarm_count(user),  # the header's count, kept up to date on this page
            "last_id": new[0].pk if new else after,
            "new": [
                {
                    "id": a.pk,
                    "severity": a.severity,
                    "severity_label": str(Severity(a.severity).label),
                    "device": a.device.name,
                    "type": a.alarm_type,
                    "label": a.label,
                    "details": a.details,
                    "url": f"{base}{a.device_id}/",
                    "text": _("New alarm: %(severity)s · %(device)s · %(details)s")
                    % {"severity": Severity(a.severity).label, "device": a.device.name, "details": a.details or a.label},
                }
                for a in new
            ],
        }
    )
