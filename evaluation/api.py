"""The evaluation API: periods (read; `run` and `publish` steps for MANAGE_EVALUATION at the period's unit)
and results with their computation (read-only), in the router; the plans, hung on no unit, beside it."""

from django.db.models import Prefetch
from django.urls import path
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied

import core.converters  # noqa: F401  registers <id:...>
from accounts.roles import MANAGE_EVALUATION, VIEW_EVALUATION
from core.api import ApiStep, ScopedReadOnlyViewSet
from core.scoping import scope_paths
from evaluation import services
from evaluation.filtersets import PeriodFilterSet, ResultFilterSet
from evaluation.models import Indicator, IndicatorValue, Period, Plan, Result
from evaluation.serializers import PeriodSerializer, PlanSerializer, ResultSerializer


class PeriodViewSet(ScopedReadOnlyViewSet):
    """Evaluation periods (a plan for a quarter over a unit's estates): `run` computes every score with its
    computation, `publish` shows them to residents and opens the rectification actions."""

    queryset = Period.objects
    filterset_class = PeriodFilterSet
    serializer_class = detail_serializer_class = PeriodSerializer
    view_perm, change_perm = VIEW_EVALUATION, MANAGE_EVALUATION
    step_subject = "period"
    conflict_description = "Published periods are not computed again nor published twice; nothing changed."
    steps = {
        "run": ApiStep(services.period_run, summary="Compute the period's scores"),
        "publish": ApiStep(services.period_publish, summary="Publish the scores and open rectifications"),
    }

    def get_queryset(self):
        return super().get_queryset().select_related("plan", "unit").order_by("-year", "-quarter", "id")


class ResultViewSet(ScopedReadOnlyViewSet):
    """Evaluation results: each subject's score, rank and every indicator's raw value, score, weight and source."""

    queryset = Result.objects
    serializer_class = ResultSerializer
    filterset_class = ResultFilterSet
    view_perm = VIEW_EVALUATION

    def get_queryset(self):
        qs = super().get_queryset().select_related("estate").prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("position")))
        return qs.order_by("period_id", "rank", "id")


class PlanAccess:
    serializer_class = PlanSerializer

    def get_queryset(self):
        if not getattr(self, "swagger_fake_view", False) and scope_paths(self.request.user, VIEW_EVALUATION) is None:
            raise PermissionDenied()
        return Plan.objects.prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("position"))).order_by("kind", "id")


class PlanList(PlanAccess, generics.ListAPIView):
    """The evaluation plans (the platform's one list) with their weighted indicators."""


class PlanDetail(PlanAccess, generics.RetrieveAPIView):
    """One evaluation plan with its weighted indicators."""


ROUTES = [("evaluation-periods", PeriodViewSet, "evaluation-period"), ("evaluation-results", ResultViewSet, "evaluation-result")]
PATHS = [  # plans hang on no unit: not in the router
    path("evaluation-plans/", PlanList.as_view(), name="evaluation-plan-list"),
    path("evaluation-plans/<id:pk>/", PlanDetail.as_view(), name="evaluation-plan-detail"),
]
