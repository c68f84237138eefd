"""Serializers of places, rooms, slots, bookings and the public menu (read), and the booking input."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.filters import MAX_ID
from doorstep.eligibility import eligibility_text
from doorstep.models import Booking, Place, Room, Service, Slot

HOURS_SCHEMA = {
    "type": "object",
    "description": 'Opening periods per weekday ("0" = Monday ... "6" = Sunday), local time: {"0": [["08:30", "12:00"], ["13:30", "17:00"]]}',
    "additionalProperties": {"type": "array", "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2}},
}


@extend_schema_field(HOURS_SCHEMA)
class HoursField(serializers.JSONField):
    pass


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class StringListField(serializers.JSONField):
    pass


@extend_schema_field(
    {
        "type": "object",
        "properties": {"min_age": {"type": "integer"}, "max_age": {"type": "integer"}, "residents_of_unit": {"type": "boolean"}},
        "additionalProperties": True,
    }
)
class EligibilityField(serializers.JSONField):
    pass


class PlaceSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    operator_name = serializers.CharField(source="operator.name", read_only=True, allow_null=True, default=None)
    opening_hours = HoursField(read_only=True)

    class Meta:
        model = Place
        fields = [
            "id", "kind", "kind_display", "name", "unit", "unit_name", "address", "lat", "lng", "area_m2", "floors", "phone",
            "operator", "operator_name", "opening_hours", "duties", "personalised",
        ]  # fmt: skip
        read_only_fields = fields


class RoomSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True, allow_null=True, default=None)
    operator_name = serializers.CharField(source="operator.name", read_only=True, allow_null=True, default=None)
    opening_hours = HoursField(read_only=True)
    equipment = StringListField(read_only=True)

    class Meta:
        model = Room
        fields = [
            "id", "place", "place_name", "unit", "kind", "kind_display", "name", "floor", "capacity", "area_m2", "equipment",
            "opening_hours", "operator", "operator_name", "bookable", "slot_minutes", "rules", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class SlotSerializer(serializers.ModelSerializer):
    free = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "room", "service", "name", "start", "end", "capacity", "booked", "free", "is_cancelled"]
        read_only_fields = fields

    def get_name(self, slot) -> str:
        return slot.service.name if slot.service_id else slot.room.name


class BookingSerializer(serializers.ModelSerializer):
    """A booking; who booked is shown by display name only (staff in scope, or the person themself)."""

    state_display = serializers.CharField(source="get_state_display", read_only=True)
    slot = SlotSerializer(read_only=True)
    booked_by = serializers.SerializerMethodField()
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id", "slot", "user", "booked_by", "state", "state_display", "party_size", "purpose", "waitlisted_at", "waitlist_position",
            "checked_in_at", "ical_uid", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_booked_by(self, b) -> str:
        return b.resident.name if b.resident_id else (b.user.display_name or b.user.username)

    def get_waitlist_position(self, b) -> int | None:
        ahead = getattr(b, "ahead", None)
        return None if b.state != "waitlisted" or ahead is None else ahead + 1


class BookingInputSerializer(serializers.Serializer):
    slot = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    party_size = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    purpose = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    confirm_overlap = serializers.BooleanField(
        default=False,
        help_text="Book even though the slot's time overlaps another live booking of yours (booked, waitlisted or checked in, room or "
        "service). Without it such a request answers 409 with the overlapping bookings and books nothing.",
    )


class OverlapBookingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    label = serializers.CharField(help_text="what and when, e.g. 太极拳 · 5月3日 周五 09:00-10:00")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


# The body of the 409 when the slot overlaps bookings the caller holds (send confirm_overlap=true to book anyway).
class OverlapConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text='"overlap"')
    overlaps = OverlapBookingSerializer(many=True)



# --- the public menu ------------------------------------------------------------------------------


class MenuPlaceSerializer(serializers.ModelSerializer):
    opening_hours = HoursField(read_only=True)

    class Meta:
        model = Place
        fields = ["id", "kind", "name", "address", "phone", "lat", "lng", "opening_hours"]
        read_only_fields = fields


class PublicSlotSerializer(serializers.ModelSerializer):
    free = serializers.IntegerField(read_only=True)

    class Meta:
        model = Slot
        fields = ["id", "start", "end", "capacity", "booked", "free"]
        read_only_fields = fields


class MenuServiceSerializer(serializers.ModelSerializer):
    group_display = serializers.CharField(source="get_group_display", read_only=True)
    access_display = serializers.CharField(source="get_access_display", read_only=True)
    place = MenuPlaceSerializer(read_only=True)
    room_name = serializers.CharField(source="room.name", read_only=True, allow_null=True, default=None)
    provider = serializers.SerializerMethodField()
    who = serializers.SerializerMethodField()
    eligibility = EligibilityField(read_only=True)

    class Meta:
        model = Service
        fields = [
            "id", "group", "group_display", "name", "description", "place", "room", "room_name", "provider", "schedule", "capacity",
            "eligibility", "who", "access", "access_display", "fee",
        ]  # fmt: skip
        read_only_fields = fields

    def get_provider(self, s) -> str:
        return s.provider.name if s.provider_id else s.provider_name

    def get_who(self, s) -> str:
        return eligibility_text(s)


class MenuServiceDetailSerializer(MenuServiceSerializer):
    sessions = serializers.SerializerMethodField()

    class Meta(MenuServiceSerializer.Meta):
        fields = [*MenuServiceSerializer.Meta.fields, "sessions"]
        read_only_fields = fields

    @extend_schema_field(PublicSlotSerializer(many=True))
    def get_sessions(self, s):
        return PublicSlotSerializer(self.context.get("sessions", []), many=True).data


class PublicRoomSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    place = MenuPlaceSerializer(read_only=True)
    opening_hours = HoursField(read_only=True)
    equipment = StringListField(read_only=True)

    class Meta:
        model = Room
        fields = ["id", "place", "kind", "kind_display", "name", "floor", "capacity", "equipment", "opening_hours", "slot_minutes", "rules"]
        read_only_fields = fields


class PublicRoomDetailSerializer(PublicRoomSerializer):
    slots = serializers.SerializerMethodField()

    class Meta(PublicRoomSerializer.Meta):
        fields = [*PublicRoomSerializer.Meta.fields, "slots"]
        read_only_fields = fields

    @extend_schema_field(PublicSlotSerializer(many=True))
    def get_slots(self, r):
        return PublicSlotSerializer(self.context.get("slots", []), many=True).data
