"""The API: agenda items, decisions (+ vote, close), votes, minutes (+ edit, approve, publish).
`ROUTES` (prefix, viewset, basename) go to the router, `PATHS` beside it (config/api.py).

Reads: staff holding VIEW_BODY in scope, and the body's current members (`meetings.selectors.decisions`); out of
scope 404. Writes are the named rules of `meetings.rules.decisions`, 403 without them; a refused vote or
decision (not quorate, not a member, not signed in, twice, closed) is a 409 with its message, audited."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied

from accounts.roles import VIEW_BODY
from core.api import ApiStep, ScopedReadOnlyViewSet, conflict
from core.filters import MAX_ID
from meetings.models import AgendaItem, Decision, DecisionMode, MajorMatter, Membership, Minutes, Vote, VoteChoice
from meetings.selectors import decisions as sel
from meetings.services import agenda as agenda_svc
from meetings.services import decisions as decision_svc
from meetings.services import minutes as minutes_svc

ID = {"min_value": 1, "max_value": MAX_ID}


def meeting_filtered(request, qs, field="meeting_id"):
    """`?meeting=<id>` narrows a list to one meeting (ignored when it is not an id)."""
    value = request.query_params.get("meeting", "")
    if value.isdigit() and 0 < int(value) <= MAX_ID:
        return qs.filter(**{field: int(value)})
    return qs


# --- serializers ------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # declared: a read-only model field loses allow_blank, and the schema would then refuse the blank it answers
    major = serializers.ChoiceField(choices=MajorMatter.choices, allow_blank=True, read_only=True, help_text="三重一大: blank when the item is none of them.")

    class Meta:
        model = AgendaItem
        fields = ["id", "meeting", "order", "title", "description", "source", "proposed_by", "case_category", "case_place", "major", "notes", "decision"]
        read_only_fields = fields


class AgendaItemInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(**ID)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    major = serializers.ChoiceField(choices=[("", ""), *MajorMatter.choices], required=False, default="")


class NotesInputSerializer(serializers.Serializer):
    notes = serializers.CharField(allow_blank=True)


class MoveInputSerializer(serializers.Serializer):
    up = serializers.BooleanField(help_text="true: one place up; false: one place down")


class VoteSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="membership.name", read_only=True)

    class Meta:
        model = Vote
        fields = ["id", "decision", "membership", "member", "choice", "cast_at", "by"]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = [
            "id", "item", "meeting", "mode", "text", "state", "present", "seats",
            "votes_for", "votes_against", "votes_abstain", "decided_at", "is_public",
        ]  # fmt: skip
        read_only_fields = fields


class DecisionInputSerializer(serializers.Serializer):
    item = serializers.IntegerField(**ID)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    mode = serializers.ChoiceField(choices=DecisionMode.choices, default=DecisionMode.VOTE)
    is_public = serializers.BooleanField(default=True)


class VoteInputSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=VoteChoice.choices)
    membership = serializers.IntegerField(required=False, allow_null=True, help_text="staff (MANAGE_BODY) recording a present member's vote", **ID)


class MinutesSerializer(serializers.ModelSerializer):
    class Meta:
        model = Minutes
        fields = ["id", "meeting", "text", "state", "approved_by", "approved_at", "published_at", "published_until"]
        read_only_fields = fields


class MinutesInputSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(**ID)
    text = serializers.CharField()


class MinutesTextSerializer(serializers.Serializer):
    text = serializers.CharField()


# --- steps ------------------------------------------------------------------------------------------


def _vote(*, decision, by, choice, membership=None):
    member = None
    if membership:
        member = Membership.objects.filter(pk=membership, body_id=decision.meeting.body_id).first()
        if member is None:
            raise decision_svc.Refused(_("Only members of this body can vote."), decision)
    decision_svc.vote_cast(decision=decision, choice=choice, by=by, membership=member)
    return decision


def _anyone_signed_in(user, obj) -> bool:
    return True  # who may vote is the service's check, so that a refusal is answered with its reason and audited


def _minutes_edit(*, minutes, by, text):
    return minutes_svc.minutes_draft(meeting=minutes.meeting, text=text, by=by)


def _item_move(*, item, by, up):
    return agenda_svc.agenda_item_move(item=item, up=up, by=by)


def _item_note(*, item, by, notes):
    return agenda_svc.agenda_item_note(item=item, notes=notes, by=by)


CONFLICT = "Refused: the meeting is not in session or not quorate, the caller may not vote, has voted, or the vote is closed; nothing changed."


# --- viewsets ---------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=AgendaItemInputSerializer, responses={201: AgendaItemSerializer}, summary="Propose an item (a member of the body, or MANAGE_BODY staff)"
    )
)
class AgendaItemViewSet(ScopedReadOnlyViewSet):
    """Agenda items of the meetings the caller may see (`?meeting=` narrows to one), in agenda order."""

    queryset = AgendaItem.objects.all()
    serializer_class = AgendaItemSerializer
    detail_serializer_class = AgendaItemSerializer
    view_perm = VIEW_BODY
    step_subject = "item"
    steps = {
        "notes": ApiStep(_item_note, "Write the item's discussion notes (in session)", perm="meetings.note_item", request=NotesInputSerializer),
        "move": ApiStep(_item_move, "Move the item one place up or down", perm="meetings.order_agenda", request=MoveInputSerializer),
    }

    def get_queryset(self):
        return meeting_filtered(self.request, sel.items_visible(self.request.user)).select_related("decision").order_by("meeting_id", "order", "id")

    def create(self, request, *args, **kwargs):
        s = AgendaItemInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        meeting = sel.meetings_visible(request.user).filter(pk=data.pop("meeting")).first()
        if meeting is None:
            raise NotFound({"meeting": [_("Not found where you may write.")]})
        if not request.user.has_perm("meetings.propose_item", meeting):
            raise PermissionDenied()
        item = agenda_svc.agenda_item_add(meeting=meeting, by=request.user, **data)
        return self.detail_response(item, status.HTTP_201_CREATED)


@extend_schema_view(
    create=extend_schema(
        request=DecisionInputSerializer,
        responses={201: DecisionSerializer, 409: conflict(CONFLICT)},
        summary="Open a recorded vote on an item, or record a consensus (in session and quorate)",
    )
)
class DecisionViewSet(ScopedReadOnlyViewSet):
    """Decisions (决议) of the meetings the caller may see (`?meeting=` narrows to one)."""

    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    detail_serializer_class = DecisionSerializer
    view_perm = VIEW_BODY
    step_subject = "decision"
    conflict_description = CONFLICT
    steps = {
        "vote": ApiStep(
            _vote,
            "Vote for, against or abstain (a member for themself; MANAGE_BODY staff for a present member)",
            perm=_anyone_signed_in,
            request=VoteInputSerializer,
        ),
        "close": ApiStep(decision_svc.vote_close, "Close the vote: the counts are written, adopted or rejected", perm="meetings.close_vote"),
    }

    def get_queryset(self):
        return meeting_filtered(self.request, sel.decisions_visible(self.request.user)).order_by("-id")

    def create(self, request, *args, **kwargs):
        s = DecisionInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        item = sel.items_visible(request.user).filter(pk=data.pop("item")).first()
        if item is None:
            raise NotFound({"item": [_("Not found where you may write.")]})
        if not request.user.has_perm("meetings.open_vote", item.meeting):
            raise PermissionDenied()
        decision = decision_svc.decision_open(item=item, by=request.user, **data)
        return self.detail_response(decision, status.HTTP_201_CREATED)


class VoteViewSet(ScopedReadOnlyViewSet):
    """Each member's vote on the decisions the caller may see (`?decision=` narrows to one)."""

    queryset = Vote.objects.all()
    serializer_class = VoteSerializer
    view_perm = VIEW_BODY

    def get_queryset(self):
        qs = sel.votes_visible(self.request.user).order_by("decision_id", "id")
        value = self.request.query_params.get("decision", "")
        return qs.filter(decision_id=int(value)) if value.isdigit() and 0 < int(value) <= MAX_ID else qs


@extend_schema_view(
    create=extend_schema(
        request=MinutesInputSerializer, responses={201: MinutesSerializer, 409: conflict(CONFLICT)}, summary="Write the draft minutes of a meeting"
    )
)
class MinutesViewSet(ScopedReadOnlyViewSet):
    """Minutes (纪要) of the meetings the caller may see: draft, approved by the chair, published to residents."""

    queryset = Minutes.objects.all()
    serializer_class = MinutesSerializer
    detail_serializer_class = MinutesSerializer
    view_perm = VIEW_BODY
    step_subject = "minutes"
    conflict_description = "The minutes' state does not allow this; nothing changed."
    steps = {
        "edit": ApiStep(_minutes_edit, "Rewrite the draft minutes", perm="meetings.draft_minutes", request=MinutesTextSerializer),
        "approve": ApiStep(
            minutes_svc.minutes_approve, "Approve the draft (the chair; MANAGE_BODY staff when the body has no chair)", perm="meetings.approve_minutes"
        ),
        "publish": ApiStep(minutes_svc.minutes_publish, "Publish approved minutes to the unit's residents (公示)", perm="meetings.publish_minutes"),
    }

    def get_queryset(self):
        return meeting_filtered(self.request, sel.minutes_visible(self.request.user)).order_by("-id")

    def create(self, request, *args, **kwargs):
        s = MinutesInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        meeting = sel.meetings_visible(request.user).filter(pk=s.validated_data["meeting"]).first()
        if meeting is None:
            raise NotFound({"meeting": [_("Not found where you may write.")]})
        if not request.user.has_perm("meetings.draft_minutes", meeting):
            raise PermissionDenied()
        minutes = minutes_svc.minutes_draft(meeting=meeting, text=s.validated_data["text"], by=request.user)
        return self.detail_response(minutes, status.HTTP_201_CREATED)


ROUTES: list = [
    ("agenda-items", AgendaItemViewSet, "agenda-item"),
    ("decisions", DecisionViewSet, "decision"),
    ("votes", VoteViewSet, "vote"),
    ("minutes", MinutesViewSet, "minutes"),
]
PATHS: list = []
