"""Pages of the evaluation: plans with their indicators, periods (run and publish), a period's results,
one result's computation, the ranking with its chart, the trend over quarters, the Excel export; for
council members and representatives the rating page, for residents their estate's published results."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.roles import MANAGE_EVALUATION, VIEW_EVALUATION
from accounts.scope import scope_paths
from audit.services import audit_record
from core.exceptions import Conflict
from core.filters import MAX_ID
from core.views import CapabilityView, ScopedListView, ScopedObjectPage, ScopedObjectView, ScopedPageView, StepView, domain_error_response
from evaluation import selectors, services
from evaluation.export import results_workbook
from evaluation.filtersets import PeriodFilterSet
from evaluation.forms import PeriodForm, RatingForm
from evaluation.models import Period, PeriodState, Plan, Rating, Result

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanListView(ScopedPageView):
    model, view_perm, template_name = Plan, VIEW_EVALUATION, "evaluation/plan_list.html"

    def get_queryset(self):
        return selectors.plans_for_user(self.request.user)


class PlanDetailView(ScopedObjectPage):
    model, view_perm, template_name = Plan, VIEW_EVALUATION, "evaluation/plan_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["plan"] = self.object
        ctx["indicators"] = list(self.object.indicators.order_by("position"))
        ctx["periods"] = selectors.periods_for_user(self.request.user).filter(plan=self.object)[:12]
        return ctx


class PeriodListView(ScopedListView):
    model, view_perm, template_name, filterset_class = Period, VIEW_EVALUATION, "evaluation/period_list.html", PeriodFilterSet

    def get_queryset(self):
        return selectors.periods_for_user(self.request.user)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if scope_paths(self.request.user, MANAGE_EVALUATION) is not None:
            ctx["form"] = PeriodForm(user=self.request.user)
        return ctx


class PeriodOpenView(CapabilityView):
    required_perm = MANAGE_EVALUATION
    http_method_names = ["post"]

    def post(self, request):
        form = PeriodForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
            return redirect("evaluation:period-list")
        d = form.cleaned_data
        try:
            period = services.period_open(plan=d["plan"], unit=d["unit"], year=d["year"], quarter=d["quarter"], by=request.user)
        except ValidationError as e:
            return domain_error_response(request, e, back="evaluation:period-list")
        return redirect(period.get_absolute_url())


class PeriodObjectView(ScopedObjectView):
    model, view_perm = Period, VIEW_EVALUATION

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "unit")


class PeriodDetailView(ScopedObjectPage):
    """A period's results (the staff page): each subject's score, rank and rectification, and the steps."""

    model, view_perm, template_name = Period, VIEW_EVALUATION, "evaluation/period_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period, user = self.object, self.request.user
        ctx["period"] = period
        ctx["results"] = selectors.period_results(period, user)
        manages = user.has_perm(MANAGE_EVALUATION, period)
        ctx["can_run"] = manages and period.state != PeriodState.PUBLISHED
        ctx["can_publish"] = manages and period.state == PeriodState.COMPUTED
        ctx["timeline"] = period.transitions.select_related("by").order_by("at", "id")
        return ctx


class PeriodStepView(StepView):
    """POST run / publish (MANAGE_EVALUATION at the period's unit)."""

    model, view_perm, change_perm = Period, VIEW_EVALUATION, MANAGE_EVALUATION
    action = ""
    extra_domain_errors = (Conflict,)

    def run_step(self, form):
        step = services.period_run if self.action == "run" else services.period_publish
        step(period=self.object, by=self.request.user)

    def success_message(self):
        return _("The scores are computed.") if self.action == "run" else _("The scores are published.")


class PeriodExportView(PeriodObjectView):
    """POST (audited): the period's results in the user's scope as .xlsx."""

    http_method_names = ["post"]

    def post(self, request, pk):
        period = self.object
        results = list(selectors.result_with_values(selectors.period_results(period, request.user)))
        content, rows = results_workbook(period, results)
        audit_record(action="export", user=request.user, obj=period, changes={"kind": "evaluation_results", "rows": rows})
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="evaluation-{period.plan.code}-{period.label}-{timezone.localdate():%Y%m%d}.xlsx"'
        return response


def _periods_with_results(user):
    """Periods of which the user sees results (a 居民区 secretary sees their estate's of a subdistrict's period)."""
    scoped = Result.objects.for_user(user, VIEW_EVALUATION).values("period")
    return Period.objects.filter(pk__in=scoped).select_related("plan", "unit").order_by("-year", "-quarter", "plan_id", "id")


def _chosen_period(request, periods):
    wanted = request.GET.get("period", "")
    if wanted.isdigit() and int(wanted) <= MAX_ID:
        return get_object_or_404(periods, pk=int(wanted))
    return periods.filter(plan__kind="property").first() or periods.first()


class ResultListView(CapabilityView):
    """evaluation:result-list: the results of a period (?period=, the latest by default) in the user's scope."""

    required_perm = VIEW_EVALUATION

    def get(self, request):
        periods = _periods_with_results(request.user)
        period = _chosen_period(request, periods)
        results = selectors.period_results(period, request.user) if period else Result.objects.none()
        return render(request, "evaluation/result_list.html", {"periods": periods[:40], "period": period, "results": results})


class RankingView(CapabilityView):
    """evaluation:ranking: the subdistrict ranking of a period, as a table and a bar chart."""

    required_perm = VIEW_EVALUATION

    def get(self, request):
        periods = _periods_with_results(request.user)
        period = _chosen_period(request, periods)
        data = selectors.ranking_data(period, request.user) if period else {"names": [], "scores": [], "threshold": 0}
        data["labels"] = {"score": _("Score"), "threshold": _("Threshold")}
        ctx = {"periods": periods[:40], "period": period, "results": selectors.period_results(period, request.user) if period else [], "chart": data}
        return render(request, "evaluation/ranking.html", ctx)


class TrendView(CapabilityView):
    """evaluation:trend: each estate's score over the last quarters of a plan (?plan=)."""

    required_perm = VIEW_EVALUATION

    def get(self, request):
        plans = list(selectors.plans_for_user(request.user))
        wanted = request.GET.get("plan", "")[:20]
        plan = next((p for p in plans if str(p.pk) == wanted), None) or next((p for p in plans if p.kind == "property"), None)
        data = selectors.trend_data(plan, request.user) if plan else {"quarters": [], "series": [], "mean": []}
        data["labels"] = {"mean": _("Mean of all")}
        return render(request, "evaluation/trend.html", {"plans": plans, "plan": plan, "chart": data})


class ResultDetailView(ScopedObjectPage):
    """One result's computation: every indicator's source, raw value, score and weight, and the sum."""

    model, view_perm, template_name = Result, VIEW_EVALUATION, "evaluation/result_detail.html"

    def get_queryset(self):
        return selectors.result_with_values(super().get_queryset())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        r = self.object
        values = list(r.values.all())
        counted = [v for v in values if v.score is not None]
        ctx.update(result=r, values=values, weight_total=sum(v.weight for v in counted), weighted_total=sum(v.weight * v.score for v in counted))
        return ctx


class RateView(LoginRequiredMixin, View):
    """Council members and representatives rate the subjects of their estates in the periods not yet published."""

    def _subjects(self, user):
        from evaluation.rules import may_rate_in_estate
        from org.models import Unit, UnitKind

        estates = [u for u in Unit.objects.filter(kind=UnitKind.DISTRICT).filter(_rater_estates_q(user)).distinct() if may_rate_in_estate(user, u)]
        out = []
        periods = Period.objects.exclude(state=PeriodState.PUBLISHED).select_related("plan").order_by("-year", "-quarter", "id")
        mine = {(r.period_id, r.estate_id, r.organisation_id, r.body_id): r for r in Rating.objects.filter(rater=user)}
        for period in periods:
            if services.rating_indicator(period.plan) is None:
                continue
            for s in services.subjects_of(period):
                if any(s.estate.pk == e.pk for e in estates):
                    out.append((period, s, mine.get((period.pk, s.estate.pk, s.organisation_id, s.body_id))))
        return out

    def get(self, request):
        return render(request, "evaluation/rate.html", {"rows": self._subjects(request.user)})

    def post(self, request):
        form = RatingForm(request.POST)
        period = get_object_or_404(Period.objects.select_related("plan"), pk=request.POST.get("period") or 0)
        if not form.is_valid():
            messages.error(request, " ".join(str(m) for errs in form.errors.values() for m in errs))
            return redirect("evaluation:rate")
        from meetings.models import Body
        from org.models import Unit
        from resources.models import Organisation

        estate = get_object_or_404(Unit, pk=request.POST.get("estate") or 0)
        org = Organisation.objects.filter(pk=request.POST.get("organisation") or 0).first()
        body = Body.objects.filter(pk=request.POST.get("body") or 0).first()
        try:
            services.rating_submit(
                period=period,
                estate=estate,
                by=request.user,
                score=form.cleaned_data["score"],
                organisation=org,
                body=body,
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, Conflict) as e:
            return domain_error_response(request, e, back="evaluation:rate")
        messages.success(request, _("Your rating is saved."))
        return redirect("evaluation:rate")


def _rater_estates_q(user):
    from django.db.models import Q

    return Q(bodies__memberships__user=user, bodies__kind__code="council") | Q(pk__in=user.role_assignments.filter(role="representative").values("unit"))


class MineView(LoginRequiredMixin, TemplateView):
    """The resident front: the published results of the estate one lives in, each with its computation."""

    template_name = "evaluation/mine.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["results"] = selectors.result_with_values(selectors.published_for_resident(self.request.user))[:20]
        return ctx
