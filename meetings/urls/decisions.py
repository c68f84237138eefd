"""Pages: agenda, decisions, votes, minutes and attachments (meetings.views.decisions)."""

from django.urls import path

from meetings.views import decisions as v

urlpatterns = [
    path("meeting/<id:pk>/items/add/", v.ItemAddView.as_view(), name="item-add"),
    path("items/<id:pk>/move/<str:direction>/", v.ItemMoveView.as_view(), name="item-move"),
    path("items/<id:pk>/notes/", v.ItemNotesView.as_view(), name="item-notes"),
    path("items/<id:pk>/decide/", v.ItemDecideView.as_view(), name="item-decide"),
    path("decisions/<id:pk>/", v.DecisionDetailView.as_view(), name="decision-detail"),
    path("decisions/<id:pk>/vote/", v.DecisionVoteView.as_view(), name="decision-vote"),
    path("decisions/<id:pk>/close/", v.DecisionCloseView.as_view(), name="decision-close"),
    path("meeting/<id:pk>/minutes/", v.MinutesEditView.as_view(), name="minutes-edit"),
    path("meeting/<id:pk>/minutes/print/", v.MinutesPrintView.as_view(), name="minutes-print"),
    path("meeting/<id:pk>/minutes/export/", v.MinutesExportView.as_view(), name="minutes-export"),
    path("minutes/<id:pk>/<str:action>/", v.MinutesStepView.as_view(), name="minutes-step"),
    path("meeting/<id:pk>/attachments/add/", v.AttachmentAddView.as_view(), name="attachment-add"),
    path("attachments/<id:pk>/", v.AttachmentView.as_view(), name="attachment"),
    path("published/", v.PublishedView.as_view(), name="published"),
]
