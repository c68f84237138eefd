"""The API: the 三重一大 register (/api/matters/) and spendings (/api/spendings/). `ROUTES` (prefix, viewset,
basename) go to the router, `PATHS` beside it (config/api.py).

Read with VIEW_MATTER (auditors), written with MANAGE_MATTER at the unit. "execute" without an adopted decision of
the competent body, and "approve" of a large sum without a decided 大额资金使用 matter, are 409 with the reason in
the caller's language (the workflow's guards), audited."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import PermissionDenied, ValidationError

from accounts.roles import MANAGE_MATTER, VIEW_MATTER
from accounts.rules import holds
from core.api import ApiStep, ScopedModelViewSet
from deliberation.filtersets.matters import MatterFilterSet, SpendingFilterSet
from deliberation.models import Matter, Spending
from deliberation.selectors.matters import MATTER_RELATED, SPENDING_RELATED, competent_bodies
from deliberation.serializers.actions import StepNoteInputSerializer, StepReasonInputSerializer
from deliberation.serializers.matters import (
    MatterDecideInputSerializer,
    MatterDetailSerializer,
    MatterSerializer,
    MatterWriteSerializer,
    SpendingDetailSerializer,
    SpendingLinkInputSerializer,
    SpendingSerializer,
    SpendingWriteSerializer,
)
from deliberation.services import matters as svc
from meetings.models import Decision
from org.models import Unit

manages = holds(MANAGE_MATTER)  # the steps' right without the state: a step the state does not allow is a 409


def _decide(*, matter, by, decision, note=""):
    found = Decision.objects.filter(pk=decision).select_related("meeting").first()
    if found is None:
        raise ValidationError({"decision": [_("No such decision.")]})
    return svc.matter_decide(matter=matter, decision=found, by=by, note=note)


def _link(*, spending, by, matter):
    found = Matter.objects.for_user(by, MANAGE_MATTER).filter(pk=matter).first()
    if found is None:
        raise ValidationError({"matter": [_("No such matter where you may write.")]})
    return svc.spending_link(spending=spending, matter=found, by=by)


def _unit(user, pk):
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not user.has_perm(MANAGE_MATTER, unit):
        raise PermissionDenied()
    return unit


@extend_schema_view(create=extend_schema(request=MatterWriteSerializer, responses={201: MatterDetailSerializer}, summary="Register a 三重一大 matter"))
class MatterViewSet(ScopedModelViewSet):
    """三重一大 matters in the caller's scope, newest first, each with its decision; the detail carries the timeline."""

    queryset = Matter.objects.all()
    serializer_class = MatterSerializer
    filterset_class = MatterFilterSet
    http_method_names = ["get", "post", "head", "options"]
    view_perm, change_perm = VIEW_MATTER, MANAGE_MATTER
    detail_serializer_class = MatterDetailSerializer
    step_subject = "matter"
    conflict_description = "The matter's state does not allow this, or it has no decision of its competent body; nothing changed."
    steps = {
        "decide": ApiStep(_decide, "Record the adopted decision of the competent body", perm=manages, request=MatterDecideInputSerializer),
        "execute": ApiStep(svc.matter_execute, "Mark as executed (refused without the decision)", perm=manages, request=StepNoteInputSerializer),
        "withdraw": ApiStep(svc.matter_withdraw, "Withdraw, with a reason", perm=manages, request=StepReasonInputSerializer),
    }

    def get_queryset(self):
        qs = Matter.objects.for_user(self.request.user, VIEW_MATTER).select_related(*MATTER_RELATED).order_by("-id")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return MatterSerializer if self.action == "list" else MatterDetailSerializer

    def create(self, request, *args, **kwargs):
        self.check_create()
        s = MatterWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        unit = _unit(request.user, d["unit"])
        body = competent_bodies(request.user).filter(pk=d["body"]).first()
        matter = svc.matter_register(
            unit=unit, kind=d["kind"], title=d["title"], body=body, by=request.user, amount=d.get("amount"), description=d["description"]
        )
        return self.detail_response(matter, status.HTTP_201_CREATED)


@extend_schema_view(create=extend_schema(request=SpendingWriteSerializer, responses={201: SpendingDetailSerializer}, summary="Request a spending"))
class SpendingViewSet(ScopedModelViewSet):
    """Spendings in the caller's scope, newest first; the detail carries the timeline."""

    queryset = Spending.objects.all()
    serializer_class = SpendingSerializer
    filterset_class = SpendingFilterSet
    http_method_names = ["get", "post", "head", "options"]
    view_perm, change_perm = VIEW_MATTER, MANAGE_MATTER
    detail_serializer_class = SpendingDetailSerializer
    step_subject = "spending"
    conflict_description = "The spending's state does not allow this, or it is a large sum without a decided matter; nothing changed."
    steps = {
        "link": ApiStep(_link, "Link to a 三重一大 matter", perm=manages, request=SpendingLinkInputSerializer),
        "approve": ApiStep(svc.spending_approve, "Approve (a large sum needs a decided 大额资金使用 matter)", perm=manages, request=StepNoteInputSerializer),
        "refuse": ApiStep(svc.spending_refuse, "Refuse, with a reason", perm=manages, request=StepReasonInputSerializer),
        "pay": ApiStep(svc.spending_pay, "Mark as paid", perm=manages, request=StepNoteInputSerializer),
    }

    def get_queryset(self):
        qs = Spending.objects.for_user(self.request.user, VIEW_MATTER).select_related(*SPENDING_RELATED).order_by("-id")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return SpendingSerializer if self.action == "list" else SpendingDetailSerializer

    def create(self, request, *args, **kwargs):
        self.check_create()
        s = SpendingWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        unit = _unit(request.user, d["unit"])
        matter = None
        if d.get("matter"):
            matter = Matter.objects.for_user(request.user, MANAGE_MATTER).filter(pk=d["matter"]).first()
            if matter is None:
                raise ValidationError({"matter": [_("No such matter where you may write.")]})
        spending = svc.spending_request(unit=unit, purpose=d["purpose"], amount=d["amount"], by=request.user, matter=matter)
        return self.detail_response(spending, status.HTTP_201_CREATED)


ROUTES: list = [("matters", MatterViewSet, "matter"), ("spendings", SpendingViewSet, "spending")]
PATHS: list = []
