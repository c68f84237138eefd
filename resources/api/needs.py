"""Needs on the API (/api/needs/): list and read through resources.view_resource in the caller's scope;
create, change (PATCH), cancel and propose with resources.match_resource at the need's 居民区. 404 outside
the scope, 403 without the right, 400 for bad input (nothing written), 409 when the need's state does not
allow the step.

    GET  /api/needs/{id}/suggestions/?kind=talent&limit=20   ranked resources with their reasons (精准对接)
    POST /api/needs/{id}/propose/ {"resource": id}           拟对接: scored afresh, then match_propose
    POST /api/needs/{id}/cancel/ {"note": "..."}             the need and its live matches cancelled

The ROUTES are registered on the /api/ router by config/api.py."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import MATCH_RESOURCE, VIEW_RESOURCE
from accounts.scope import scope_paths
from core.api import ApiStep, ScopedModelViewSet, conflict
from core.exceptions import Conflict
from doorstep.models import NeighbourhoodPoint
from org.models import Unit, UnitKind
from resources.filtersets.needs import NeedFilterSet
from resources.matching.rank import rank, score_pair, subdistrict_path
from resources.matching.reasons import explain, summary
from resources.models import Match, Need, Resource, ResourceType
from resources.selectors.needs import need_list
from resources.serializers.matches import MatchSerializer
from resources.serializers.needs import (
    NeedDetailSerializer,
    NeedNoteInputSerializer,
    NeedSerializer,
    NeedWriteSerializer,
    ProposeInputSerializer,
    SuggestionQuerySerializer,
    SuggestionsSerializer,
)
from resources.services.needs import need_cancel, need_create, need_update
from resources.services.propose import match_propose

CONFLICT = conflict("The need's state does not allow this; nothing changed.")


def _validated(serializer_class, data, partial=False) -> dict:
    s = serializer_class(data=data, partial=partial)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


@extend_schema_view(
    create=extend_schema(request=NeedWriteSerializer, responses={201: NeedDetailSerializer}, summary="Enter a need on a 居民区 where you match resources"),
    partial_update=extend_schema(
        request=NeedWriteSerializer, responses={200: NeedDetailSerializer}, summary="Change an open or agreed need (any of its fields)"
    ),
)
class NeedViewSet(ScopedModelViewSet):
    """Needs in the caller's scope, newest first; the detail carries the timeline."""

    queryset = Need.objects.all()
    serializer_class = NeedSerializer
    filterset_class = NeedFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    view_perm, change_perm = VIEW_RESOURCE, MATCH_RESOURCE
    detail_serializer_class = NeedDetailSerializer
    step_subject = "need"
    conflict_description = "The need's state does not allow this; nothing changed."
    steps = {"cancel": ApiStep(need_cancel, "Cancel the need and its live matches", request=NeedNoteInputSerializer)}  # change_perm

    def get_queryset(self):
        qs = need_list(self.request.user).order_by("-created_at", "-id")
        return qs.prefetch_related("transitions") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return NeedSerializer if self.action == "list" else NeedDetailSerializer

    def detail_queryset(self):
        return need_list(self.request.user).prefetch_related("transitions")

    def objects(self, d: dict) -> dict:
        """Ids → rows: the 居民区 (one where the caller matches), its 睦邻点, the types."""
        user = self.request.user
        if "unit" in d:
            unit = Unit.objects.filter(pk=d["unit"], kind=UnitKind.DISTRICT).first()
            if unit is None or not user.has_perm(MATCH_RESOURCE, unit):
                raise ValidationError({"unit": [_("Choose a residential district where you match resources.")]})
            d["unit"] = unit
        if d.get("point") is not None:
            d["point"] = NeighbourhoodPoint.objects.filter(pk=d["point"]).first()
            if d["point"] is None:
                raise ValidationError({"point": [_("No such neighbourhood point.")]})
        if "types" in d:
            found = list(ResourceType.objects.filter(pk__in=d["types"], is_active=True))
            if len(found) != len(set(d["types"])):
                raise ValidationError({"types": [_("Choose types that are in use.")]})
            d["types"] = found
        return d

    def create(self, request, *args, **kwargs):
        if scope_paths(request.user, MATCH_RESOURCE) is None:
            raise PermissionDenied()
        d = self.objects(_validated(NeedWriteSerializer, request.data))
        need = self.run_service(lambda: need_create(by=request.user, **d))
        return self.detail_response(need, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        need = self.get_object()
        self.check_write(need)
        d = self.objects(_validated(NeedWriteSerializer, request.data, partial=True))
        self.run_service(lambda: need_update(need=need, by=request.user, **d))
        return self.detail_response(need)

    @extend_schema(
        parameters=[SuggestionQuerySerializer],
        responses={200: SuggestionsSerializer},
        summary="The resources that fit the need best, per kind, with the reasons for each score (精准对接)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def suggestions(self, request, pk=None):
        need = self.get_object()
        q = SuggestionQuerySerializer(data=request.query_params)
        q.is_valid(raise_exception=True)
        kind = q.validated_data.get("kind")
        found = rank(need, kinds=[kind] if kind else None, limit=q.validated_data["limit"])
        asked = list(need.types.all())
        results = []
        for s in found:
            r = s.resource
            offered = list(r.types.all())
            lines = explain(s.reasons, asked, offered)
            results.append(
                {
                    "resource": s.resource_id, "kind": s.kind, "name": r.name, "unit_name": r.unit.name,
                    "organisation_name": r.organisation.name if r.organisation else None, "types": [t.label for t in offered],
                    "score": s.score, "reasons": s.reasons,
                    "explained": [{**vars(line), "points": line.points} for line in lines],
                }
            )  # fmt: skip
        return Response(SuggestionsSerializer({"need": need.pk, "results": results}).data)

    @extend_schema(
        request=ProposeInputSerializer,
        responses={201: MatchSerializer, 409: CONFLICT},
        summary="Propose a resource for the need (拟对接); the pair is scored afresh and refused when a rule excludes it",
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        need = self.get_object()
        self.check_write(need)
        d = _validated(ProposeInputSerializer, request.data)
        if not request.user.has_perm("resources.propose_for_need", need):
            raise Conflict(_("This need is %(state)s; resources are proposed only for open needs.") % {"state": need.get_state_display()})
        resource = Resource.objects.filter(pk=d["resource"], unit_path__startswith=subdistrict_path(need)).prefetch_related("types").first()
        if resource is None:
            raise ValidationError({"resource": [_("No such resource in this subdistrict.")]})
        s = score_pair(need, resource)
        if s.score <= 0:
            why = summary(s.reasons, list(need.types.all()), list(resource.types.all()))
            raise ValidationError({"resource": [_("%(name)s does not fit this need now: %(why)s") % {"name": resource.name, "why": why}]})
        match = self.run_service(lambda: match_propose(need=need, resource=resource, user=request.user, score=s.score, reasons=s.reasons, note=d["note"]))
        fresh = Match.objects.select_related("need__unit", "resource").get(pk=match.pk)
        return Response(MatchSerializer(fresh, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


ROUTES = [("needs", NeedViewSet, "need")]  # [(prefix, viewset, basename)]
PATHS = []  # [path(...)] for views that are not unit-scoped model viewsets
