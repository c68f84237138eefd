"""Questionnaires (S1.3 需求调研; reused for satisfaction and consultation): sent to the residents of a
unit or to a list of people, answered once per person on a phone, with results and an Excel export."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from surveys.workflow import SURVEY_WORKFLOW, SurveyState


class Audience(models.TextChoices):
    UNIT = "unit", _("Residents of a unit")  # everyone with an account living under `unit`
    LIST = "list", _("A list of people")  # `Recipient` rows


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")  # 1..scale_max
    TEXT = "text", _("Text")


class SurveyQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Survey(TimeStamped):
    workflow = SURVEY_WORKFLOW

    title = models.CharField(pgettext_lazy("survey", "title"), max_length=100)
    intro = models.TextField(_("introduction"), blank=True)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="surveys", verbose_name=_("unit"))
    unit_path = PathField()
    audience = models.CharField(_("sent to"), max_length=8, choices=Audience.choices, default=Audience.UNIT)
    state = models.CharField(_("state"), max_length=8, choices=SurveyState.choices, default=SurveyState.DRAFT)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    anonymous = models.BooleanField(_("anonymous results"), default=True)
    purpose = models.CharField(_("purpose"), max_length=32, blank=True)  # "needs", "satisfaction", "consultation"
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by"))

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="srv_survey_path")]

    def __str__(self):
        return self.title


class SurveyTransition(TransitionRecord):
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="transitions", verbose_name=_("survey"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("survey step")
        verbose_name_plural = _("survey steps")


class Question(models.Model):
    """`options`: ["早上", "下午", "晚上"] for choices; `scale_max` for a scale (1..scale_max)."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="questions", verbose_name=_("survey"))
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=300)
    options = models.JSONField(_("options"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("scale maximum"), default=5)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "position"], name="srv_question_position_once")]


class Recipient(models.Model):
    survey = models.ForeignKey(Survey, models.CASCADE, related_name="recipients", verbose_name=_("survey"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="survey_invitations", verbose_name=_("person"))

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="srv_recipient_once")]


class Response(models.Model):
    """One person's answers; once per person per survey (a unique constraint)."""

    survey = models.ForeignKey(Survey, models.CASCADE, related_name="responses", verbose_name=_("survey"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="survey_responses", verbose_name=_("respondent"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="srv_response_once")]


class Answer(models.Model):
    """`choices`: the chosen option indexes (single: one); `number`: a scale value; `text`: free text."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers", verbose_name=_("response"))
    question = models.ForeignKey(Question, models.CASCADE, related_name="answers", verbose_name=_("question"))
    choices = models.JSONField(_("choices"), default=list, blank=True)
    number = models.PositiveSmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="srv_answer_once")]
