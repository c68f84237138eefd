"""/surveys/: questionnaires (staff), answering (residents, phone first), results and the Excel export."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from surveys.views import answer, results, staff

app_name = "surveys"

urlpatterns = [
    path("", staff.SurveyListView.as_view(), name="list"),
    path("new/", staff.SurveyCreateView.as_view(), name="create"),
    path("mine/", answer.MineView.as_view(), name="mine"),
    path("<id:pk>/", staff.SurveyDetailView.as_view(), name="detail"),
    path("<id:pk>/edit/", staff.SurveyEditView.as_view(), name="edit"),
    path("<id:pk>/open/", staff.SurveyStepView.as_view(action="open"), name="open"),
    path("<id:pk>/close/", staff.SurveyStepView.as_view(action="close"), name="close"),
    path("<id:pk>/questions/add/", staff.QuestionAddView.as_view(), name="question-add"),
    path("<id:pk>/questions/<id:qid>/", staff.QuestionEditView.as_view(), name="question-edit"),
    path("<id:pk>/questions/<id:qid>/move/", staff.QuestionStepView.as_view(action="move"), name="question-move"),
    path("<id:pk>/questions/<id:qid>/delete/", staff.QuestionStepView.as_view(action="delete"), name="question-delete"),
    path("<id:pk>/results/", results.ResultsView.as_view(), name="results"),
    path("<id:pk>/export/", results.ExportView.as_view(), name="export"),
    path("<id:pk>/answer/", answer.AnswerView.as_view(), name="answer"),
    path("<id:pk>/thanks/", answer.ThanksView.as_view(), name="thanks"),
]
