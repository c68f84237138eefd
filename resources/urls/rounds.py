"""/resources/rounds/: batch rounds (optimal beside greedy) and applying one."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from resources.views import rounds as v

urlpatterns = [
    path("", v.RoundListView.as_view(), name="round-list"),
    path("new/", v.RoundCreateView.as_view(), name="round-create"),
    path("<id:pk>/", v.RoundDetailView.as_view(), name="round-detail"),
    path("<id:pk>/apply/", v.RoundApplyView.as_view(), name="round-apply"),
]
