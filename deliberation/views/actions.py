"""Pages of resolutions tracked to the end (落实和执行): the resolutions board (staff, filtered by unit, body, how far
and overdue), the residents' board (the public decisions of their own 居民区), an action's page (its decision,
owner, deadline, progress, linked case and timeline, with the steps the user may take) and assigning actions to a
decision.

Scoping: the board and actions are seen with VIEW_BODY (an action also by its owner); progress and finish by the
owner or MANAGE_ACTION; cancel and 一键立案 with MANAGE_ACTION (deliberation.rules.actions)."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from accounts.roles import MANAGE_ACTION, VIEW_BODY
from core.scoping import scope_paths
from core.views import ScopedListView, ScopedObjectView, StepView
from deliberation.filtersets.actions import BoardFilterSet
from deliberation.forms.actions import ActionForm, CancelForm, FinishForm, OpenCaseForm, ProgressForm
from deliberation.models import Action
from deliberation.selectors.actions import ACTION_RELATED, ACTIONS_SHOWN, action_timeline, actions_visible, board_decisions, board_rows, resident_board
from deliberation.services.actions import action_cancel, action_create, action_finish, action_open_case, action_progress
from deliberation.workflow import ACTION_WORKFLOW
from meetings.models import Decision
from meetings.workflow import DecisionState
from org.models import Unit, UnitKind

STEP_LABELS = {
    "create": gettext_lazy("Assigned"),
    "start": gettext_lazy("Started"),
    "progress": gettext_lazy("Progress"),
    "open_case": gettext_lazy("Case opened"),
    "escalate": gettext_lazy("Escalated"),
    "finish": gettext_lazy("Done"),
    "cancel": gettext_lazy("Cancelled"),
}

# step → (label, form class, rule)
STEPS = {
    "progress": (gettext_lazy("Report progress"), ProgressForm, "deliberation.progress_action"),
    "finish": (gettext_lazy("Mark as done"), FinishForm, "deliberation.finish_action"),
    "open_case": (gettext_lazy("Open a case in one step"), OpenCaseForm, "deliberation.open_case_from_action"),
    "cancel": (gettext_lazy("Cancel the action"), CancelForm, "deliberation.cancel_action"),
}


class BoardView(ScopedListView):
    """决议公示栏 (staff): adopted decisions with their body, meeting, votes, progress and actions."""

    model = Decision
    view_perm = VIEW_BODY
    filterset_class = BoardFilterSet
    template_name = "deliberation/board.html"

    def get_queryset(self):
        return board_decisions(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object_list"] = board_rows(ctx["object_list"])
        ctx["front"] = "staff"
        ctx["actions_shown"] = ACTIONS_SHOWN
        return ctx


class ResidentBoardView(LoginRequiredMixin, ListView):
    """决议公示 (residents): the public adopted decisions of the user's own 居民区, with their public actions and progress."""

    paginate_by = 20
    template_name = "deliberation/board.html"

    def get_queryset(self):
        return resident_board(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        return {**ctx, "object_list": board_rows(ctx["object_list"], public_only=True), "front": "resident", "actions_shown": ACTIONS_SHOWN}


class ActionObjectView(ScopedObjectView):
    """One action, from `actions_visible` (404 outside)."""

    model = Action

    def get_queryset(self):
        return actions_visible(self.request.user).select_related(*ACTION_RELATED)


def step_forms_for(user, action, bound=None):
    out = []
    for name, (label, form_class, rule) in STEPS.items():
        if not user.has_perm(rule, action):
            continue
        form = bound[1] if bound and bound[0] == name else form_class(prefix=name)
        out.append((name, label, form))
    return out


def render_action(request, action, bound=None, status=200):
    timeline = [
        {
            "at": t.at,
            "action": STEP_LABELS.get(t.action, t.action),
            "to": ACTION_WORKFLOW.label(t.to_state),
            "by": t.by.get_full_name() or t.by.username if t.by else _("System"),
            "note": t.note,
        }
        for t in action_timeline(action)
    ]
    decision = action.decision
    ctx = {
        "action": action,
        "decision": decision,
        "timeline": timeline,
        "steps": step_forms_for(request.user, action, bound),
        "case_closed": bool(action.case_id and action.case.state == "closed"),
        "case_url": action.case.get_absolute_url() if action.case_id and hasattr(action.case, "get_absolute_url") else "",
    }
    return render(request, "deliberation/action_detail.html", ctx, status=status)


class ActionDetailView(ActionObjectView):
    def get(self, request, pk):
        return render_action(request, self.object)


class ActionStepView(StepView):
    """POST /deliberation/actions/<pk>/<step>/: one step of the action, its rule checked on it (403), its form
    validated, the service called; a refusal comes back as a message in the user's language."""

    model = Action

    def get_queryset(self):
        return actions_visible(self.request.user).select_related(*ACTION_RELATED)

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("step") not in STEPS:
            raise Http404
        self.step = kwargs["step"]
        self.label, self.form_class, self.change_perm = STEPS[self.step]
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        return self.form_class(self.request.POST, prefix=self.step)

    def run_step(self, form):
        data, action, by = form.cleaned_data, self.object, self.request.user
        if self.step == "progress":
            action_progress(action=action, progress=data["progress"], by=by, note=data["note"])
        elif self.step == "finish":
            action_finish(action=action, by=by, note=data["note"])
        elif self.step == "cancel":
            action_cancel(action=action, by=by, reason=data["reason"])
        else:
            action_open_case(action=action, category=data["category"], by=by, note=data["note"])

    def success_message(self):
        return _("Saved: %(step)s.") % {"step": self.label}


class ActionCreateView(ScopedObjectView):
    """GET/POST /deliberation/decisions/<pk>/actions/new/: assign an action carrying out an adopted decision
    (MANAGE_ACTION at the decision's unit)."""

    model = Decision
    view_perm = VIEW_BODY
    change_perm = MANAGE_ACTION
    change_on_get = True
    template = "deliberation/action_form.html"

    def get_queryset(self):
        return Decision.objects.for_user(self.request.user, VIEW_BODY).filter(state=DecisionState.ADOPTED).select_related("meeting__body__unit")

    def units(self):
        paths = scope_paths(self.request.user, VIEW_BODY) or []
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(path__startswith=p)
        return Unit.objects.filter(q, kind__in=(UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)).order_by("path")

    def get(self, request, pk):
        form = ActionForm(units=self.units(), initial={"responsible_unit": self.object.meeting.body.unit_id})
        return render(request, self.template, {"form": form, "decision": self.object})

    def post(self, request, pk):
        decision = self.object
        form = ActionForm(request.POST, units=self.units())
        if form.is_valid():
            d = form.cleaned_data
            try:
                action = action_create(
                    unit=decision.meeting.body.unit,
                    decision=decision,
                    by=request.user,
                    title=d["title"],
                    description=d["description"],
                    deadline=d["deadline"],
                    responsible_unit=d["responsible_unit"],
                    responsible_name=d["responsible_name"],
                    weight=d["weight"],
                    is_public=d["is_public"],
                )
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("The action “%(title)s” is assigned.") % {"title": action.title})
                return redirect(action.get_absolute_url())
        return render(request, self.template, {"form": form, "decision": decision}, status=400)
