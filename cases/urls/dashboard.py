"""URLs of the dashboard pages (see cases/urls.py)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from cases.views import dashboard

urlpatterns = [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
]
