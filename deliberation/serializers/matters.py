"""API serializers of the 三重一大 register: matters, spendings, and the steps' bodies."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.filters import MAX_ID
from deliberation.models import Matter, MatterTransition, Spending, SpendingTransition
from meetings.models import MajorMatter


class MatterSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    decision_text = serializers.CharField(source="decision.text", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Matter
        fields = [
            "id",
            "unit",
            "unit_name",
            "kind",
            "title",
            "description",
            "amount",
            "body",
            "body_name",
            "decision",
            "decision_text",
            "state",
            "executed_at",
            "created_at",
        ]
        read_only_fields = fields


class MatterStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatterTransition
        fields = ["action", "from_state", "to_state", "by", "at", "note"]
        read_only_fields = fields


class MatterDetailSerializer(MatterSerializer):
    transitions = MatterStepSerializer(many=True, read_only=True)

    class Meta(MatterSerializer.Meta):
        fields = [*MatterSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class MatterWriteSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=MajorMatter.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The competent body."))
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class MatterDecideInputSerializer(serializers.Serializer):
    decision = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("An adopted decision of a meeting of the competent body."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SpendingSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Spending
        fields = ["id", "unit", "unit_name", "purpose", "amount", "matter", "state", "created_at"]
        read_only_fields = fields


class SpendingStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpendingTransition
        fields = ["action", "from_state", "to_state", "by", "at", "note"]
        read_only_fields = fields


class SpendingDetailSerializer(SpendingSerializer):
    transitions = SpendingStepSerializer(many=True, read_only=True)

    class Meta(SpendingSerializer.Meta):
        fields = [*SpendingSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class SpendingWriteSerializer(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    purpose = serializers.CharField(max_length=200)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    matter = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)


class SpendingLinkInputSerializer(serializers.Serializer):
    matter = serializers.IntegerField(min_value=1, max_value=MAX_ID)
