"""The talents API: ROUTES are registered on the /api/ router by config/api.py, PATHS appended to its urls.

/api/talents/: the library in the caller's resources.view_resource scope (phones only masked); create and
change with resources.change_resource, through the services; review steps approve / reject / retire /
reinstate (404 outside the scope, 403 without the right, 400 for bad input, 409 when the state does not
allow the step: nothing changes). /api/talents-public/: talents who agreed to be listed, for anyone
signed in (surname only, skills, 居民区)."""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError

from accounts.roles import CHANGE_RESOURCE, VIEW_RESIDENT, VIEW_RESOURCE
from accounts.scope import scope_paths
from core.api import ApiStep, ScopedModelViewSet
from people.models import Resident
from resources.filtersets.talents import PublicTalentFilterSet, TalentFilterSet
from resources.models import Talent
from resources.selectors.talents import public_talents, talent_rows
from resources.serializers.talents import (
    PublicTalentSerializer,
    TalentDetailSerializer,
    TalentNoteInputSerializer,
    TalentReasonInputSerializer,
    TalentSerializer,
)
from resources.services import talents as svc


@extend_schema_view(
    create=extend_schema(summary="Enter a talent into the library (staff entry: straight in)"),
    partial_update=extend_schema(summary="Change a talent's details; skills, when given, replace the old ones"),
)
class TalentViewSet(ScopedModelViewSet):
    """社区达人 in the caller's scope; the detail carries the review timeline."""

    queryset = Talent.objects.all()
    serializer_class = TalentSerializer
    detail_serializer_class = TalentDetailSerializer
    filterset_class = TalentFilterSet
    view_perm, change_perm = VIEW_RESOURCE, CHANGE_RESOURCE
    step_subject = "talent"
    conflict_description = "The step is not allowed from the talent's current state; nothing changed."
    steps = {
        "approve": ApiStep(svc.talent_approve, "Approve an application: the talent is in the library", CHANGE_RESOURCE, TalentNoteInputSerializer),
        "reject": ApiStep(
            svc.talent_reject, "Do not accept an application, with the reason (the applicant is told)", CHANGE_RESOURCE, TalentReasonInputSerializer
        ),
        "retire": ApiStep(svc.talent_retire, "Withdraw a talent from the library (no longer matched nor listed)", CHANGE_RESOURCE, TalentNoteInputSerializer),
        "reinstate": ApiStep(svc.talent_reinstate, "Put a withdrawn talent back in the library", CHANGE_RESOURCE, TalentNoteInputSerializer),
    }

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


class PublicTalentListView(generics.ListAPIView):
    """Talents in the library who agreed to be listed, for anyone signed in: surname only, skills, 居民区."""

    serializer_class = PublicTalentSerializer
    filterset_class = PublicTalentFilterSet
    queryset = Talent.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        return public_talents()


ROUTES = [("talents", TalentViewSet, "talent")]  # [(prefix, viewset, basename)]
PATHS = [path("talents-public/", PublicTalentListView.as_view(), name="talent-public")]  # not unit-scoped: everyone signed in
