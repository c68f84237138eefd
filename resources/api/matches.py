"""Matches (/api/matches/) and service records (/api/service-records/) on the API.

Reads: staff by resources.view_resource in their scope, and a talent their own. Steps (POST
/api/matches/{id}/agree|decline|cancel|record/) need resources.match_resource at the need's 居民区; feedback
(POST /api/service-records/{id}/feedback/) the side's right (resources.services.matches). 404 outside the
scope, 403 without the right, 400 for bad input (nothing written), 409 when the match's state does not
allow the step. The ROUTES are registered on the /api/ router by config/api.py."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import VIEW_RESOURCE
from core.api import ApiStep, ScopedReadOnlyViewSet
from doorstep.models import Slot
from resources.filtersets.matches import MatchFilterSet, RecordFilterSet
from resources.models import Match, ServiceRecord
from resources.selectors.matches import match_list, matches_visible, record_list, records_visible
from resources.serializers.matches import (
    MatchAgreeInputSerializer,
    MatchDetailSerializer,
    MatchNoteInputSerializer,
    MatchSerializer,
    ServiceFeedbackInputSerializer,
    ServiceRecordInputSerializer,
    ServiceRecordSerializer,
)
from resources.services import matches as svc


def _validated(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def agree(*, match, by, terms, scheduled_for=None, slot=None):
    if slot:
        found = Slot.objects.filter(pk=slot).first()
        if found is None:
            raise ValidationError({"slot": [_("No such slot.")]})
        slot = found
    return svc.match_agree(match, by, terms=terms, scheduled_for=scheduled_for, slot=slot or None)


def record_answer(view, match, record):
    return Response(ServiceRecordSerializer(record_list(ServiceRecord.objects.all()).get(pk=record.pk)).data, status=status.HTTP_201_CREATED)


class MatchViewSet(ScopedReadOnlyViewSet):
    """Matches in the caller's scope (and a talent's own), newest first; the detail carries the timeline
    and the service records."""

    queryset = Match.objects.all()
    serializer_class = MatchSerializer
    detail_serializer_class = MatchDetailSerializer
    filterset_class = MatchFilterSet
    view_perm = VIEW_RESOURCE
    step_subject = "match"
    conflict_description = "The step is not allowed from the match's current state; nothing changed."
    steps = {
        "agree": ApiStep(agree, "Make the agreement (对接协议): terms, time, and for a shared space a slot to book", "resources.act_on_match", MatchAgreeInputSerializer),
        "decline": ApiStep(
            lambda match, by, note: svc.match_decline(match, by, note=note),
            "Decline a proposed match, with the reason",
            "resources.act_on_match",
            MatchNoteInputSerializer,
        ),
        "cancel": ApiStep(
            lambda match, by, note: svc.match_cancel(match, by, note=note),
            "Cancel a proposed or agreed match (an agreed one gives its service back)",
            "resources.act_on_match",
            MatchNoteInputSerializer,
        ),
        "record": ApiStep(
            lambda match, by, **d: svc.record_service(match, by, **d),
            "Record the service given under the agreement (服务记录), with either side's feedback",
            "resources.act_on_match",
            ServiceRecordInputSerializer,
            response=ServiceRecordSerializer,
            status=status.HTTP_201_CREATED,
            respond=record_answer,
        ),
    }

    def get_queryset(self):
        qs = match_list(matches_visible(self.request.user))
        return qs.prefetch_related("transitions", "records") if self.action != "list" else qs

    def get_serializer_class(self):
        return MatchSerializer if self.action == "list" else MatchDetailSerializer

    def detail_queryset(self):  # the match as it is after the step
        return match_list(Match.objects.all()).prefetch_related("transitions", "records")


class ServiceRecordViewSet(ScopedReadOnlyViewSet):
    """Service records in the caller's scope (and a talent's own), with both sides' ratings."""

    queryset = ServiceRecord.objects.all()
    serializer_class = ServiceRecordSerializer
    filterset_class = RecordFilterSet
    view_perm = VIEW_RESOURCE

    def get_queryset(self):
        return record_list(records_visible(self.request.user).select_related("match__resource__talent"))

    @extend_schema(request=ServiceFeedbackInputSerializer, responses={200: ServiceRecordSerializer}, summary="One side's rating (1-5) and comment")
    @action(detail=True, methods=["post"])
    def feedback(self, request, pk=None):
        rec = self.get_object()
        d = _validated(ServiceFeedbackInputSerializer, request.data)
        give = svc.requester_feedback if d["side"] == "requester" else svc.provider_feedback
        try:
            self.run_service(give, rec, request.user, d["rating"], d["comment"])
        except DjangoPermissionDenied as e:
            raise PermissionDenied() from e
        return Response(ServiceRecordSerializer(self.get_queryset().get(pk=rec.pk)).data)


ROUTES = [
    ("matches", MatchViewSet, "match"),
    ("service-records", ServiceRecordViewSet, "service-record"),
]
PATHS = []
