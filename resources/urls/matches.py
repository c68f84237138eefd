"""/resources/needs/matches/: matches, agreements (对接协议), service records (服务记录) and feedback; a talent's
own services. Included by resources/urls/needs.py inside the `resources` namespace (no app_name here)."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from resources.views import matches as v

urlpatterns = [
    path("", v.MatchListView.as_view(), name="match-list"),
    path("mine/", v.MyServicesView.as_view(), name="my-services"),
    path("records/", v.RecordListView.as_view(), name="record-list"),
    path("records/<id:pk>/feedback/<slug:side>/", v.RecordFeedbackView.as_view(), name="record-feedback"),
    path("<id:pk>/", v.MatchDetailView.as_view(), name="match-detail"),
    path("<id:pk>/agree/", v.MatchAgreeView.as_view(), name="match-agree"),
    path("<id:pk>/decline/", v.MatchDeclineView.as_view(), name="match-decline"),
    path("<id:pk>/cancel/", v.MatchCancelView.as_view(), name="match-cancel"),
    path("<id:pk>/record/", v.MatchRecordView.as_view(), name="match-record"),
]
