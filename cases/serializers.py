from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from cases.models import Case, CaseCategory, CaseTransition, ExtensionState, HandlerKind, Priority, Rating, Source
from core.fields import MobileSerializerField
from core.filters import MAX_ID


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
    extension_state = serializers.ChoiceField(choices=ExtensionState.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id", "number", "source", "source_display", "category", "category_name", "description", "lat", "lng", "address",
            "grid", "grid_name", "unit", "unit_name", "element", "priority", "state", "state_display", "handler_kind", "handling_unit",
            "handling_unit_name", "merged_into", "accept_due_at", "accepted_at", "due_at", "dispatched_at", "completed_at", "closed_at", "rating",
            "visit_due_at", "reopen_count", "supervision_count", "supervision_due_at", "extension_state", "extension_reason",
            "escalated_to", "escalated_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class CaseDetailSerializer(CaseSerializer):
    transitions = CaseTransitionSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "transitions"]
        read_only_fields = fields


# ---- write API: small input serializers, one per step (validated here, changed in cases/services.py) ----

REPORT_SOURCES = [(s.value, s.label) for s in (Source.PATROL, Source.HOTLINE, Source.RESIDENT, Source.SUGGESTION)]


def _id(**kw):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kw)


def _note(required=False):
    if required:
        return serializers.CharField(max_length=2000)
    return serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CaseReportInputSerializer(serializers.Serializer):
    """A case keyed in by staff (patrol, 12345 ticket, on a resident's behalf, a representative's suggestion).
    Give a pin (lat + lng; the grid is found from it) or a unit id, or both."""

    category = serializers.PrimaryKeyRelatedField(queryset=CaseCategory.objects.filter(is_active=True), pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID))
    description = serializers.CharField(max_length=4000)
    source = serializers.ChoiceField(choices=REPORT_SOURCES, default=Source.PATROL)
    unit = _id(required=False, allow_null=True, default=None, help_text=_("id of the residential district, grid or building"))
    element = _id(required=False, allow_null=True, default=None, help_text=_("id of the grid's shop, public place or street segment"))
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90), required=False, allow_null=True, default=None)
    lng = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180), required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.NORMAL)
    external_ref = serializers.CharField(max_length=64, required=False, allow_blank=True, default="", help_text=_("12345 ticket number or another system's id"))
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = MobileSerializerField(required=False, allow_blank=True, default="", write_only=True)

    def validate(self, data):
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise serializers.ValidationError({"lng": _("Give both latitude and longitude, or neither.")})
        if data.get("lat") is None and data.get("unit") is None and data.get("element") is None:
            raise serializers.ValidationError({"unit": _("Give a pin (lat and lng) or a unit.")})
        return data


class NoteInputSerializer(serializers.Serializer):
    note = _note()


class AcceptInputSerializer(NoteInputSerializer):
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_null=True, default=None)


class RejectInputSerializer(serializers.Serializer):
    reason = _note(required=True)


class MergeInputSerializer(NoteInputSerializer):
    into = _id(help_text=_("id of the open case this one duplicates"))


class DispatchInputSerializer(NoteInputSerializer):
    handling_unit = _id(help_text=_("id of the unit that must handle the case"))
    handler_kind = serializers.ChoiceField(choices=HandlerKind.choices, required=False, allow_blank=True, default="", help_text=_("default: the category's"))


class VerifyInputSerializer(NoteInputSerializer):
    passed = serializers.BooleanField(help_text=_("true closes the case; false sends it back to the handler (a note is then required)"))


class ExtensionRequestInputSerializer(serializers.Serializer):
    reason = _note(required=True)


class ExtensionDecisionInputSerializer(NoteInputSerializer):
    approved = serializers.BooleanField(help_text=_("true gives the complex matter's limit from registration; false refuses (a note is then required)"))


class RateInputSerializer(NoteInputSerializer):
    rating = serializers.ChoiceField(choices=Rating.choices)


class RevealedContactSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()
