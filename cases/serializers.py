from rest_framework import serializers

from .models import Case, CaseTransition, HandlerKind, Rating


class CaseTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]


class CaseSerializer(serializers.ModelSerializer):
    """A case without its reporter: who reported is personal data, not part of the list."""

    source_display = serializers.CharField(source="get_source_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    category_name = serializers.CharField(source="category.name", read_only=True)
    grid_name = serializers.CharField(source="grid.name", read_only=True, allow_null=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    handling_unit_name = serializers.CharField(source="handling_unit.name", read_only=True, allow_null=True)
    # blank until set: declared so the schema admits ""
    handler_kind = serializers.ChoiceField(choices=HandlerKind.choices, allow_blank=True, read_only=True)
    rating = serializers.ChoiceField(choices=Rating.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "number", "source", "source_display", "category", "category_name", "description", "lat", "lng", "address",
            "grid", "grid_name", "unit", "unit_name", "priority", "state", "state_display", "handler_kind", "handling_unit",
            "handling_unit_name", "merged_into", "accepted_at", "due_at", "dispatched_at", "completed_at", "closed_at", "rating",
            "reopen_count", "supervision_count", "escalated_to", "escalated_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    transitions = CaseTransitionSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "transitions"]
        read_only_fields = fields
