"""API serializers of resolutions' actions: the action (list; detail with its timeline), the input to assign one,
the steps' bodies, and a resolution (an adopted decision) with its progress."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.filters import MAX_ID
from deliberation.models import Action, ActionTransition
from meetings.models import Decision


class ActionSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Action
        fields = [
            "id", "decision", "origin", "unit", "unit_name", "title", "description", "responsible_unit", "responsible_user", "responsible_name",
            "deadline", "weight", "progress", "state", "case", "case_number", "escalated_to", "escalated_at", "done_at", "is_public", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ActionStepSerializer(serializers.ModelSerializer):
    by_name = serializers.CharField(source="by", read_only=True, allow_null=True)

    class Meta:
        model = ActionTransition
        fields = ["action", "from_state", "to_state", "by", "by_name", "at", "note"]
        read_only_fields = fields


class ActionDetailSerializer(ActionSerializer):
    transitions = ActionStepSerializer(many=True, read_only=True)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class ActionWriteSerializer(serializers.Serializer):
    decision = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True, help_text=_("The adopted decision it carries out."))
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, help_text=_("Without a decision: the unit it hangs on."))
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    responsible_user = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    responsible_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True)
    weight = serializers.IntegerField(min_value=1, max_value=100, required=False, default=1)
    is_public = serializers.BooleanField(required=False, default=True)


class ActionProgressInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class StepReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ActionOpenCaseInputSerializer(serializers.Serializer):
    category = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The case category."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResolutionSerializer(serializers.ModelSerializer):
    body = serializers.IntegerField(source="meeting.body_id", read_only=True)
    body_name = serializers.CharField(source="meeting.body.name", read_only=True)
    meeting_date = serializers.DateTimeField(source="meeting.starts_at", read_only=True)
    progress = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("Weighted progress of its actions (0-100); null without actions."))
    n_actions = serializers.IntegerField(read_only=True)
    n_overdue = serializers.IntegerField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True, source="board_actions")

    class Meta:
        model = Decision
        fields = [
            "id", "meeting", "body", "body_name", "meeting_date", "text", "mode", "votes_for", "votes_against", "votes_abstain", "is_public",
            "progress", "n_actions", "n_overdue", "actions",
        ]  # fmt: skip
        read_only_fields = fields
