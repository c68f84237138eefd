"""API serializers for batch rounds: the round (list without its assignments, detail with them), the
input to run one, and the report of applying one."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.filters import MAX_ID
from resources.models import MatchRound, ResourceKind


class MatchRoundSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    created_by_name = serializers.CharField(source="created_by", read_only=True, allow_null=True)

    class Meta:
        model = MatchRound
        fields = [
            "id", "name", "unit", "unit_name", "created_by", "created_by_name", "params", "needs_count", "resources_count", "edges_count",
            "optimal_total", "greedy_total", "optimal_assigned", "greedy_assigned", "seconds", "applied_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class MatchRoundDetailSerializer(MatchRoundSerializer):
    """With both assignments: [[need_id, resource_id, score], ...]."""

    class Meta(MatchRoundSerializer.Meta):
        fields = [*MatchRoundSerializer.Meta.fields, "optimal", "greedy"]
        read_only_fields = fields


class MatchRoundInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("The unit whose open needs are matched."))
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=ResourceKind.choices), required=False, default=list, help_text=_("Empty: all three libraries.")
    )


class ApplyReportSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("matches proposed"))
    already_live = serializers.IntegerField(help_text=_("pairs already proposed or agreed (skipped)"))
    not_possible = serializers.IntegerField(help_text=_("pairs no longer possible (skipped)"))
    round = MatchRoundSerializer()
