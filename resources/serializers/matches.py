"""API serializers for matches (/api/matches/) and service records (/api/service-records/): read
serializers and small input serializers (validated here, changed in resources.services.matches)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.filters import MAX_ID
from resources.models import Match, MatchTransition, ServiceRecord


def _text(required=False, max_length=2000):
    if required:
        return serializers.CharField(max_length=max_length)
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="")


def _rating(required=False):
    return serializers.IntegerField(min_value=1, max_value=5, required=required, allow_null=not required, default=None if not required else serializers.empty)


class MatchTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]


class ServiceRecordSerializer(serializers.ModelSerializer):
    need = serializers.IntegerField(source="match.need_id", read_only=True)
    need_title = serializers.CharField(source="match.need.title", read_only=True)
    district = serializers.CharField(source="match.need.unit.name", read_only=True)
    resource = serializers.IntegerField(source="match.resource_id", read_only=True)
    resource_name = serializers.CharField(source="match.resource.name", read_only=True)
    resource_kind = serializers.CharField(source="match.resource.kind", read_only=True)

    class Meta:
        model = ServiceRecord
        fields = [
            "id", "match", "need", "need_title", "district", "resource", "resource_name", "resource_kind", "served_on", "people_served",
            "hours", "summary", "requester_rating", "requester_comment", "provider_rating", "provider_comment", "recorded_by",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MatchRecordSerializer(serializers.ModelSerializer):
    """A record inside a match's detail (the match is the parent)."""

    class Meta:
        model = ServiceRecord
        fields = [
            "id", "served_on", "people_served", "hours", "summary", "requester_rating", "requester_comment", "provider_rating",
            "provider_comment", "recorded_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    need_title = serializers.CharField(source="need.title", read_only=True)
    district = serializers.IntegerField(source="need.unit_id", read_only=True)
    district_name = serializers.CharField(source="need.unit.name", read_only=True)
    resource_name = serializers.CharField(source="resource.name", read_only=True)
    resource_kind = serializers.CharField(source="resource.kind", read_only=True)

    class Meta:
        model = Match
        fields = [
            "id", "need", "need_title", "district", "district_name", "resource", "resource_name", "resource_kind", "round", "score",
            "reasons", "state", "state_display", "terms", "scheduled_for", "booking", "agreed_at", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MatchDetailSerializer(MatchSerializer):
    transitions = MatchTransitionSerializer(many=True, read_only=True)
    records = MatchRecordSerializer(many=True, read_only=True)

    class Meta(MatchSerializer.Meta):
        fields = [*MatchSerializer.Meta.fields, "transitions", "records"]
        read_only_fields = fields


class MatchAgreeInputSerializer(serializers.Serializer):
    terms = _text(required=True)
    scheduled_for = serializers.DateTimeField(required=False, allow_null=True, default=None)
    slot = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None, help_text=_("A slot of the shared space to book")
    )


class MatchNoteInputSerializer(serializers.Serializer):
    note = _text(required=True)


class ServiceRecordInputSerializer(serializers.Serializer):
    served_on = serializers.DateField()
    people_served = serializers.IntegerField(min_value=0, max_value=100000)
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=Decimal("0.1"), max_value=Decimal("999.9"), required=False, default=Decimal("1"))
    summary = _text()
    requester_rating = _rating()
    requester_comment = _text()
    provider_rating = _rating()
    provider_comment = _text()


class ServiceFeedbackInputSerializer(serializers.Serializer):
    side = serializers.ChoiceField(choices=[("requester", _("Requester")), ("provider", _("Provider"))])
    rating = _rating(required=True)
    comment = _text()
