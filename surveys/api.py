"""The surveys API (router entry "surveys"): staff list, read, create and run surveys on units in their
scope; `results` gives the figures; a resident lists the surveys sent to them (`mine`) and answers
(`answer`). Out of scope 404, no right 403, bad input 400, a step the state does not allow or a second
answer 409 (nothing changes)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import CHANGE_SURVEY, VIEW_SURVEY
from core.api import ApiStep, ScopedReadOnlyViewSet, conflict
from core.filters import MAX_ID
from org.models import Unit
from surveys import services
from surveys.filtersets import SurveyFilterSet
from surveys.forms import PURPOSES
from surveys.labels import state_label
from surveys.models import Audience, Question, QuestionKind, Survey, SurveyState, SurveyTransition
from surveys.selectors import survey_results, surveys_for_respondent


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text", "options", "scale_max", "required"]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    state_display = serializers.SerializerMethodField()
    purpose = serializers.CharField(read_only=True, allow_blank=True)
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "intro",
            "unit",
            "unit_name",
            "audience",
            "state",
            "state_display",
            "anonymous",
            "purpose",
            "opens_at",
            "closes_at",
            "created_at",
            "questions",
        ]
        read_only_fields = fields

    def get_state_display(self, obj) -> str:
        return state_label(obj.state)


class SurveyTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]


class SurveyDetailSerializer(SurveySerializer):
    transitions = SurveyTransitionSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class QuestionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=QuestionKind.choices)
    text = serializers.CharField(max_length=300)
    options = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list, max_length=services.MAX_OPTIONS)
    scale_max = serializers.IntegerField(min_value=2, max_value=10, required=False, default=5)
    required = serializers.BooleanField(required=False, default=True)


class SurveyInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    intro = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    audience = serializers.ChoiceField(choices=Audience.choices, default=Audience.UNIT)
    recipients = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False, default=list, max_length=5000)
    anonymous = serializers.BooleanField(required=False, default=True)
    purpose = serializers.ChoiceField(choices=PURPOSES, required=False, default="")
    closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    questions = QuestionInputSerializer(many=True, required=False, default=list, max_length=services.MAX_QUESTIONS)


class QuestionsInputSerializer(serializers.Serializer):
    questions = QuestionInputSerializer(many=True, max_length=services.MAX_QUESTIONS)


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    choices = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=1000), required=False, default=list, max_length=100)
    number = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0, max_value=1000)
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=10_000)


class AnswersInputSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True, max_length=services.MAX_QUESTIONS)


class OptionCountSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField()
    percent = serializers.FloatField()


class TextAnswerSerializer(serializers.Serializer):
    text = serializers.CharField()
    who = serializers.CharField(allow_blank=True, help_text="Empty for an anonymous survey.")


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question.pk")
    kind = serializers.CharField()
    text = serializers.CharField(source="question.text")
    answered = serializers.IntegerField()
    options = OptionCountSerializer(many=True)
    average = serializers.FloatField(allow_null=True)
    texts = TextAnswerSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey.pk")
    recipients = serializers.IntegerField()
    responses = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="Responses / recipients, 0..1.")
    questions = QuestionResultSerializer(many=True)


class RespondentSurveySerializer(SurveySerializer):
    answered = serializers.BooleanField(read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "answered"]
        read_only_fields = fields


CONFLICT_DESCRIPTION = "The survey's state does not allow this, or the person has answered already; nothing changed."


def replace_questions(*, survey, by, questions):
    return services.questions_replace(survey=survey, questions=[dict(q) for q in questions])


def answers_by_question(rows: list[dict], survey: Survey) -> dict:
    """The API's answer rows as the {question id: value} that `surveys.answers` checks."""
    kinds = dict(survey.questions.values_list("pk", "kind"))
    out = {}
    for row in rows:
        kind = kinds.get(row["question"])
        if kind is None:
            raise ValidationError({"answers": [_("Question %(id)s is not part of this survey.") % {"id": row["question"]}]})
        if kind == QuestionKind.SINGLE:
            out[row["question"]] = row["choices"][0] if len(row["choices"]) == 1 else row["choices"]
        elif kind == QuestionKind.MULTIPLE:
            out[row["question"]] = row["choices"]
        elif kind == QuestionKind.SCALE:
            out[row["question"]] = row["number"]
        else:
            out[row["question"]] = row["text"]
    return out


@extend_schema_view(
    create=extend_schema(
        request=SurveyInputSerializer,
        responses={201: SurveyDetailSerializer},
        summary="Write a draft survey with its questions (surveys.change_survey at the unit)",
    ),
)
class SurveyViewSet(ScopedReadOnlyViewSet):
    """Surveys on units in the caller's scope (`surveys.view_survey`), with their questions."""

    queryset = Survey.objects.all()
    parser_classes = [JSONParser]  # questions and answers are nested lists: JSON bodies only
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    view_perm = VIEW_SURVEY
    change_perm = CHANGE_SURVEY
    detail_serializer_class = SurveyDetailSerializer
    step_subject = "survey"
    conflict_description = CONFLICT_DESCRIPTION
    steps = {  # surveys.change_survey at the survey's unit
        "questions": ApiStep(replace_questions, "Replace the questions (until the first answer)", request=QuestionsInputSerializer),
        "open_survey": ApiStep(services.survey_open, "Open a draft and send each recipient a notice", url_path="open"),
        "close_survey": ApiStep(services.survey_close, "Close an open survey", url_path="close"),
    }

    def get_queryset(self):
        if self.action in ("mine", "answer"):
            return surveys_for_respondent(self.request.user).prefetch_related("questions")
        qs = super().get_queryset().select_related("unit").prefetch_related("questions").order_by("-id")
        return qs.prefetch_related("transitions") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return {"mine": RespondentSurveySerializer, "list": SurveySerializer}.get(self.action, SurveyDetailSerializer)

    def detail_queryset(self):
        return Survey.objects.select_related("unit").prefetch_related("questions", "transitions")

    def create(self, request, *args, **kwargs):
        s = SurveyInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        unit = Unit.objects.filter(pk=d.pop("unit")).first()
        if unit is None or not request.user.has_perm(CHANGE_SURVEY, unit):
            if not request.user.has_perm(CHANGE_SURVEY):
                raise PermissionDenied()
            raise ValidationError({"unit": [_("Choose a unit you look after.")]})
        recipients = list(User.objects.filter(pk__in=d.pop("recipients")).values_list("pk", flat=True))
        questions = [dict(q) for q in d.pop("questions")]
        survey = self.run_service(services.survey_create, unit=unit, by=request.user, recipients=recipients, questions=questions, **d)
        return self.detail_response(survey, status.HTTP_201_CREATED)

    @extend_schema(responses={200: ResultsSerializer}, summary="Results: counts, percentages, scale averages, text answers, response rate")
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        survey = self.get_object()
        return Response(ResultsSerializer(survey_results(survey)).data)

    @extend_schema(responses={200: RespondentSurveySerializer(many=True)}, summary="The surveys sent to me (a resident), answered or not")
    @action(detail=False, methods=["get"])
    def mine(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        data = RespondentSurveySerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=AnswersInputSerializer,
        responses={201: RespondentSurveySerializer, 409: conflict(CONFLICT_DESCRIPTION)},
        summary="Answer a survey sent to me, once: choices are option indexes from 0, number a scale value",
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        survey = self.get_object()
        if not request.user.has_perm("surveys.see_sent_survey", survey):
            raise NotFound()
        s = AnswersInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        answers = answers_by_question(s.validated_data["answers"], survey)
        try:  # a second answer or a survey not taking answers: 409 (core.exceptions)
            services.survey_answer(survey=survey, user=request.user, answers=answers)
        except services.NotARecipient as e:
            raise NotFound() from e
        fresh = surveys_for_respondent(request.user).get(pk=survey.pk)
        return Response(RespondentSurveySerializer(fresh, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


__all__ = ["SurveyViewSet", "SurveyState"]
