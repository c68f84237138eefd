from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from accounts.roles import CHANGE_CASE, VIEW_CASE
from accounts.scope import scope_paths
from audit.context import client_ip
from cases import services as svc
from cases.filtersets import CaseFilterSet
from cases.forms.staff import handling_units
from cases.models import Case
from cases.queues import cases_visible_to
from cases.rules import step_perm
from cases.serializers import (
    AcceptInputSerializer,
    CaseDetailSerializer,
    CaseReportInputSerializer,
    CaseSerializer,
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
from core.api import ApiStep, ScopedReadOnlyViewSet
from org.models import GridElement, Unit


def may(right: str) -> str:
    """The named rule of a step (cases/rules.py), whatever the case's state (403 without it)."""
    return step_perm(right)


def merge(*, case, by, into, note):
    into = cases_visible_to(by).filter(pk=into).first()
    if into is None:
        raise ValidationError({"into": [_("No such case in your area.")]})
    return svc.case_merge(case=case, into=into, by=by, note=note)


def dispatch(*, case, by, handling_unit, handler_kind, note):
    to = handling_units(by, [case.unit_path]).filter(pk=handling_unit).first()
    if to is None:
        raise ValidationError({"handling_unit": [_("Choose a unit you may dispatch to.")]})
    return svc.case_dispatch(case=case, to=to, by=by, handler_kind=handler_kind, note=note)


@extend_schema_view(
    create=extend_schema(request=CaseReportInputSerializer, responses={201: CaseDetailSerializer}, summary="Report a case (staff: patrol, 12345 ticket, ...)")
)
class CaseViewSet(ScopedReadOnlyViewSet):
    """一网统管 cases in the caller's data scope (plus cases dispatched to the caller); the detail carries the
    timeline. Writes are the workflow's steps: 404 outside the scope, 403 without the right, 400 for bad
    input, 409 when the case's state does not allow the step (nothing changes)."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    detail_serializer_class = CaseDetailSerializer
    filterset_class = CaseFilterSet
    view_perm = VIEW_CASE
    step_subject = "case"
    conflict_description = "The step is not allowed from the case's current state; nothing changed."
    steps = {
        "accept": ApiStep(svc.case_accept, "Register (立案), optionally with a priority", may("accept"), AcceptInputSerializer),
        "reject": ApiStep(svc.case_reject, "Do not register (不予立案), with the reason", may("reject"), RejectInputSerializer),
        "merge": ApiStep(merge, "Merge (合并) into the open case it duplicates", may("merge"), MergeInputSerializer),
        # not `dispatch`: that name is the view's own entry point
        "dispatch_to": ApiStep(dispatch, "Dispatch (派遣) to a handling unit", may("dispatch"), DispatchInputSerializer, url_path="dispatch"),
        "start": ApiStep(svc.case_start, "Start handling (处置中): the handling unit", may("start"), NoteInputSerializer),
        "complete": ApiStep(
            svc.case_complete, "Handling completed (处置完成): the handling unit (evidence photos on the case page)", may("complete"), NoteInputSerializer
        ),
        "verify": ApiStep(svc.case_verify, "Check (核查): passed closes the case, failed sends it back", may("verify_pass"), VerifyInputSerializer),
        "rate": ApiStep(svc.case_rate, "Record the reporter's rating (回访/评价) of a closed case, once", may("rate"), RateInputSerializer),
        "supervise": ApiStep(svc.case_supervise, "Supervise (督办) an open case", may("supervise"), NoteInputSerializer),
        "request_extension": ApiStep(
            svc.case_request_extension,
            "Ask for an extension (延期申请) of a complex matter, with the reason: the handling unit",
            may("request_extension"),
            ExtensionRequestInputSerializer,
            url_path="request-extension",
        ),
        "decide_extension": ApiStep(
            svc.case_decide_extension,
            "Approve or refuse a requested extension (延期审批): dispatching or supervising staff",
            may("approve_extension"),
            ExtensionDecisionInputSerializer,
            url_path="decide-extension",
        ),
        "reopen": ApiStep(svc.case_reopen, "Reopen a closed case within the reopening period", may("reopen"), NoteInputSerializer),
    }

    def get_queryset(self):
        qs = cases_visible_to(self.request.user).order_by("-id").select_related("category", "grid", "unit", "handling_unit")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return CaseSerializer if self.action == "list" else CaseDetailSerializer

    def detail_queryset(self):  # the case as it is after the step, even when the step took it out of sight
        return Case.objects.select_related("category", "grid", "unit", "handling_unit").prefetch_related("transitions")

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
