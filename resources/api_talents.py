"""The talents API: ROUTES are registered on the /api/ router by config/api.py, PATHS appended to its urls.

/api/talents/: the library in the caller's resources.view_resource scope (phones only masked); create and
change with resources.change_resource, through the services; review steps approve / reject / retire /
reinstate (404 outside the scope, 403 without the right, 400 for bad input, 409 when the state does not
allow the step: nothing changes). /api/talents-public/: talents who agreed to be listed, for anyone
signed in (surname only, skills, 居民区)."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import CHANGE_RESOURCE, VIEW_RESIDENT, VIEW_RESOURCE
from accounts.scope import scope_paths
from cases.serializers import ConflictSerializer
from core.api import ScopedModelViewSet
from core.workflow import IllegalTransition
from people.models import Resident

from . import services_talents as svc
from .filtersets_talents import PublicTalentFilterSet, TalentFilterSet
from .models import Talent
from .selectors_talents import public_talents, talent_rows
from .serializers_talents import (
    PublicTalentSerializer,
    TalentDetailSerializer,
    TalentNoteInputSerializer,
    TalentReasonInputSerializer,
    TalentSerializer,
)

CONFLICT = OpenApiResponse(ConflictSerializer, description="The step is not allowed from the talent's current state; nothing changed.")


def step_schema(request, summary):
    return extend_schema(request=request, responses={200: TalentDetailSerializer, 409: CONFLICT}, summary=summary)


@extend_schema_view(
    create=extend_schema(summary="Enter a talent into the library (staff entry: straight in)"),
    partial_update=extend_schema(summary="Change a talent's details; skills, when given, replace the old ones"),
)
class TalentViewSet(ScopedModelViewSet):
    """社区达人 in the caller's scope; the detail carries the review timeline."""

    queryset = Talent.objects.all()
    serializer_class = TalentSerializer
    filterset_class = TalentFilterSet
    view_perm, change_perm = VIEW_RESOURCE, CHANGE_RESOURCE

    def get_queryset(self):
        qs = talent_rows(super().get_queryset()).order_by("unit_path", "id")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return TalentSerializer if self.action == "list" else TalentDetailSerializer

    def _values(self, data: dict) -> dict:
        data = dict(data)
        if "skills" in data:
            data["skills"] = [(s["type"], s["level"], s.get("note", "")) for s in data["skills"]]
        resident = data.get("resident")
        if resident is not None and not Resident.objects.for_user(self.request.user, VIEW_RESIDENT).filter(pk=resident.pk).exists():
            raise ValidationError({"resident": [_("No such resident where you look after.")]})
        return data

    def create(self, request, *args, **kwargs):
        if scope_paths(request.user, CHANGE_RESOURCE) is None:
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def create_service(self, data):
        return svc.talent_create(by=self.request.user, **self._values(data))

    def update_service(self, talent, data):
        return svc.talent_update(talent=talent, by=self.request.user, **self._values(data))

    def detail_response(self, talent):
        fresh = self.get_queryset().get(pk=talent.pk)
        return Response(TalentDetailSerializer(fresh, context=self.get_serializer_context()).data)

    def step(self, request, serializer_class, name):
        talent = self.get_object()
        if not request.user.has_perm(CHANGE_RESOURCE, talent):
            raise PermissionDenied()
        s = serializer_class(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            self.run_service(svc.STEPS[name], talent=talent, by=request.user, note=s.validated_data.get("note", ""))
        except IllegalTransition as e:
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        return self.detail_response(talent)

    @step_schema(TalentNoteInputSerializer, "Approve an application: the talent is in the library")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self.step(request, TalentNoteInputSerializer, "approve")

    @step_schema(TalentReasonInputSerializer, "Do not accept an application, with the reason (the applicant is told)")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.step(request, TalentReasonInputSerializer, "reject")

    @step_schema(TalentNoteInputSerializer, "Withdraw a talent from the library (no longer matched nor listed)")
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self.step(request, TalentNoteInputSerializer, "retire")

    @step_schema(TalentNoteInputSerializer, "Put a withdrawn talent back in the library")
    @action(detail=True, methods=["post"])
    def reinstate(self, request, pk=None):
        return self.step(request, TalentNoteInputSerializer, "reinstate")


class PublicTalentListView(generics.ListAPIView):
    """Talents in the library who agreed to be listed, for anyone signed in: surname only, skills, 居民区."""

    serializer_class = PublicTalentSerializer
    filterset_class = PublicTalentFilterSet
    queryset = Talent.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        return public_talents()


ROUTES = [("talents", TalentViewSet, "talent")]  # [(prefix, viewset, basename)]
PATHS = [path("talents-public/", PublicTalentListView.as_view(), name="talent-public")]  # not unit-scoped: everyone signed in
