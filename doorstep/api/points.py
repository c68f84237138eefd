"""API for 睦邻点 (/api/points/), duty shifts (/api/duty-shifts/) and the reception log (/api/receptions/).

Reads are scoped by the base viewset; writes call the services: 404 outside the scope, 403 without the
right, 400 for bad input, 409 when the point's state does not allow the step (nothing changes)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import CHANGE_POINT, CHANGE_SERVICE, RECEIVE_VISITOR, REVIEW_POINT, VIEW_RESIDENT, VIEW_SERVICE, VIEW_SURVEY
from accounts.scope import scope_paths
from cases.forms.staff import active_categories
from core.api import ApiStep, ScopedReadOnlyViewSet, conflict
from doorstep import rating as r
from doorstep.filtersets import DutyShiftFilterSet, PointFilterSet, ReceptionFilterSet
from doorstep.forms.stations import case_units
from doorstep.models import DutyShift, NeighbourhoodPoint, Operator, Place, ReceptionLog
from doorstep.serializers.points import (
    DutyShiftInputSerializer,
    DutyShiftSerializer,
    NeighbourhoodPointDetailSerializer,
    NeighbourhoodPointSerializer,
    PointActivitySerializer,
    PointModelInputSerializer,
    PointNoteInputSerializer,
    PointProposeInputSerializer,
    PointReasonInputSerializer,
    PointRecordSerializer,
    PointRequiredNoteInputSerializer,
    PointVisitSerializer,
    ReceptionFollowUpInputSerializer,
    ReceptionInputSerializer,
    ReceptionOpenCaseInputSerializer,
    ReceptionSerializer,
    StarRatingInputSerializer,
    StarRatingSerializer,
)
from doorstep.services import points as svc
from doorstep.services.duty import duty_candidates, duty_shift_create, duty_shift_delete
from doorstep.services.reception import reception_follow_up_done, reception_open_case, reception_record
from org.models import Unit
from people.models import Resident

CONFLICT = conflict("The step is not allowed from the point's current state; nothing changed.")


def _validated(serializer_class, data):
    s = serializer_class(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


@extend_schema_view(
    create=extend_schema(request=PointProposeInputSerializer, responses={201: NeighbourhoodPointDetailSerializer}, summary="Propose a new 睦邻点 (拟新建)")
)
class PointViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """睦邻点 in the caller's scope; the detail carries the timeline."""

    queryset = NeighbourhoodPoint.objects.all()
    serializer_class = NeighbourhoodPointSerializer
    detail_serializer_class = NeighbourhoodPointDetailSerializer
    filterset_class = PointFilterSet
    view_perm = VIEW_SERVICE
    step_subject = "point"
    conflict_description = "The step is not allowed from the point's current state; nothing changed."
    steps = {
        "approve": ApiStep(svc.point_approve, "Approve a proposed point", "services.take_point_step", PointNoteInputSerializer),
        "decline": ApiStep(svc.point_decline, "Do not approve a proposed point, with the reason", "services.take_point_step", PointReasonInputSerializer),
        "flag": ApiStep(
            svc.point_flag,
            "Flag an active point as inactive (staff; the daily job does it from the activity record)",
            "services.take_point_step",
            PointRequiredNoteInputSerializer,
        ),
        "review": ApiStep(svc.point_review, "Start the review of a flagged point", "services.take_point_step", PointNoteInputSerializer),
        "keep": ApiStep(svc.point_keep, "Keep a flagged point (back to active)", "services.take_point_step", PointRequiredNoteInputSerializer),
        "retire": ApiStep(svc.point_retire, "Retire a point under review, with the reason", "services.take_point_step", PointReasonInputSerializer),
        "set_model": ApiStep(
            svc.point_set_model,
            "Make an active point a model point (示范睦邻点), or take the flag off",
            "services.take_point_step",
            PointModelInputSerializer,
            url_path="model",
            url_name="set-model",
        ),
    }

    def get_queryset(self):
        qs = super().get_queryset().select_related("unit", "operator").order_by("unit_path", "id")
        return qs.prefetch_related("transitions") if self.action == "retrieve" else qs

    def get_serializer_class(self):
        return NeighbourhoodPointSerializer if self.action == "list" else NeighbourhoodPointDetailSerializer

    def detail_queryset(self):
        return NeighbourhoodPoint.objects.select_related("unit", "operator").prefetch_related("transitions")

    def create(self, request, *args, **kwargs):
        user = request.user
        if scope_paths(user, CHANGE_POINT) is None:
            raise PermissionDenied()
        d = _validated(PointProposeInputSerializer, request.data)
        unit = Unit.objects.filter(pk=d.pop("unit")).first()
        if unit is None or not user.has_perm(CHANGE_POINT, unit):
            raise ValidationError({"unit": [_("Choose a residential district you look after.")]})
        operator = d.pop("operator")
        d["operator"] = Operator.objects.filter(pk=operator).first() if operator else None
        if operator and d["operator"] is None:
            raise ValidationError({"operator": [_("No such organisation.")]})
        point = self.run_service(svc.point_propose, by=user, unit=unit, **d)
        return self.detail_response(point, status.HTTP_201_CREATED)

    def record(self, request, serializer_class, fn, perm=CHANGE_POINT):
        point = self.get_object()
        if not request.user.has_perm(perm, point):
            raise PermissionDenied()
        d = _validated(serializer_class, request.data)
        obj = fn(point, d)
        return Response(serializer_class(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PointActivitySerializer,
        responses={200: PointActivitySerializer(many=True), 201: PointActivitySerializer, 409: CONFLICT},
        summary="A point's activities; POST records one",
    )
    @action(detail=True, methods=["get", "post"])
    def activities(self, request, pk=None):
        if request.method == "GET":
            point = self.get_object()
            return Response(PointActivitySerializer(point.activities.all()[:200], many=True).data)
        return self.record(request, PointActivitySerializer, lambda p, d: svc.activity_record(point=p, by=request.user, **d))

    @extend_schema(request=PointVisitSerializer, responses={201: PointVisitSerializer, 409: CONFLICT}, summary="Record a supervision visit (实地督导)")
    @action(detail=True, methods=["post"])
    def visits(self, request, pk=None):
        return self.record(request, PointVisitSerializer, lambda p, d: svc.visit_record(point=p, by=request.user, **d))

    @extend_schema(
        request=PointRecordSerializer,
        responses={201: PointRecordSerializer, 409: CONFLICT},
        summary="Add a development record (training, case exchange, showcase, needs survey)",
    )
    @action(detail=True, methods=["post"])
    def records(self, request, pk=None):
        def run(point, d):
            from surveys.models import Survey

            survey_id = d.pop("survey")
            survey = Survey.objects.for_user(request.user, VIEW_SURVEY).filter(pk=survey_id).first() if survey_id else None
            if survey_id and survey is None:
                raise ValidationError({"survey": [_("No such survey in your area.")]})
            return svc.development_record(point=point, by=request.user, survey=survey, **d)

        return self.record(request, PointRecordSerializer, run)

    @extend_schema(
        request=StarRatingInputSerializer,
        responses={201: StarRatingSerializer, 409: CONFLICT},
        summary="Rate the point for a year (星级评选): scores kept, stars from the total",
    )
    @action(detail=True, methods=["post"])
    def rating(self, request, pk=None):
        point = self.get_object()
        if not request.user.has_perm(REVIEW_POINT, point):
            raise PermissionDenied()
        d = _validated(StarRatingInputSerializer, request.data)
        rating = svc.point_rate(point=point, by=request.user, year=d["year"], scores=d["scores"], note=d["note"])
        return Response(StarRatingSerializer(rating).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: dict}, summary="Scores suggested from the year's records (?year=), with the criteria and thresholds")
    @action(detail=True, methods=["get"], url_path="rating-suggestion")
    def rating_suggestion(self, request, pk=None):
        point = self.get_object()
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError as e:
            raise ValidationError({"year": [_("Give a year.")]}) from e
        scores = r.suggest(point, year)
        return Response(
            {
                "year": year,
                "criteria": [{"code": c.code, "label": str(c.label), "points": c.points, "suggested": scores[c.code]} for c in r.CRITERIA],
                "thresholds": [{"from": lowest, "stars": stars} for lowest, stars in r.STAR_THRESHOLDS],
            }
        )




@extend_schema_view(
    create=extend_schema(
        request=DutyShiftInputSerializer,
        responses={201: DutyShiftSerializer},
        summary="Put a person on duty (refused when they already have an overlapping shift)",
    )
)
class DutyShiftViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedReadOnlyViewSet):
    """Duty shifts (错时工作) of the stations in the caller's scope."""

    queryset = DutyShift.objects.all()
    serializer_class = DutyShiftSerializer
    filterset_class = DutyShiftFilterSet
    view_perm = VIEW_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("place", "user").order_by("start", "id")

    def create(self, request, *args, **kwargs):
        if scope_paths(request.user, CHANGE_SERVICE) is None:
            raise PermissionDenied()
        d = _validated(DutyShiftInputSerializer, request.data)
        place = Place.objects.for_user(request.user, CHANGE_SERVICE).filter(pk=d.pop("place")).first()
        if place is None:
            raise ValidationError({"place": [_("Choose a station you look after.")]})
        person = duty_candidates(place).filter(pk=d.pop("user")).first()
        if person is None:
            raise ValidationError({"user": [_("Choose a member of staff of this station.")]})
        shift = self.run_service(duty_shift_create, place=place, user=person, by=request.user, **d)
        return Response(DutyShiftSerializer(shift).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        if not self.request.user.has_perm(CHANGE_SERVICE, instance):
            raise PermissionDenied()
        duty_shift_delete(shift=instance, by=self.request.user)


@extend_schema_view(create=extend_schema(request=ReceptionInputSerializer, responses={201: ReceptionSerializer}, summary="Record a visit (接待群众)"))
class ReceptionViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """The reception log of the stations in the caller's scope; visitors' phones only masked."""

    queryset = ReceptionLog.objects.all()
    serializer_class = ReceptionSerializer
    filterset_class = ReceptionFilterSet
    view_perm = RECEIVE_VISITOR

    def get_queryset(self):
        return super().get_queryset().select_related("place", "case").order_by("-at", "-id")

    def create(self, request, *args, **kwargs):
        if scope_paths(request.user, RECEIVE_VISITOR) is None:
            raise PermissionDenied()
        d = _validated(ReceptionInputSerializer, request.data)
        place = Place.objects.for_user(request.user, RECEIVE_VISITOR).filter(pk=d.pop("place")).first()
        if place is None:
            raise ValidationError({"place": [_("Choose a station you look after.")]})
        resident_id = d.pop("resident")
        resident = Resident.objects.for_user(request.user, VIEW_RESIDENT).filter(pk=resident_id).first() if resident_id else None
        if resident_id and resident is None:
            raise ValidationError({"resident": [_("Choose a resident you look after.")]})
        log = self.run_service(reception_record, place=place, by=request.user, resident=resident, **d)
        return Response(ReceptionSerializer(log).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReceptionOpenCaseInputSerializer,
        responses={201: ReceptionSerializer},
        summary="Open a case from the visit in one step (source: resident report)",
    )
    @action(detail=True, methods=["post"], url_path="open-case")
    def open_case(self, request, pk=None):
        log = self.get_object()
        d = _validated(ReceptionOpenCaseInputSerializer, request.data)
        category = active_categories().filter(pk=d.pop("category")).first()
        if category is None:
            raise ValidationError({"category": [_("No such category.")]})
        unit_id = d.pop("unit")
        unit = case_units(log.place).filter(pk=unit_id).first() if unit_id else None
        if unit_id and unit is None:
            raise ValidationError({"unit": [_("Choose the station's unit or a grid under it.")]})
        self.run_service(reception_open_case, log=log, by=request.user, category=category, unit=unit, **d)
        fresh = self.get_queryset().get(pk=log.pk)
        return Response(ReceptionSerializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReceptionFollowUpInputSerializer, responses={200: ReceptionSerializer}, summary="Mark the follow-up done (or open again)")
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request, pk=None):
        log = self.get_object()
        d = _validated(ReceptionFollowUpInputSerializer, request.data)
        self.run_service(reception_follow_up_done, log=log, by=request.user, done=d["done"], note=d["note"])
        return Response(ReceptionSerializer(self.get_queryset().get(pk=log.pk)).data)
