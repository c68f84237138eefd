"""/resources/needs/: needs, their ranked suggestions (精准对接) and confirming one; the matches that follow
live under matches/ (resources/urls/matches.py). Inside the `resources` namespace (no app_name here)."""

from django.urls import include, path

import core.converters  # noqa: F401  registers <id:...>
from resources.views import needs as v

urlpatterns = [
    path("", v.NeedListView.as_view(), name="need-list"),
    path("new/", v.NeedCreateView.as_view(), name="need-create"),
    path("from-survey/", v.NeedFromSurveyView.as_view(), name="need-from-survey"),
    path("matches/", include("resources.urls.matches")),
    path("<id:pk>/", v.NeedDetailView.as_view(), name="need-detail"),
    path("<id:pk>/edit/", v.NeedEditView.as_view(), name="need-edit"),
    path("<id:pk>/cancel/", v.NeedCancelView.as_view(), name="need-cancel"),
    path("<id:pk>/propose/", v.NeedProposeView.as_view(), name="need-propose"),
]
