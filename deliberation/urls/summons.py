"""Pages: 约请 (the inbox, sending one, one summons's thread and its steps) and topics from recurring cases."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from deliberation.views import summons as v
from deliberation.views import topics as t

urlpatterns = [
    path("summons/", v.SummonsListView.as_view(), name="summons-list"),
    path("summons/new/", v.SummonsCreateView.as_view(), name="summons-new"),
    path("summons/<id:pk>/", v.SummonsDetailView.as_view(), name="summons-detail"),
    path("summons/<id:pk>/<slug:action>/", v.SummonsStepView.as_view(), name="summons-step"),
    path("topics/", t.TopicListView.as_view(), name="topic-list"),
    path("topics/agenda/", t.TopicAgendaView.as_view(), name="topic-agenda"),
]
