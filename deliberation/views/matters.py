"""Pages of the 三重一大 register (S3.2): the register per unit (each matter with its kind, amount, competent body,
decision and state; for auditors, VIEW_MATTER), a matter's page with its decision, spendings and timeline and the
steps (decide: link an adopted decision of the competent body; execute, refused without it; withdraw), registering a
matter, spendings (request, link to a matter, approve, refused from the large-sum threshold without a decided
大额资金使用 matter; refuse, pay) and the large-sum thresholds per unit (MANAGE_MATTER)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import MANAGE_MATTER, VIEW_MATTER
from core.views import CapabilityView, ScopedListView, ScopedObjectView, StepView
from deliberation.filtersets.matters import MatterFilterSet, SpendingFilterSet
from deliberation.forms.matters import DecideForm, LinkForm, MatterForm, NoteForm, ReasonForm, SpendingForm, ThresholdForm
from deliberation.models import Matter, Spending
from deliberation.models.matters import funds_threshold
from deliberation.selectors.matters import (
    competent_bodies,
    managed_units,
    matter_timeline,
    matters_visible,
    spending_timeline,
    spendings_visible,
    thresholds_for,
)
from deliberation.services import matters as svc
from deliberation.workflow import MATTER_WORKFLOW, SPENDING_WORKFLOW, MatterState
from org.models import Unit

STEP_LABELS = {
    "create": gettext_lazy("Registered"),
    "decide": gettext_lazy("Decision recorded"),
    "execute": gettext_lazy("Executed"),
    "withdraw": gettext_lazy("Withdrawn"),
    "approve": gettext_lazy("Approved"),
    "refuse": gettext_lazy("Refused"),
    "pay": gettext_lazy("Paid"),
}

MATTER_STEPS = {
    "decide": (gettext_lazy("Record the decision"), DecideForm),
    "execute": (gettext_lazy("Mark as executed"), NoteForm),
    "withdraw": (gettext_lazy("Withdraw"), ReasonForm),
}
SPENDING_STEPS = {
    "link": (gettext_lazy("Link to a 三重一大 matter"), LinkForm),
    "approve": (gettext_lazy("Approve"), NoteForm),
    "refuse": (gettext_lazy("Refuse"), ReasonForm),
    "pay": (gettext_lazy("Mark as paid"), NoteForm),
}


def _timeline(rows, workflow):
    return [
        {
            "at": t.at,
            "action": STEP_LABELS.get(t.action, t.action),
            "to": workflow.label(t.to_state),
            "by": (t.by.get_full_name() or t.by.username) if t.by else _("System"),
            "note": t.note,
        }
        for t in rows
    ]


def _form_errors(form, e: ValidationError):
    for field, errs in e.message_dict.items() if hasattr(e, "error_dict") else [(None, e.messages)]:
        form.add_error(field if field in form.fields else None, errs)


# --- the register ---------------------------------------------------------------------------------------------


class MatterListView(ScopedListView):
    """三重一大 register: the matters under the user's VIEW_MATTER scope, each with its decision."""

    model = Matter
    view_perm = VIEW_MATTER
    filterset_class = MatterFilterSet
    template_name = "deliberation/matter_list.html"

    def get_queryset(self):
        return matters_visible(self.request.user).order_by("-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.request.user.has_perm(MANAGE_MATTER)
        return ctx


class MatterObjectView(ScopedObjectView):
    model = Matter

    def get_queryset(self):
        return matters_visible(self.request.user)


def _matter_steps(user, matter, bound=None):
    if not user.has_perm("deliberation.change_matter", matter):
        return []
    allowed = {s.action for s in MATTER_WORKFLOW.steps_from(matter.state)}
    out = []
    for name, (label, form_class) in MATTER_STEPS.items():
        if name in allowed:
            kwargs = {"matter": matter} if form_class is DecideForm else {}
            out.append((name, label, bound[1] if bound and bound[0] == name else form_class(prefix=name, **kwargs)))
    return out


class MatterDetailView(MatterObjectView):
    def get(self, request, pk):
        matter = self.object
        ctx = {
            "matter": matter,
            "decision": matter.decision,
            "spendings": list(matter.spendings.order_by("-id")),
            "timeline": _timeline(matter_timeline(matter), MATTER_WORKFLOW),
            "steps": _matter_steps(request.user, matter),
        }
        return render(request, "deliberation/matter_detail.html", ctx)


class MatterStepView(StepView):
    model = Matter
    change_perm = "deliberation.change_matter"

    def get_queryset(self):
        return matters_visible(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("step") not in MATTER_STEPS:
            raise Http404
        self.step = kwargs["step"]
        self.label, self.form_class = MATTER_STEPS[self.step]
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        kwargs = {"matter": self.object} if self.form_class is DecideForm else {}
        return self.form_class(self.request.POST, prefix=self.step, **kwargs)

    def run_step(self, form):
        data, matter, by = form.cleaned_data, self.object, self.request.user
        if self.step == "decide":
            svc.matter_decide(matter=matter, decision=data["decision"], by=by, note=data["note"])
        elif self.step == "execute":
            svc.matter_execute(matter=matter, by=by, note=data["note"])
        else:
            svc.matter_withdraw(matter=matter, by=by, reason=data["reason"])

    def success_message(self):
        return _("Saved: %(step)s.") % {"step": self.label}


class MatterCreateView(CapabilityView):
    required_perm = MANAGE_MATTER
    template = "deliberation/matter_form.html"

    def form(self, data=None):
        user = self.request.user
        return MatterForm(data, units=managed_units(user), bodies=competent_bodies(user))

    def get(self, request):
        return render(request, self.template, {"form": self.form()})

    def post(self, request):
        form = self.form(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if not request.user.has_perm("deliberation.change_matter", Matter(unit=d["unit"], unit_path=d["unit"].path)):
                raise PermissionDenied
            try:
                matter = svc.matter_register(
                    unit=d["unit"], kind=d["kind"], title=d["title"], body=d["body"], by=request.user, amount=d["amount"], description=d["description"]
                )
            except ValidationError as e:
                _form_errors(form, e)
            else:
                messages.success(request, _("The matter “%(title)s” is registered.") % {"title": matter.title})
                return redirect(matter.get_absolute_url())
        return render(request, self.template, {"form": form}, status=400)


# --- spendings ---------------------------------------------------------------------------------------------------


class SpendingListView(ScopedListView):
    model = Spending
    view_perm = VIEW_MATTER
    filterset_class = SpendingFilterSet
    template_name = "deliberation/spending_list.html"

    def get_queryset(self):
        return spendings_visible(self.request.user).order_by("-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = self.request.user.has_perm(MANAGE_MATTER)
        return ctx


class SpendingObjectView(ScopedObjectView):
    model = Spending

    def get_queryset(self):
        return spendings_visible(self.request.user)


def _link_matters(spending):
    """The 三重一大 matters a spending may be linked to: at its unit, above it or below it, not withdrawn."""
    above = [spending.unit_path[: i + 1] for i, ch in enumerate(spending.unit_path) if ch == "."]
    return Matter.objects.filter(Q(unit_path__in=above) | Q(unit_path__startswith=spending.unit_path)).exclude(state=MatterState.WITHDRAWN).order_by("-id")


def _spending_steps(user, spending):
    if not user.has_perm("deliberation.change_spending", spending):
        return []
    allowed = {s.action for s in SPENDING_WORKFLOW.steps_from(spending.state)}
    if spending.state == "requested":
        allowed.add("link")
    out = []
    for name, (label, form_class) in SPENDING_STEPS.items():
        if name in allowed:
            kwargs = {"matters": _link_matters(spending)} if form_class is LinkForm else {}
            out.append((name, label, form_class(prefix=name, **kwargs)))
    return out


class SpendingDetailView(SpendingObjectView):
    def get(self, request, pk):
        spending = self.object
        ctx = {
            "spending": spending,
            "threshold": funds_threshold(spending.unit),
            "timeline": _timeline(spending_timeline(spending), SPENDING_WORKFLOW),
            "steps": _spending_steps(request.user, spending),
        }
        return render(request, "deliberation/spending_detail.html", ctx)


class SpendingStepView(StepView):
    model = Spending
    change_perm = "deliberation.change_spending"

    def get_queryset(self):
        return spendings_visible(self.request.user)

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("step") not in SPENDING_STEPS:
            raise Http404
        self.step = kwargs["step"]
        self.label, self.form_class = SPENDING_STEPS[self.step]
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        kwargs = {"matters": _link_matters(self.object)} if self.form_class is LinkForm else {}
        return self.form_class(self.request.POST, prefix=self.step, **kwargs)

    def run_step(self, form):
        data, spending, by = form.cleaned_data, self.object, self.request.user
        if self.step == "link":
            svc.spending_link(spending=spending, matter=data["matter"], by=by)
        elif self.step == "approve":
            svc.spending_approve(spending=spending, by=by, note=data["note"])
        elif self.step == "refuse":
            svc.spending_refuse(spending=spending, by=by, reason=data["reason"])
        else:
            svc.spending_pay(spending=spending, by=by, note=data["note"])

    def success_message(self):
        return _("Saved: %(step)s.") % {"step": self.label}


class SpendingCreateView(CapabilityView):
    required_perm = MANAGE_MATTER
    template = "deliberation/spending_form.html"

    def get(self, request):
        return render(request, self.template, {"form": SpendingForm(units=managed_units(request.user))})

    def post(self, request):
        form = SpendingForm(request.POST, units=managed_units(request.user))
        if form.is_valid():
            d = form.cleaned_data
            try:
                spending = svc.spending_request(unit=d["unit"], purpose=d["purpose"], amount=d["amount"], by=request.user)
            except ValidationError as e:
                _form_errors(form, e)
            else:
                return redirect("deliberation:spending-detail", pk=spending.pk)
        return render(request, self.template, {"form": form}, status=400)


# --- thresholds -------------------------------------------------------------------------------------------------


class ThresholdListView(CapabilityView):
    """The large-sum threshold in force at each unit the user manages, each editable (MANAGE_MATTER)."""

    required_perm = MANAGE_MATTER

    def get(self, request):
        units = list(managed_units(request.user)[:200])
        return render(request, "deliberation/matter_thresholds.html", {"rows": thresholds_for(units)})


class ThresholdEditView(ScopedObjectView):
    """POST /deliberation/thresholds/<unit pk>/: the unit's own threshold (empty: inherit from above)."""

    model = Unit
    view_perm = MANAGE_MATTER
    change_perm = "deliberation.set_funds_threshold"
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ThresholdForm(request.POST)
        if form.is_valid():
            try:
                svc.threshold_set(unit=self.object, amount=form.cleaned_data["amount"], by=request.user)
            except ValidationError as e:
                messages.error(request, " ".join(e.messages))
            else:
                messages.success(request, _("The large-sum threshold of %(unit)s is saved.") % {"unit": self.object.name})
        else:
            messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
        return redirect(reverse("deliberation:threshold-list"))
