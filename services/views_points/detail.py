"""A 睦邻点's page: details, what the user may do now (its workflow steps, each with its form), the model
flag, recent activities, supervision visits, development records, star ratings and the timeline."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.roles import REVIEW_POINT
from core.workflow import IllegalTransition

from .. import services_points as svc
from ..forms_points import NoteForm, ReasonForm, RequiredNoteForm
from ..inactivity import threshold
from ..models import NeighbourhoodPoint
from ..rules import point_steps
from ..selectors_points import point_timeline, points_visible

ACTION_LABELS = {
    "propose": gettext_lazy("Proposed"),
    "approve": gettext_lazy("Approved"),
    "decline": gettext_lazy("Not approved"),
    "flag": gettext_lazy("Flagged as inactive"),
    "review": gettext_lazy("Review started"),
    "keep": gettext_lazy("Kept"),
    "retire": gettext_lazy("Retired"),
    "model": gettext_lazy("Made a model point"),
    "unmodel": gettext_lazy("No longer a model point"),
    "rate": gettext_lazy("Star rating"),
}
# action -> (button, form class, the service and the name of its text argument)
STEPS = {
    "approve": (gettext_lazy("Approve"), NoteForm, svc.point_approve, "note"),
    "decline": (gettext_lazy("Do not approve"), ReasonForm, svc.point_decline, "reason"),
    "flag": (gettext_lazy("Flag as inactive"), RequiredNoteForm, svc.point_flag, "note"),
    "review": (gettext_lazy("Start the review"), NoteForm, svc.point_review, "note"),
    "keep": (gettext_lazy("Keep the point"), RequiredNoteForm, svc.point_keep, "note"),
    "retire": (gettext_lazy("Retire the point"), ReasonForm, svc.point_retire, "reason"),
}
STEP_PERM = "services.take_point_step"  # approve, decline, flag, review, keep, retire (services/rules.py)


def visible_point(user, pk) -> NeighbourhoodPoint:
    return get_object_or_404(points_visible(user).select_related("unit", "operator", "host"), pk=pk)


def who(step) -> str:
    if step.by is not None:
        return str(step.by)
    return _("System (daily check)") if step.action == "flag" else _("System")


def render_point(request, point, bound=None, status=200):
    user = request.user
    steps = []
    for action in point_steps(user, point, STEPS):
        button, form_class, _fn, _arg = STEPS[action]
        form = bound[1] if bound and bound[0] == action else form_class(prefix=action)
        steps.append((action, button, form))
    t = threshold()
    since = t.since(timezone.localdate())
    ctx = {
        "point": point,
        "steps": steps,
        "can_record": user.has_perm("services.record_for_point", point),
        "can_edit": user.has_perm("services.edit_point_details", point),
        "can_review": user.has_perm(REVIEW_POINT, point),
        "can_model": user.has_perm("services.set_model_point", point),
        "activities": list(point.activities.select_related("recorded_by")[:20]),
        "activity_count": point.activities.count(),
        "recent": point.activities.filter(date__gte=since).count(),
        "threshold": t,
        "since": since,
        "visits": list(point.visits.select_related("visitor")[:10]),
        "records": list(point.records.select_related("survey")[:20]),
        "ratings": list(point.ratings.select_related("rated_by")),
        "timeline": [
            {
                "at": tr.at,
                "action": ACTION_LABELS.get(tr.action, tr.action),
                "code": tr.action,
                "from": point.workflow.label(tr.from_state) if tr.from_state else "",
                "to": point.workflow.label(tr.to_state),
                "by": who(tr),
                "note": tr.note,
            }
            for tr in point_timeline(point)
        ],
        "center": (point.lat, point.lng) if point.lat is not None else settings.MAP_CENTER,
        "tile_url": settings.MAP_TILE_URL,
    }
    return render(request, "services/points/point_detail.html", ctx, status=status)


class PointDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return render_point(request, visible_point(request.user, pk))


class PointStepView(LoginRequiredMixin, View):
    """POST one step: 404 outside the scope, 403 without the right, the form's errors (400), or a message
    when the point's state does not allow the step (nothing changes)."""

    def post(self, request, pk, action):
        if action not in STEPS:
            raise Http404
        point = visible_point(request.user, pk)
        if not request.user.has_perm(STEP_PERM, point):
            raise PermissionDenied
        button, form_class, fn, arg = STEPS[action]
        form = form_class(request.POST, prefix=action)
        if not form.is_valid():
            return render_point(request, point, bound=(action, form), status=400)
        text = form.cleaned_data.get("reason", form.cleaned_data.get("note", ""))
        try:
            fn(point=point, by=request.user, **{arg: text})
        except IllegalTransition as e:
            messages.error(request, e.message)
        except ValidationError as e:
            for errs in e.message_dict.values():
                form.add_error(None, errs)
            return render_point(request, visible_point(request.user, pk), bound=(action, form), status=400)
        else:
            messages.success(request, _("%(point)s: %(step)s.") % {"point": point.name, "step": ACTION_LABELS[action]})
        return redirect("services:point-detail", pk=point.pk)


class PointModelView(LoginRequiredMixin, View):
    """POST is_model=1|0: make the point a model point (示范睦邻点) or take the flag off."""

    def post(self, request, pk):
        point = visible_point(request.user, pk)
        if not request.user.has_perm(STEP_PERM, point):
            raise PermissionDenied
        on = request.POST.get("is_model") == "1"
        try:
            svc.point_set_model(point=point, by=request.user, is_model=on, note=request.POST.get("note", ""))
        except IllegalTransition as e:
            messages.error(request, e.message)
        else:
            messages.success(request, ACTION_LABELS["model" if on else "unmodel"])
        return redirect("services:point-detail", pk=point.pk)
