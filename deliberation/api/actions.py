"""The API: resolutions' actions (/api/actions/) and resolutions with their progress (/api/resolutions/).
`ROUTES` (prefix, viewset, basename) go to the router, `PATHS` beside it (config/api.py).

Actions are read with VIEW_BODY in the caller's scope (and by their owner), assigned with MANAGE_ACTION at the
unit; the steps (progress, finish, cancel, open_case) ask the rules of deliberation.rules.actions. 404 outside the
scope, 403 without the right, 400 for bad input (nothing written, the refusal audited), 409 when the state does
not allow the step."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from accounts.models import User
from accounts.roles import MANAGE_ACTION, VIEW_BODY
from accounts.rules import holds
from cases.models import CaseCategory
from core.api import ApiStep, ScopedModelViewSet, ScopedReadOnlyViewSet
from deliberation.filtersets.actions import ActionFilterSet, BoardFilterSet
from deliberation.models import Action
from deliberation.rules import actions as rules_actions
from deliberation.selectors.actions import ACTION_RELATED, actions_visible, api_actions, attach_progress, board_decisions
from deliberation.serializers.actions import (
    ActionDetailSerializer,
    ActionOpenCaseInputSerializer,
    ActionProgressInputSerializer,
    ActionSerializer,
    ActionWriteSerializer,
    ResolutionSerializer,
    StepNoteInputSerializer,
    StepReasonInputSerializer,
)
from deliberation.services.actions import action_cancel, action_create, action_finish, action_open_case, action_progress
from meetings.models import Decision
from meetings.workflow import DecisionState
from org.models import Unit

# the steps' rights without the state: a step the state does not allow is a 409 (the workflow), not a 403
follows_up = rules_actions.follows_up
manages = holds(MANAGE_ACTION)


def _open_case(*, action, by, category, note=""):
    found = CaseCategory.objects.filter(pk=category, is_active=True).first()
    if found is None:
        raise ValidationError({"category": [_("Choose a case category in use.")]})
    return action_open_case(action=action, category=found, by=by, note=note)


@extend_schema_view(
    create=extend_schema(request=ActionWriteSerializer, responses={201: ActionDetailSerializer}, summary="Assign an action (an owner and a deadline)")
)
class ActionViewSet(ScopedModelViewSet):
    """Resolutions' actions in the caller's scope, by deadline; the detail carries the timeline."""

    queryset = Action.objects.all()
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    http_method_names = ["get", "post", "head", "options"]
    view_perm, change_perm = VIEW_BODY, MANAGE_ACTION
    detail_serializer_class = ActionDetailSerializer
    step_subject = "action"
    conflict_description = "The action's state does not allow this; nothing changed."
    steps = {
        "progress": ApiStep(action_progress, "Report progress (0-100)", perm=follows_up, request=ActionProgressInputSerializer),
        "finish": ApiStep(action_finish, "Mark as done", perm=follows_up, request=StepNoteInputSerializer),
        "cancel": ApiStep(action_cancel, "Cancel, with a reason", perm=manages, request=StepReasonInputSerializer),
        "open_case": ApiStep(_open_case, "Open a case in one step (一键立案)", perm=manages, request=ActionOpenCaseInputSerializer, url_path="open-case"),
    }

    def get_queryset(self):
        qs = actions_visible(self.request.user).select_related("unit", "case").order_by("deadline", "id")
        return qs.prefetch_related("transitions") if self.action != "list" else qs

    def get_serializer_class(self):
        return ActionSerializer if self.action == "list" else ActionDetailSerializer

    def detail_queryset(self):
        return actions_visible(self.request.user).select_related(*ACTION_RELATED).prefetch_related("transitions")

    def create(self, request, *args, **kwargs):
        self.check_create()
        s = ActionWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        user = request.user
        decision = None
        if d.get("decision"):
            decision = Decision.objects.for_user(user, VIEW_BODY).filter(pk=d["decision"]).select_related("meeting__body__unit").first()
            if decision is None:
                raise NotFound({"decision": [_("Not found where you may write.")]})
            if decision.state != DecisionState.ADOPTED:
                raise ValidationError({"decision": [_("Only an adopted decision produces actions.")]})
            unit = decision.meeting.body.unit
        else:
            unit = Unit.objects.for_user(user, MANAGE_ACTION).filter(pk=d.get("unit") or 0).first()
            if unit is None:
                raise ValidationError({"unit": [_("Give the decision, or the unit the action hangs on.")]})
        if not user.has_perm(MANAGE_ACTION, unit):
            raise PermissionDenied()
        responsible_unit = Unit.objects.filter(pk=d["responsible_unit"]).first() if d.get("responsible_unit") else None
        responsible_user = User.objects.filter(pk=d["responsible_user"], is_active=True).first() if d.get("responsible_user") else None
        if d.get("responsible_unit") and responsible_unit is None:
            raise ValidationError({"responsible_unit": [_("No such unit.")]})
        if d.get("responsible_user") and responsible_user is None:
            raise ValidationError({"responsible_user": [_("No such user.")]})
        action = action_create(
            unit=unit, decision=decision, by=user, title=d["title"], description=d["description"], deadline=d.get("deadline"),
            responsible_unit=responsible_unit, responsible_user=responsible_user, responsible_name=d["responsible_name"],
            weight=d["weight"], is_public=d["is_public"],
        )  # fmt: skip
        return self.detail_response(action, status.HTTP_201_CREATED)


class ResolutionViewSet(ScopedReadOnlyViewSet):
    """Adopted decisions in the caller's scope (VIEW_BODY), newest first, with their progress (the weighted progress
    of their actions, computed in the database) and their actions: the resolutions board."""

    queryset = Decision.objects.all()
    serializer_class = ResolutionSerializer
    filterset_class = BoardFilterSet
    view_perm = VIEW_BODY

    def get_queryset(self):
        return board_decisions(self.request.user, actions=api_actions())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return attach_progress(page) if page is not None else None

    def get_object(self):
        return attach_progress([super().get_object()])[0]


ROUTES: list = [("actions", ActionViewSet, "action"), ("resolutions", ResolutionViewSet, "resolution")]
PATHS: list = []
