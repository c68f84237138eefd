"""/smart/rules/: the alarm rules editor (smart/views/rules.py)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from smart.views import rules as views_rules

urlpatterns = [
    path("", views_rules.RuleListView.as_view(), name="rule-list"),
    path("new/<slug:type_code>/", views_rules.RuleEditView.as_view(), name="rule-create"),
    path("<id:pk>/", views_rules.RuleEditView.as_view(), name="rule-edit"),
]
