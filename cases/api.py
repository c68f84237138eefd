from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import CHANGE_CASE, VIEW_CASE
from accounts.scope import scope_paths
from audit.context import client_ip
from core.api import ScopedReadOnlyViewSet
from core.workflow import IllegalTransition
from org.models import GridElement, Unit

from . import services as svc
from .filtersets import CaseFilterSet
from .forms_staff import handling_units
from .models import Case
from .queues import cases_visible_to
from .rules import step_perm
from .serializers import (
    AcceptInputSerializer,
    CaseDetailSerializer,
    CaseReportInputSerializer,
    CaseSerializer,
    ConflictSerializer,
    DispatchInputSerializer,
    ExtensionDecisionInputSerializer,
    ExtensionRequestInputSerializer,
    MergeInputSerializer,
    NoteInputSerializer,
    RateInputSerializer,
    RejectInputSerializer,
    RevealedContactSerializer,
    VerifyInputSerializer,
)

CONFLICT = OpenApiResponse(ConflictSerializer, description="The step is not allowed from the case's current state; nothing changed.")


def step_schema(request, summary):
    return extend_schema(request=request, responses={200: CaseDetailSerializer, 409: CONFLICT}, summary=summary)


@extend_schema_view(create=extend_schema(request=CaseReportInputSerializer, responses={201: CaseDetailSerializer}, summary="Report a case (staff: patrol, 12345 ticket, ...)"))
class CaseViewSet(ScopedReadOnlyViewSet):
    """一网统管 cases in the caller's data scope (plus cases dispatched to the caller); the detail carries the
    timeline. Writes are the workflow's steps: 404 outside the scope, 403 without the right, 400 for bad
    input, 409 when the case's state does not allow the step (nothing changes)."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    view_perm = VIEW_CASE

    def get_queryset(self):
        qs = cases_visible_to(self.request.user).order_by("-id").select_related("category", "grid", "unit", "handling_unit")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return CaseSerializer if self.action == "list" else CaseDetailSerializer

    def detail_response(self, case, code=status.HTTP_200_OK):
        fresh = Case.objects.select_related("category", "grid", "unit", "handling_unit").prefetch_related("transitions").get(pk=case.pk)
        return Response(CaseDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    def create(self, request, *args, **kwargs):
        user = request.user
        if scope_paths(user, CHANGE_CASE) is None:
            raise PermissionDenied()
        s = CaseReportInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        unit = None
        if d.pop("unit") is not None:
            unit = Unit.objects.filter(pk=s.validated_data["unit"]).first()
            if unit is None or not user.has_perm(CHANGE_CASE, unit):
                raise ValidationError({"unit": [_("Choose a unit you look after.")]})
        if d["element"] is not None:
            d["element"] = GridElement.objects.for_user(user, CHANGE_CASE).filter(pk=d["element"]).select_related("grid").first()
            if d["element"] is None:
                raise ValidationError({"element": [_("Choose a shop or public place of a grid you look after.")]})

        def report():
            with transaction.atomic():
                case = svc.case_report(**d, unit=unit, reporter=None, by=user)
                if not user.has_perm(CHANGE_CASE, case):
                    raise ValidationError({"location": [_("This place is outside your area.")]})
                return case

        return self.detail_response(self.run_service(report), status.HTTP_201_CREATED)

    def step(self, request, right, serializer_class, run):
        case = self.get_object()
        if not request.user.has_perm(step_perm(right), case):
            raise PermissionDenied()
        s = serializer_class(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            self.run_service(run, case, dict(s.validated_data))
        except IllegalTransition as e:
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        return self.detail_response(case)

    @step_schema(AcceptInputSerializer, "Register (立案), optionally with a priority")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self.step(request, "accept", AcceptInputSerializer, lambda c, d: svc.case_accept(case=c, by=request.user, **d))

    @step_schema(RejectInputSerializer, "Do not register (不予立案), with the reason")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self.step(request, "reject", RejectInputSerializer, lambda c, d: svc.case_reject(case=c, by=request.user, **d))

    @step_schema(MergeInputSerializer, "Merge (合并) into the open case it duplicates")
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        def run(case, d):
            into = cases_visible_to(request.user).filter(pk=d["into"]).first()
            if into is None:
                raise ValidationError({"into": [_("No such case in your area.")]})
            return svc.case_merge(case=case, into=into, by=request.user, note=d["note"])

        return self.step(request, "merge", MergeInputSerializer, run)

    @step_schema(DispatchInputSerializer, "Dispatch (派遣) to a handling unit")
    @action(detail=True, methods=["post"], url_path="dispatch", url_name="dispatch")
    def dispatch_to(self, request, pk=None):  # not `dispatch`: that name is the view's own entry point
        def run(case, d):
            to = handling_units(request.user, [case.unit_path]).filter(pk=d["handling_unit"]).first()
            if to is None:
                raise ValidationError({"handling_unit": [_("Choose a unit you may dispatch to.")]})
            return svc.case_dispatch(case=case, to=to, by=request.user, handler_kind=d["handler_kind"], note=d["note"])

        return self.step(request, "dispatch", DispatchInputSerializer, run)

    @step_schema(NoteInputSerializer, "Start handling (处置中): the handling unit")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self.step(request, "start", NoteInputSerializer, lambda c, d: svc.case_start(case=c, by=request.user, **d))

    @step_schema(NoteInputSerializer, "Handling completed (处置完成): the handling unit (evidence photos on the case page)")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self.step(request, "complete", NoteInputSerializer, lambda c, d: svc.case_complete(case=c, by=request.user, **d))

    @step_schema(VerifyInputSerializer, "Check (核查): passed closes the case, failed sends it back")
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self.step(request, "verify_pass", VerifyInputSerializer, lambda c, d: svc.case_verify(case=c, by=request.user, **d))

    @step_schema(RateInputSerializer, "Record the reporter's rating (回访/评价) of a closed case, once")
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self.step(request, "rate", RateInputSerializer, lambda c, d: svc.case_rate(case=c, by=request.user, **d))

    @step_schema(NoteInputSerializer, "Supervise (督办) an open case")
    @action(detail=True, methods=["post"])
    def supervise(self, request, pk=None):
        return self.step(request, "supervise", NoteInputSerializer, lambda c, d: svc.case_supervise(case=c, by=request.user, **d))

    @step_schema(ExtensionRequestInputSerializer, "Ask for an extension (延期申请) of a complex matter, with the reason: the handling unit")
    @action(detail=True, methods=["post"], url_path="request-extension", url_name="request-extension")
    def request_extension(self, request, pk=None):
        return self.step(request, "request_extension", ExtensionRequestInputSerializer, lambda c, d: svc.case_request_extension(case=c, by=request.user, **d))

    @step_schema(ExtensionDecisionInputSerializer, "Approve or refuse a requested extension (延期审批): dispatching or supervising staff")
    @action(detail=True, methods=["post"], url_path="decide-extension", url_name="decide-extension")
    def decide_extension(self, request, pk=None):
        return self.step(request, "approve_extension", ExtensionDecisionInputSerializer, lambda c, d: svc.case_decide_extension(case=c, by=request.user, **d))

    @step_schema(NoteInputSerializer, "Reopen a closed case within the reopening period")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self.step(request, "reopen", NoteInputSerializer, lambda c, d: svc.case_reopen(case=c, by=request.user, **d))

    @extend_schema(request=None, responses=RevealedContactSerializer, summary="The caller's mobile number in full, to call them back (audited)")
    @action(detail=True, methods=["post"], url_path="reveal-contact", url_name="reveal-contact")
    def reveal_contact(self, request, pk=None):
        """For staff who register or handle the case, or hold the right to personal data there; every call is audited."""
        case = self.get_object()
        if not request.user.has_perm("cases.reveal_contact", case):
            raise PermissionDenied()
        if not case.contact_phone_enc:
            raise NotFound(_("This case has no contact number."))
        return Response({"field": "contact_phone", "value": svc.case_contact_reveal(case=case, by=request.user, ip=client_ip(request))})
