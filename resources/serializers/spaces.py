"""Serializers of shared spaces, organisations and charity projects (read and write; writes go through
resources.services.spaces / services_orgs, which the viewsets call)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.validators import validate_credit_code
from doorstep.serializers.bookings import HoursField, StringListField
from org.models import Unit, UnitKind
from resources.models import Organisation, Project, ResourceType, SharedSpace
from resources.services.orgs import normalize_credit_code


def type_codes(**kwargs):
    """Resource types by code ("meeting", "elderly"); the service checks they are of the right library."""
    return serializers.SlugRelatedField(many=True, slug_field="code", queryset=ResourceType.objects.all(), **kwargs)


def _districts(**kwargs):
    return serializers.PrimaryKeyRelatedField(many=True, queryset=Unit.objects.filter(kind=UnitKind.DISTRICT), **kwargs)


class SharedSpaceSerializer(serializers.ModelSerializer):
    """A shared space with its room (the booking engine's) flattened in: name, 居民区, capacity, equipment,
    opening hours, rules, slot length, whether it can be booked."""

    name = serializers.CharField(source="room.name", max_length=100)
    unit = serializers.PrimaryKeyRelatedField(source="room.unit", queryset=Unit.objects.filter(kind=UnitKind.DISTRICT), help_text="the 居民区 where it is")
    unit_name = serializers.CharField(source="room.unit.name", read_only=True)
    room = serializers.IntegerField(source="room_id", read_only=True, help_text="the services room: book its slots at /api/slots/?room=")
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(), allow_null=True, required=False)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, allow_null=True, default=None)
    types = type_codes(help_text="codes of space types: leisure, sports, meeting, culture")
    capacity = serializers.IntegerField(source="room.capacity", min_value=1, max_value=10000)
    area_m2 = serializers.IntegerField(source="room.area_m2", min_value=0, required=False, allow_null=True)
    equipment = StringListField(source="room.equipment", required=False)
    opening_hours = HoursField(source="room.opening_hours", required=False)
    rules = serializers.CharField(source="room.rules", required=False, allow_blank=True)
    slot_minutes = serializers.IntegerField(source="room.slot_minutes", min_value=15, max_value=480, required=False)
    bookable = serializers.BooleanField(source="room.bookable", required=False)

    class Meta:
        model = SharedSpace
        fields = [
            "id", "name", "unit", "unit_name", "room", "organisation", "organisation_name", "types", "capacity", "area_m2", "equipment",
            "opening_hours", "rules", "slot_minutes", "bookable", "address", "lat", "lng", "fee", "uses_per_period", "description", "is_active",
        ]  # fmt: skip

    def validate_equipment(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise serializers.ValidationError(_("Give the equipment as a list of texts, e.g. [“投影仪”, “音响”]."))
        return value


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="统一社会信用代码 (GB 32100-2015), 18 characters")
    districts = _districts(required=False, help_text="the 居民区 served (empty: all)")

    class Meta:
        model = Organisation
        fields = [
            "id", "kind", "kind_display", "name", "credit_code", "unit", "unit_name", "districts", "address", "lat", "lng",
            "contact_name", "contact_phone", "description", "is_active",
        ]  # fmt: skip
        extra_kwargs = {"name": {"validators": []}}  # uniqueness: the service answers in the user's language
        validators = []

    def validate_credit_code(self, value):
        code = normalize_credit_code(value)
        if code:
            try:
                validate_credit_code(code)
            except DjangoValidationError as e:
                raise serializers.ValidationError(e.messages) from e
        return code


class ProjectSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    types = type_codes(help_text="codes of project fields, e.g. elderly, youth")
    districts = _districts(required=False, help_text="the 居民区 served (empty: those the organisation serves)")
    availability = HoursField(required=False)

    class Meta:
        model = Project
        fields = [
            "id", "organisation", "organisation_name", "name", "types", "content", "capacity", "deliveries", "budget", "cost_to_requester",
            "starts_on", "ends_on", "districts", "availability", "is_active",
        ]  # fmt: skip
        validators = []  # the period is checked by the service, with its message
