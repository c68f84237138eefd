"""/services/points/: the 睦邻点 registry, map and dashboard, a point's page, steps and records."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from doorstep.views.points import dashboard, detail, records, registry

urlpatterns = [
    path("", registry.PointListView.as_view(), name="point-list"),
    path("points.geojson", registry.point_geojson, name="point-geojson"),
    path("new/", registry.PointProposeView.as_view(), name="point-propose"),
    path("attention/", dashboard.AttentionView.as_view(), name="point-attention"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="point-dashboard"),
    path("quick/", records.QuickEntryView.as_view(), name="point-quick"),
    path("<id:pk>/", detail.PointDetailView.as_view(), name="point-detail"),
    path("<id:pk>/edit/", registry.PointEditView.as_view(), name="point-edit"),
    path("<id:pk>/steps/<slug:action>/", detail.PointStepView.as_view(), name="point-step"),
    path("<id:pk>/model/", detail.PointModelView.as_view(), name="point-model"),
    path("<id:pk>/activities/new/", records.ActivityCreateView.as_view(), name="point-activity"),
    path("<id:pk>/visits/new/", records.VisitCreateView.as_view(), name="point-visit"),
    path("<id:pk>/records/new/", records.DevelopmentRecordView.as_view(), name="point-record"),
    path("<id:pk>/rating/", records.RatingView.as_view(), name="point-rating"),
]
