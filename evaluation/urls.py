"""/evaluation/: plans, periods (run, publish, export), results and their computation, ranking, trend;
rating for council members and representatives; a resident's published results."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.ResultListView.as_view(), name="result-list"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("trend/", views.TrendView.as_view(), name="trend"),
    path("plans/", views.PlanListView.as_view(), name="plan-list"),
    path("plans/<id:pk>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("periods/", views.PeriodListView.as_view(), name="period-list"),
    path("periods/new/", views.PeriodOpenView.as_view(), name="period-open"),
    path("periods/<id:pk>/", views.PeriodDetailView.as_view(), name="period-detail"),
    path("periods/<id:pk>/run/", views.PeriodStepView.as_view(action="run"), name="period-run"),
    path("periods/<id:pk>/publish/", views.PeriodStepView.as_view(action="publish"), name="period-publish"),
    path("periods/<id:pk>/export/", views.PeriodExportView.as_view(), name="period-export"),
    path("results/<id:pk>/", views.ResultDetailView.as_view(), name="result-detail"),
    path("rate/", views.RateView.as_view(), name="rate"),
    path("mine/", views.MineView.as_view(), name="mine"),
]
