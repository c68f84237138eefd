"""API serializers for 睦邻点, duty shifts and the reception log: read serializers and small input
serializers (validated here, changed in the services)."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Priority
from core.fields import MobileSerializerField
from core.filters import MAX_ID
from doorstep import rating as r
from doorstep.models import (
    DutyKind,
    DutyShift,
    NeighbourhoodPoint,
    PointActivity,
    PointRecord,
    PointRecordKind,
    PointTransition,
    ReceptionLog,
    StarRating,
    SupervisionVisit,
)


def _id(**kw):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kw)


def _text(required=False, max_length=2000):
    if required:
        return serializers.CharField(max_length=max_length)
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, default="")


class PointTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PointTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]


class NeighbourhoodPointSerializer(serializers.ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    operator_name = serializers.CharField(source="operator.name", read_only=True, allow_null=True)

    class Meta:
        model = NeighbourhoodPoint
        fields = [
            "id", "name", "unit", "unit_name", "host_name", "address", "lat", "lng", "theme", "operator", "operator_name",
            "project_start", "project_end", "state", "state_display", "is_model", "founded_on", "retired_on", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class NeighbourhoodPointDetailSerializer(NeighbourhoodPointSerializer):
    transitions = PointTransitionSerializer(many=True, read_only=True)

    class Meta(NeighbourhoodPointSerializer.Meta):
        fields = [*NeighbourhoodPointSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


class PointProposeInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    unit = _id(help_text=_("id of the residential district"))
    host_name = serializers.CharField(max_length=50)
    address = serializers.CharField(max_length=200)
    theme = serializers.CharField(max_length=50)
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90), required=False, allow_null=True, default=None)
    lng = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180), required=False, allow_null=True, default=None
    )
    operator = _id(required=False, allow_null=True, default=None)
    project_start = serializers.DateField(required=False, allow_null=True, default=None)
    project_end = serializers.DateField(required=False, allow_null=True, default=None)
    note = _text()


class PointNoteInputSerializer(serializers.Serializer):
    note = _text()


class PointRequiredNoteInputSerializer(serializers.Serializer):
    note = _text(required=True)


class PointReasonInputSerializer(serializers.Serializer):
    reason = _text(required=True)


class PointModelInputSerializer(PointNoteInputSerializer):
    is_model = serializers.BooleanField()


class PointActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = PointActivity
        fields = ["id", "point", "date", "title", "attendance", "notes", "recorded_by"]
        read_only_fields = ["id", "point", "recorded_by"]


class PointVisitSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True, default=None)
    suggestions = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = SupervisionVisit
        fields = ["id", "point", "date", "findings", "suggestions", "score", "visitor"]
        read_only_fields = ["id", "point", "visitor"]


class PointRecordSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PointRecordKind.choices)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    survey = _id(required=False, allow_null=True, default=None)

    class Meta:
        model = PointRecord
        fields = ["id", "point", "kind", "date", "title", "notes", "survey"]
        read_only_fields = ["id", "point"]


class StarRatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = StarRating
        fields = ["id", "point", "year", "scores", "total", "stars", "rated_by", "rated_at"]
        read_only_fields = fields


class StarRatingInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=4, decimal_places=1, min_value=Decimal(0)),
        help_text=_("criterion code → score; codes and maximum scores: %(c)s") % {"c": ", ".join(f"{c.code} ≤ {c.points}" for c in r.CRITERIA)},
    )
    note = _text()


class DutyShiftSerializer(serializers.ModelSerializer):
    user_name = serializers.CharField(source="user.__str__", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = DutyShift
        fields = ["id", "place", "place_name", "user", "user_name", "kind", "kind_display", "start", "end", "note"]
        read_only_fields = fields


class DutyShiftInputSerializer(serializers.Serializer):
    place = _id()
    user = _id(help_text=_("id of the person on duty"))
    kind = serializers.ChoiceField(choices=DutyKind.choices, default=DutyKind.REGULAR)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    note = _text(max_length=200)


class ReceptionSerializer(serializers.ModelSerializer):
    """A visit; the visitor's phone only masked."""

    place_name = serializers.CharField(source="place.name", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True)

    class Meta:
        model = ReceptionLog
        fields = [
            "id", "place", "place_name", "at", "received_by", "resident", "visitor_name", "visitor_phone_masked", "topic", "action_taken",
            "follow_up", "follow_up_due", "follow_up_done", "case", "case_number", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class ReceptionInputSerializer(serializers.Serializer):
    place = _id()
    resident = _id(required=False, allow_null=True, default=None)
    visitor_name = _text(max_length=50)
    visitor_phone = MobileSerializerField(required=False, allow_blank=True, default="", write_only=True)
    topic = serializers.CharField(max_length=200)
    action_taken = _text()
    follow_up = _text()
    follow_up_due = serializers.DateField(required=False, allow_null=True, default=None)


class ReceptionOpenCaseInputSerializer(serializers.Serializer):
    category = _id()
    description = _text(max_length=4000)
    unit = _id(
        required=False, allow_null=True, default=None, help_text=_("the station's unit or a grid under it; default: the resident's grid or the station's unit")
    )
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    address = _text(max_length=200)


class ReceptionFollowUpInputSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True)
    note = _text(max_length=500)
