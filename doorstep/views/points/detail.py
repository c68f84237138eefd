"""A 睦邻点's page: details, what the user may do now (its workflow steps, each with its form), the model
flag, recent activities, supervision visits, development records, star ratings and the timeline."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import REVIEW_POINT
from core.views import ScopedObjectView, StepView
from doorstep.forms.points import NoteForm, ReasonForm, RequiredNoteForm
from doorstep.hooks import point_page_sections
from doorstep.inactivity import threshold
from doorstep.models import NeighbourhoodPoint
from doorstep.rules import point_steps
from doorstep.selectors.points import point_timeline, points_visible
from doorstep.services import points as svc

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
STEP_PERM = "services.take_point_step"  # approve, decline, flag, review, keep, retire (doorstep/rules.py)


class PointObjectView(ScopedObjectView):
    """A page of one point, from `points_visible` (404 outside)."""

    model = NeighbourhoodPoint

    def get_queryset(self):
        return points_visible(self.request.user).select_related("unit", "operator", "host")


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
        "sections": point_page_sections(user, point),  # e.g. the deliberation of the body that meets at the point
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


class PointDetailView(PointObjectView):
    def get(self, request, pk):
        return render_point(request, self.object)


class PointStepView(PointObjectView, StepView):
    """POST one step: 404 outside the scope, 403 without the right, the form's errors (400), or a message
    when the point's state does not allow the step (nothing changes)."""

    change_perm = STEP_PERM

    def post(self, request, pk, action):
        if action not in STEPS:
            raise Http404
        self.action = action
        return super().post(request, pk, action)

    def get_form(self):
        return STEPS[self.action][1](self.request.POST, prefix=self.action)

    def form_invalid(self, form):
        return render_point(self.request, self.get_object(), bound=(self.action, form), status=400)

    def run_step(self, form):
        _button, _form_class, fn, arg = STEPS[self.action]
        fn(point=self.object, by=self.request.user, **{arg: form.cleaned_data.get("reason", form.cleaned_data.get("note", ""))})

    def domain_error(self, exc, form):  # a service's ValidationError is shown above the form
        return super().domain_error(ValidationError(exc.messages) if isinstance(exc, ValidationError) else exc, form)

    def success_message(self):
        return _("%(point)s: %(step)s.") % {"point": self.object.name, "step": ACTION_LABELS[self.action]}

    def success_url(self):
        return reverse("services:point-detail", kwargs={"pk": self.object.pk})


class PointModelView(PointObjectView, StepView):
    """POST is_model=1|0: make the point a model point (示范睦邻点) or take the flag off."""

    change_perm = STEP_PERM

    def on(self):
        return self.request.POST.get("is_model") == "1"

    def run_step(self, form):
        svc.point_set_model(point=self.object, by=self.request.user, is_model=self.on(), note=self.request.POST.get("note", ""))

    def success_message(self):
        return ACTION_LABELS["model" if self.on() else "unmodel"]

    def success_url(self):
        return reverse("services:point-detail", kwargs={"pk": self.object.pk})
