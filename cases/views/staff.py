"""The staff workbench: my queue and all cases (filtered, paginated), and bulk dispatch."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, VIEW_CASE
from accounts.scope import scope_paths
from cases.checks import holiday_warning
from cases.filtersets import WorkbenchFilterSet
from cases.forms.staff import BulkDispatchForm
from cases.models import Case
from cases.queues import cases_my_queue, cases_visible_to, queue_q
from cases.services.bulk import cases_dispatch_bulk
from cases.workflow import CaseState
from core.views import CapabilityView, ScopedListView
from core.workflow import IllegalTransition

LIST_RELATED = ("category", "unit", "handling_unit", "grid")
TABS = ("queue", "all")


class WorkbenchView(ScopedListView):
    """/cases/: "my queue" (what I must act on now, overdue first) and "all cases" with filters."""

    model = Case
    view_perm = VIEW_CASE
    filterset_class = WorkbenchFilterSet
    template_name = "cases/staff/workbench.html"

    @property
    def tab(self):
        tab = self.request.GET.get("tab")
        return tab if tab in TABS else "queue"

    def get_queryset(self):
        user = self.request.user
        qs = cases_my_queue(user) if self.tab == "queue" else cases_visible_to(user).order_by("-id")
        return qs.select_related(*LIST_RELATED)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["tab"] = self.tab
        ctx["now"] = timezone.now()
        ctx["holiday_warning"] = holiday_warning()
        ctx["has_queue"] = queue_q(user) is not None
        ctx["can_dispatch"] = scope_paths(user, DISPATCH_CASE) is not None
        ctx["can_key_in"] = scope_paths(user, CHANGE_CASE) is not None
        if ctx["can_key_in"]:  # those who record the 回访 see the closed cases past its limit
            ctx["visits_overdue"] = list(Case.objects.for_user(user, CHANGE_CASE).visits_overdue(ctx["now"]).order_by("visit_due_at", "id")[:10])
        ctx["awaiting_dispatch"] = CaseState.ACCEPTED
        if ctx["can_dispatch"]:
            ctx["bulk_form"] = kwargs.get("bulk_form") or BulkDispatchForm(user=user)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("tab", None)
        ctx["filter_query"] = query.urlencode()
        return ctx


class BulkDispatchView(CapabilityView):
    """POST the ticked cases with a handling unit and a handler kind: all are dispatched, or none."""

    required_perm = DISPATCH_CASE

    def post(self, request):
        user = request.user
        back = request.POST.get("next") or ""
        back = back if back.startswith("/cases/") and not back.startswith("//") else "/cases/"
        form = BulkDispatchForm(request.POST, user=user)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                for e in errors:
                    messages.error(request, f"{label}: {e}" if label else e)
            return redirect(back)
        ids = form.cleaned_data["cases"]
        allowed = Case.objects.for_user(user, DISPATCH_CASE).filter(pk__in=ids)
        if allowed.count() != len(set(ids)):
            messages.error(request, _("You may not dispatch some of the chosen cases. Nothing was dispatched."))
            return redirect(back)
        try:
            done = cases_dispatch_bulk(case_ids=ids, to=form.cleaned_data["handling_unit"], handler_kind=form.cleaned_data["handler_kind"], by=user)
        except IllegalTransition as e:
            messages.error(request, e.message)
            return redirect(back)
        except ValidationError as e:
            for msg in e.messages:
                messages.error(request, msg)
            return redirect(back)
        messages.success(
            request,
            _("%(n)s cases dispatched to %(unit)s: %(numbers)s.") % {"n": len(done), "unit": form.cleaned_data["handling_unit"].name, "numbers": ", ".join(c.number for c in done)},
        )
        return redirect(back)
