"""Matches (/api/matches/) and service records (/api/service-records/) on the API.

Reads: staff by resources.view_resource in their scope, and a talent their own. Steps (POST
/api/matches/{id}/agree|decline|cancel|record/) need resources.match_resource at the need's 居民区; feedback
(POST /api/service-records/{id}/feedback/) the side's right (resources.services_matches). 404 outside the
scope, 403 without the right, 400 for bad input (nothing written), 409 when the match's state does not
allow the step. The ROUTES are registered on the /api/ router by config/api.py."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import VIEW_RESOURCE
from cases.serializers import ConflictSerializer
from core.api import ScopedReadOnlyViewSet
from core.workflow import IllegalTransition
from services.models import Slot

from . import services_matches as svc
from .forms_matches import MatchFilterSet, RecordFilterSet
from .models import Match, ServiceRecord
from .selectors_matches import match_list, matches_visible, record_list, records_visible
from .serializers_matches import (
    MatchAgreeInputSerializer,
    MatchDetailSerializer,
    MatchNoteInputSerializer,
    MatchSerializer,
    ServiceFeedbackInputSerializer,
    ServiceRecordInputSerializer,
    ServiceRecordSerializer,
)

CONFLICT = OpenApiResponse(ConflictSerializer, description="The step is not allowed from the match's current state; nothing changed.")


def _validated(serializer_class, data) -> dict:
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def step_schema(request, summary, response=MatchDetailSerializer, code=200):
    return extend_schema(request=request, responses={code: response, 409: CONFLICT}, summary=summary)


class MatchViewSet(ScopedReadOnlyViewSet):
    """Matches in the caller's scope (and a talent's own), newest first; the detail carries the timeline
    and the service records."""

    queryset = Match.objects.all()
    serializer_class = MatchSerializer
    filterset_class = MatchFilterSet
    view_perm = VIEW_RESOURCE

    def get_queryset(self):
        qs = match_list(matches_visible(self.request.user))
        return qs.prefetch_related("transitions", "records") if self.action != "list" else qs

    def get_serializer_class(self):
        return MatchSerializer if self.action == "list" else MatchDetailSerializer

    def detail_response(self, match, code=status.HTTP_200_OK):
        fresh = match_list(Match.objects.all()).prefetch_related("transitions", "records").get(pk=match.pk)
        return Response(MatchDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def step(self, request, serializer_class, run, code=status.HTTP_200_OK):
        match = self.get_object()
        if not request.user.has_perm("resources.act_on_match", match):
            raise PermissionDenied()
        d = _validated(serializer_class, request.data)
        try:
            out = self.run_service(run, match, d)
        except IllegalTransition as e:
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        if isinstance(out, ServiceRecord):
            return Response(ServiceRecordSerializer(record_list(ServiceRecord.objects.all()).get(pk=out.pk)).data, status=code)
        return self.detail_response(match, code)

    @step_schema(MatchAgreeInputSerializer, "Make the agreement (对接协议): terms, time, and for a shared space a slot to book")
    @action(detail=True, methods=["post"])
    def agree(self, request, pk=None):
        def run(match, d):
            slot = None
            if d.get("slot"):
                slot = Slot.objects.filter(pk=d["slot"]).first()
                if slot is None:
                    raise ValidationError({"slot": [_("No such slot.")]})
            return svc.match_agree(match, request.user, terms=d["terms"], scheduled_for=d.get("scheduled_for"), slot=slot)

        return self.step(request, MatchAgreeInputSerializer, run)

    @step_schema(MatchNoteInputSerializer, "Decline a proposed match, with the reason")
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self.step(request, MatchNoteInputSerializer, lambda m, d: svc.match_decline(m, request.user, note=d["note"]))

    @step_schema(MatchNoteInputSerializer, "Cancel a proposed or agreed match (an agreed one gives its service back)")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self.step(request, MatchNoteInputSerializer, lambda m, d: svc.match_cancel(m, request.user, note=d["note"]))

    @step_schema(
        ServiceRecordInputSerializer, "Record the service given under the agreement (服务记录), with either side's feedback", ServiceRecordSerializer, 201
    )
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        return self.step(request, ServiceRecordInputSerializer, lambda m, d: svc.record_service(m, request.user, **d), status.HTTP_201_CREATED)


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
