"""A survey's states and steps, declared as data (core.workflow): draft → open → closed.

A draft is written and its questions changed; opening it fixes the recipients and sends each a notice;
closing it (by hand, or the periodic job when the closing time has passed) ends the answers. Every step
leaves a record on the survey's timeline (`SurveyTransition`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Step, Workflow


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


S = SurveyState

SURVEY_WORKFLOW = Workflow(
    states=SurveyState,
    initial=S.DRAFT,
    timeline="surveys.SurveyTransition",
    subject="survey",
    steps=[
        Step("open", {S.DRAFT}, S.OPEN),
        Step("close", {S.OPEN}, S.CLOSED),
    ],
)
