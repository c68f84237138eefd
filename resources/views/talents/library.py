"""The talent library: a filtered, paginated list with counts by state, a talent's page (skills, a
readable week, where they live, the masked phone with an audited full view, the review timeline, their
matches and service records), and the review steps posted from it or from the review queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import CHANGE_RESOURCE, VIEW_PII, VIEW_RESOURCE
from accounts.scope import scope_paths
from audit.context import client_ip
from audit.services import audit_record
from core.protect import decrypt
from core.views import ScopedListView, ScopedObjectView, domain_error_response
from core.workflow import IllegalTransition
from resources.filtersets.talents import TalentFilterSet
from resources.forms.talents import NoteForm, RequiredNoteForm
from resources.models import Talent, TalentState
from resources.selectors.talents import (
    state_counts,
    talent_one,
    talent_rows,
    talent_service,
    talent_timeline,
    talents_for,
    talents_visible,
    week_rows,
    week_summary,
)
from resources.services import talents as svc

ACTION_LABELS = {
    "create": gettext_lazy("Entered"),
    "apply": gettext_lazy("Applied"),
    "approve": gettext_lazy("Approved"),
    "reject": gettext_lazy("Not accepted"),
    "retire": gettext_lazy("Withdrawn from the library"),
    "reinstate": gettext_lazy("Back in the library"),
}
# action -> (button, form class)
STEP_FORMS = {
    "approve": (gettext_lazy("Approve"), NoteForm),
    "reject": (gettext_lazy("Do not accept"), RequiredNoteForm),
    "retire": (gettext_lazy("Withdraw from the library"), NoteForm),
    "reinstate": (gettext_lazy("Put back in the library"), NoteForm),
}


def step_forms(talent, bound=None) -> list[tuple[str, str, object]]:
    """(action, button, form) of the steps the talent's state allows, ids unique per talent (a queue shows many)."""
    out = []
    for step in talent.workflow.steps_from(talent.state):
        if step.action not in STEP_FORMS:
            continue
        button, form_class = STEP_FORMS[step.action]
        if bound and bound[0] == talent.pk and bound[1] == step.action:
            form = bound[2]
        else:
            form = form_class(prefix=step.action, auto_id=f"id_{talent.pk}_%s")
        out.append((step.action, button, form))
    return out


class TalentListView(ScopedListView):
    model = Talent
    view_perm = VIEW_RESOURCE
    filterset_class = TalentFilterSet
    template_name = "resources/talents/list.html"

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "user": self.request.user}

    def get_queryset(self):
        return talent_rows(super().get_queryset()).order_by("unit_path", "id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["rows"] = [(t, week_summary(t.availability)) for t in ctx["object_list"]]
        ctx["counts"] = [(value, label, n) for (value, label), n in zip(TalentState.choices, state_counts(talents_visible(user)).values(), strict=True)]
        ctx["found"] = ctx["paginator"].count if ctx.get("paginator") else len(ctx["rows"])
        ctx["can_change"] = scope_paths(user, CHANGE_RESOURCE) is not None
        ctx["here"] = "list"
        return ctx


def visible_talent(user, pk) -> Talent:
    talent = talent_one(user, pk)
    if talent is None:
        raise Http404
    return talent


def render_talent(request, talent, bound=None, status=200):
    user = request.user
    can_change = user.has_perm(CHANGE_RESOURCE, talent)
    matches, records = talent_service(talent)
    ctx = {
        "talent": talent,
        "skills": list(talent.skills.all()),
        "week": week_rows(talent.availability),
        "can_reveal": bool(talent.phone_enc) and user.has_perm(VIEW_PII, talent),
        "can_change": can_change,
        "steps": step_forms(talent, bound) if can_change else [],
        "timeline": [
            {
                "at": tr.at,
                "action": ACTION_LABELS.get(tr.action, tr.action),
                "code": tr.action,
                "to": talent.workflow.label(tr.to_state),
                "by": tr.by,
                "note": tr.note,
            }
            for tr in talent_timeline(talent)
        ],
        "matches": matches,
        "records": records,
        "here": "detail",
    }
    return render(request, "resources/talents/detail.html", ctx, status=status)


class TalentObjectView(ScopedObjectView):
    """A page of one talent, from `talents_for` (404 outside)."""

    model = Talent

    def get_queryset(self):
        return talents_for(self.request.user)


class TalentDetailView(TalentObjectView):
    def get(self, request, pk):
        return render_talent(request, self.object)


class TalentRevealView(TalentObjectView):
    """POST (htmx): the full mobile number, for a user with people.view_pii where the talent lives; audited."""

    http_method_names = ["post"]

    def post(self, request, pk):
        talent = self.object
        if not talent.phone_enc or not request.user.has_perm(VIEW_PII, talent):
            raise PermissionDenied
        audit_record(action="view_pii", user=request.user, obj=talent, ip=client_ip(request), changes={"field": "phone"})
        return render(request, "resources/talents/_revealed.html", {"value": decrypt(talent.phone_enc)})


def _back(request, talent) -> str:
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return nxt
    return reverse("resources:talent-detail", args=[talent.pk])


class TalentStepView(TalentObjectView):
    """POST one review step: 404 outside the scope, 403 without change_resource, the form again (400) when
    a reason is missing, a message when the state does not allow the step (nothing changes)."""

    http_method_names = ["post"]
    change_perm = CHANGE_RESOURCE

    def post(self, request, pk, action):
        if action not in svc.STEPS:
            raise Http404
        talent = self.object
        form = STEP_FORMS[action][1](request.POST, prefix=action, auto_id=f"id_{talent.pk}_%s")
        if form.is_valid():
            try:
                svc.STEPS[action](talent=talent, by=request.user, note=form.cleaned_data.get("note", ""))
            except IllegalTransition as e:
                return domain_error_response(request, e, back=_back(request, talent))
            except ValidationError as e:
                for errs in e.message_dict.values():
                    form.add_error("note", errs)
            else:
                messages.success(request, _("%(name)s: %(step)s.") % {"name": talent.name, "step": ACTION_LABELS[action]})
                return redirect(_back(request, talent))
        if request.POST.get("from") == "review":
            from resources.views.talents.review import render_queue

            return render_queue(request, bound=(talent.pk, action, form), status=400)
        return render_talent(request, talent, bound=(talent.pk, action, form), status=400)
