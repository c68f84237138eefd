"""The API: 约请 (/api/summonses/) and topics from recurring cases (/api/deliberation-topics/).

Reads: staff by meetings.view_body in their scope, members the summonses of the seats they hold. POST
/api/summonses/ sends one (a seat on the body or meetings.manage_body over it; refusals 400, audited); the steps
POST /api/summonses/{id}/answer|schedule|meet|withdraw/ need their named rule (403 without), 400 for bad input,
409 when the state does not allow the step. `ROUTES` (prefix, viewset, basename) go to the router, `PATHS`
beside it (config/api.py)."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import VIEW_BODY, VIEW_CASE
from accounts.scope import has_perm_anywhere
from core.api import ApiStep, ScopedReadOnlyViewSet
from deliberation.models import Summons
from deliberation.selectors.summons import SUMMONS_RELATED, bodies_for_summons, summonses_visible
from deliberation.selectors.topics import recurring_topics, topic_cases, topic_items
from deliberation.serializers.summons import (
    SummonsAnswerSerializer,
    SummonsCreateSerializer,
    SummonsDetailSerializer,
    SummonsNoteSerializer,
    SummonsScheduleSerializer,
    SummonsSerializer,
    TopicSerializer,
)
from deliberation.services import summons as svc


class SummonsViewSet(ScopedReadOnlyViewSet):
    """约请 in the caller's scope (meetings.view_body) and those of the seats the caller holds, newest first; the
    detail carries the timeline."""

    queryset = Summons.objects.all()
    serializer_class = SummonsSerializer
    detail_serializer_class = SummonsDetailSerializer
    view_perm = VIEW_BODY
    step_subject = "summons"
    conflict_description = "The step is not allowed from the 约请's current state; nothing changed."
    steps = {
        "answer": ApiStep(
            svc.summons_answer, "Answer with a proposed meeting time (the summoned party)", "deliberation.answer_summons", SummonsAnswerSerializer
        ),
        "schedule": ApiStep(
            svc.summons_schedule,
            "Schedule the meeting and its agenda item (the summoning party or staff)",
            "deliberation.schedule_summons",
            SummonsScheduleSerializer,
        ),
        "meet": ApiStep(svc.summons_meet, "Mark as met once the meeting is closed", "deliberation.meet_summons", SummonsNoteSerializer),
        "withdraw": ApiStep(svc.summons_withdraw, "Withdraw the 约请", "deliberation.withdraw_summons", SummonsNoteSerializer),
    }

    def get_queryset(self):
        qs = summonses_visible(self.request.user).select_related(*SUMMONS_RELATED).order_by("-created_at", "-id")
        return qs.prefetch_related("transitions__by") if self.action != "list" else qs

    def get_serializer_class(self):
        return SummonsSerializer if self.action == "list" else SummonsDetailSerializer

    def detail_queryset(self):
        return Summons.objects.select_related(*SUMMONS_RELATED).prefetch_related("transitions__by")

    @extend_schema(request=SummonsCreateSerializer, responses={201: SummonsDetailSerializer}, summary="Send a 约请 on a body")
    def create(self, request, *args, **kwargs):
        bodies = bodies_for_summons(request.user)
        if not bodies.exists():
            raise PermissionDenied()
        s = SummonsCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        body = bodies.filter(pk=d["body"]).first()
        if body is None:
            raise NotFound({"body": ["Not found where you may write."]})
        from_seat = body.seats.filter(pk=d["from_seat"]).first()
        if from_seat is None:
            raise NotFound({"from_seat": ["Not found where you may write."]})
        to_seat = to_org = None
        if d.get("to_seat"):
            from meetings.models import Seat

            to_seat = Seat.objects.filter(pk=d["to_seat"], body__in=bodies_for_summons(request.user) | self.visible_bodies()).select_related("body").first()
            if to_seat is None:
                raise NotFound({"to_seat": ["Not found where you may write."]})
        elif d.get("to_organisation"):
            from resources.models import Organisation

            to_org = Organisation.objects.filter(pk=d["to_organisation"]).first()
            if to_org is None:
                raise NotFound({"to_organisation": ["Not found."]})
        summons = svc.summons_send(
            body=body, from_seat=from_seat, to_seat=to_seat, to_organisation=to_org, subject=d["subject"], description=d.get("description", ""), by=request.user
        )
        return self.detail_response(summons, status.HTTP_201_CREATED)

    def visible_bodies(self):
        from meetings.models import Body

        return Body.objects.for_user(self.request.user, VIEW_BODY)


class TopicListView(APIView):
    @extend_schema(
        operation_id="deliberation_topics",
        summary="Topics from recurring cases: a case category recurring in one building or grid (thresholds as settings)",
        responses={200: TopicSerializer(many=True)},
    )
    def get(self, request):
        user = request.user
        if not (has_perm_anywhere(user, VIEW_BODY) and has_perm_anywhere(user, VIEW_CASE)):
            raise PermissionDenied()
        topics = recurring_topics(user)
        topic_cases(user, topics)
        topic_items(topics)
        return Response(TopicSerializer(topics, many=True).data)


ROUTES = [("summonses", SummonsViewSet, "summons")]
PATHS = [path("deliberation-topics/", TopicListView.as_view(), name="deliberation-topics")]
