"""Pages: the resolutions board (staff and residents), actions, and the resolutions' Excel export."""

from django.urls import path

from deliberation.exports import ExportView
from deliberation.views import actions as v

urlpatterns = [
    path("board/", v.BoardView.as_view(), name="board"),
    path("board/mine/", v.ResidentBoardView.as_view(), name="board-resident"),
    path("board/export.xlsx", ExportView.as_view(name="resolutions"), name="export-resolutions"),
    path("decisions/<id:pk>/actions/new/", v.ActionCreateView.as_view(), name="action-create"),
    path("actions/<id:pk>/", v.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<id:pk>/<slug:step>/", v.ActionStepView.as_view(), name="action-step"),
]
