"""/resources/talents/: 社区达人 — the library, a talent's page and review steps, entry and editing, the
review queue, a resident's own application, the public listing, and the resource types (types/)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from resources.views.talents import edit, library, resident, review, types

urlpatterns = [
    path("", library.TalentListView.as_view(), name="talent-list"),
    path("new/", edit.TalentCreateView.as_view(), name="talent-create"),
    path("review/", review.ReviewQueueView.as_view(), name="talent-review"),
    path("apply/", resident.ApplyView.as_view(), name="talent-apply"),
    path("public/", resident.PublicListView.as_view(), name="talent-public"),
    path("residents/", edit.ResidentSearchView.as_view(), name="talent-resident-search"),
    path("types/", types.TypeListView.as_view(), name="type-list"),
    path("types/<id:pk>/", types.TypeEditView.as_view(), name="type-edit"),
    path("<id:pk>/", library.TalentDetailView.as_view(), name="talent-detail"),
    path("<id:pk>/edit/", edit.TalentEditView.as_view(), name="talent-edit"),
    path("<id:pk>/reveal/", library.TalentRevealView.as_view(), name="talent-reveal"),
    path("<id:pk>/steps/<slug:action>/", library.TalentStepView.as_view(), name="talent-step"),
]
