"""Batch rounds on the API (/api/match-rounds/): list and read the rounds in the caller's scope, run one
(POST), apply one (POST /api/match-rounds/{id}/apply/).

Reads need resources.view_resource; running and applying resources.match_resource at the round's unit:
404 outside the scope, 403 without the right, 400 for bad input, 409 when the round was already applied
(nothing changes). The ROUTES are registered on the /api/ router by config/api.py."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import MATCH_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from core.api import ScopedReadOnlyViewSet, conflict
from org.models import Unit
from resources.filtersets.rounds import MatchRoundFilterSet
from resources.forms.rounds import ROUND_UNIT_KINDS
from resources.models import MatchRound
from resources.serializers.rounds import ApplyReportSerializer, MatchRoundDetailSerializer, MatchRoundInputSerializer, MatchRoundSerializer
from resources.services.rounds import round_apply, round_run


@extend_schema_view(
    create=extend_schema(request=MatchRoundInputSerializer, responses={201: MatchRoundDetailSerializer}, summary="Run a round for a unit's open needs"),
)
class MatchRoundViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Batch rounds: the optimal assignment (min-cost flow) beside the greedy one, for the open needs of a unit."""

    queryset = MatchRound.objects.all()
    serializer_class = MatchRoundSerializer
    filterset_class = MatchRoundFilterSet
    view_perm = VIEW_RESOURCE

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit", "created_by").order_by("-created_at", "-id")
        return qs.defer("optimal", "greedy") if self.action == "list" else qs

    def get_serializer_class(self):
        return MatchRoundSerializer if self.action == "list" else MatchRoundDetailSerializer

    def create(self, request, *args, **kwargs):
        user = request.user
        if scope_paths(user, MATCH_RESOURCE) is None:
            raise PermissionDenied()
        s = MatchRoundInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = s.validated_data
        unit = Unit.objects.filter(pk=d["unit"], kind__in=ROUND_UNIT_KINDS).first()
        if unit is None or not user.has_perm(MATCH_RESOURCE, unit):
            raise ValidationError({"unit": [_("Choose a residential district or the subdistrict where you match needs.")]})
        r = self.run_service(round_run, unit, user, d["name"], kinds=d["kinds"])
        return Response(MatchRoundDetailSerializer(r, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={
            200: ApplyReportSerializer,
            409: conflict("The round was already applied; nothing changed."),
        },
        summary="Propose the optimal assignment's matches (once)",
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        r = self.get_object()
        if not request.user.has_perm(MATCH_RESOURCE, r):
            raise PermissionDenied()
        report = round_apply(r, request.user)  # AlreadyApplied: 409
        fresh = MatchRound.objects.select_related("unit", "created_by").defer("optimal", "greedy").get(pk=r.pk)
        data = {"created": report.created, "already_live": report.already_live, "not_possible": report.not_possible}
        return Response({**data, "round": MatchRoundSerializer(fresh, context=self.get_serializer_context()).data})


ROUTES = [("match-rounds", MatchRoundViewSet, "match-round")]  # [(prefix, viewset, basename)]
PATHS = []  # [path(...)] for views that are not unit-scoped model viewsets
