"""API serializers of needs: the read serializers, the input of a new or changed need (validated here,
written by resources.services.needs), and the ranked suggestions with their reasons in words."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.filters import MAX_ID
from doorstep.serializers.bookings import HoursField
from resources.models import Need, NeedSource, NeedTransition, ResourceKind
from resources.services.needs import MAX_PEOPLE, STAFF_SOURCES


def _id(**kw):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kw)


class NeedTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = NeedTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]
        read_only_fields = fields


class NeedSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    point_name = serializers.CharField(source="point.name", read_only=True, allow_null=True, default=None)
    type_names = serializers.SerializerMethodField()
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    source_display = serializers.CharField(source="get_source_display", read_only=True)
    time_windows = HoursField(read_only=True)
    live_matches = serializers.IntegerField(read_only=True, help_text=_("proposed or agreed matches"))

    class Meta:
        model = Need
        fields = [
            "id", "title", "description", "unit", "unit_name", "point", "point_name", "requester", "types", "type_names", "people",
            "budget", "start_date", "end_date", "time_windows", "place", "lat", "lng", "source", "source_display", "survey", "state",
            "state_display", "live_matches", "created_by", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_type_names(self, obj) -> list[str]:
        return [t.label for t in obj.types.all()]


class NeedDetailSerializer(NeedSerializer):
    transitions = NeedTransitionSerializer(many=True, read_only=True)

    class Meta(NeedSerializer.Meta):
        fields = [*NeedSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


def _position(limit):
    return serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=Decimal(-limit), max_value=Decimal(limit), required=False, allow_null=True, default=None
    )


class NeedWriteSerializer(serializers.Serializer):
    """A new need (POST) or the fields to change (PATCH: any of them)."""

    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    unit = _id(help_text=_("id of the residential district (居民区)"))
    point = _id(required=False, allow_null=True, default=None, help_text=_("id of a neighbourhood point (睦邻点) of that district"))
    requester = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    types = serializers.ListField(child=_id(), min_length=1, max_length=30, help_text=_("ids of the resource types needed (any kind)"))
    people = serializers.IntegerField(min_value=1, max_value=MAX_PEOPLE, required=False, default=10)
    budget = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal(0), required=False, allow_null=True, default=None, help_text=_("empty: no money")
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_windows = HoursField(required=False, default=dict, help_text=_("weekly times; empty: any time"))
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    lat = _position(90)
    lng = _position(180)
    source = serializers.ChoiceField(choices=[(s.value, s.label) for s in NeedSource if s.value in STAFF_SOURCES], required=False, default=NeedSource.STAFF)

    def validate(self, data):
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [_("The last day must not be before the first.")]})
        return data


class NeedNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SuggestionQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ResourceKind.choices, required=False, help_text=_("only this kind; default: all three"))
    limit = serializers.IntegerField(min_value=1, max_value=100, required=False, default=20, help_text=_("per kind"))


class ReasonLineSerializer(serializers.Serializer):
    factor = serializers.CharField()
    label = serializers.CharField()
    text = serializers.CharField()
    value = serializers.FloatField()
    weight = serializers.FloatField()
    points = serializers.FloatField()
    excluded = serializers.BooleanField()


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {"factor": {"type": "string"}, "value": {"type": "number"}, "weight": {"type": "number"}, "params": {"type": "object"}},
        },
    }
)
class ReasonsField(serializers.JSONField):
    pass


class SuggestionSerializer(serializers.Serializer):
    resource = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()
    unit_name = serializers.CharField()
    organisation_name = serializers.CharField(allow_null=True)
    types = serializers.ListField(child=serializers.CharField())
    score = serializers.FloatField()
    reasons = ReasonsField(help_text=_("as stored on a match: [{factor, value, weight, params}]"))
    explained = ReasonLineSerializer(many=True, help_text=_("the reasons in words, in the caller's language"))


class SuggestionsSerializer(serializers.Serializer):
    need = serializers.IntegerField()
    results = SuggestionSerializer(many=True)


class ProposeInputSerializer(serializers.Serializer):
    resource = _id(help_text=_("id of the resource (from the suggestions)"))
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
