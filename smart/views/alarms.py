"""The alarms list (/smart/alarms/) and the acknowledge/clear actions shared by every page that shows
alarms. An action is a plain POST form, enhanced by htmx: an htmx request gets the alarm's row back,
any other a redirect with a message. 404 outside the scope, 403 without smart.ack_alarm there; a change
the alarm's state does not allow leaves it as it was and says why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import VIEW_CASE, VIEW_DEVICE
from core.views import ScopedListView, ScopedObjectView
from smart.filtersets import AlarmFilterSet
from smart.models import Alarm
from smart.selectors import ALARM_ORDER, alarms_visible
from smart.views.registry import pick_under

ACTIONS = {"ack": gettext_lazy("Acknowledged"), "clear": gettext_lazy("Cleared")}


def alarm_services():
    """The alarm services (smart.services.alarms), looked up when an action runs."""
    from smart.services import alarms as services_alarms

    return {"ack": services_alarms.alarm_acknowledge, "clear": services_alarms.alarm_clear}


class AlarmListView(ScopedListView):
    """Alarms in the user's scope, most severe first (Severity is an integer: CRITICAL 5 first), then the newest,
    with filters and the actions the user may take."""

    model = Alarm
    view_perm = VIEW_DEVICE
    filterset_class = AlarmFilterSet
    template_name = "smart/alarm_list.html"

    def get_queryset(self):
        return super().get_queryset().select_related("device__device_type", "device__unit", "case", "rule").order_by(*ALARM_ORDER)

    def get_filterset(self, filterset_class):
        return pick_under(super().get_filterset(filterset_class), self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["filter"].form
        shown = [*AlarmFilterSet.page_fields, "under"]
        ctx["filter_shown"] = [form[f] for f in form.fields if f in shown]
        ctx["filter_hidden"] = [form[f] for f in form.fields if f not in shown and form[f].value()]
        ctx["rows"] = alarm_rows(self.request.user, ctx["object_list"])
        return ctx


def alarm_rows(user, alarms) -> list[dict]:
    """Each alarm with whether the user may acknowledge/clear it now, and open its case (no queries: the grants
    are cached; the case is selected with the alarm)."""
    out = []
    for a in alarms:
        case_link = a.case_id is not None and user.has_perm(VIEW_CASE, a.case)
        out.append({"alarm": a, "can_ack": user.has_perm("smart.acknowledge_alarm", a), "can_clear": user.has_perm("smart.clear_alarm", a), "case_link": case_link})
    return out


def safe_next(request, default):
    nxt = request.POST.get("next") or ""
    ok = nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return nxt if ok else default


class AlarmActionView(ScopedObjectView):
    """POST /smart/alarms/<id>/ack/ or /clear/: the alarm from `alarms_visible` (404 outside), the rule
    `smart.handle_alarm` on it (403; smart/rules.py)."""

    model, change_perm = Alarm, "smart.handle_alarm"
    http_method_names = ["post"]

    def get_queryset(self):
        return alarms_visible(self.request.user).select_related("device__device_type", "device__unit", "case", "rule")

    def post(self, request, pk, action):
        if action not in ACTIONS:
            raise Http404
        user = request.user
        alarm = self.object
        error = ""
        try:
            alarm_services()[action](alarm=alarm, by=user)
        except ValidationError as e:
            error = " ".join(e.messages)
        if request.htmx:
            fresh = self.get_object()
            ctx = {"row": alarm_rows(user, [fresh])[0], "error": error, "done": "" if error else ACTIONS[action], "next": request.POST.get("next", "")}
            ctx["show_device"] = request.POST.get("show_device") != "0"
            return render(request, "smart/_alarm_row.html", ctx)
        if error:
            messages.error(request, error)
        else:
            messages.success(
                request, _("Alarm %(type)s of %(device)s: %(done)s.") % {"type": alarm.label, "device": alarm.device.name, "done": ACTIONS[action]}
            )
        return redirect(safe_next(request, "smart:alarm-list"))
