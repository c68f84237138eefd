"""Serializers of bodies, seats, members and meetings (read), and the inputs of the meeting steps."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.filters import MAX_ID
from meetings.models import Body, Meeting, Membership, Seat
from meetings.quorum import quorum_of


class BodySerializer(serializers.ModelSerializer):
    kind_code = serializers.CharField(source="kind.code", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Body
        fields = [
            "id", "kind", "kind_code", "kind_name", "unit", "unit_name", "name", "description", "point", "room",
            "quorum", "majority", "majority_base", "term_start", "term_end", "minutes_publish_days", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class SeatSerializer(serializers.ModelSerializer):
    class Meta:
        model = Seat
        fields = ["id", "body", "party", "name", "group", "required", "organisation", "party_unit", "order", "is_active"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    seat_name = serializers.CharField(source="seat.name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "body", "seat", "seat_name", "name", "role", "role_display", "start", "end"]
        read_only_fields = fields


class QuorumSerializer(serializers.Serializer):
    seats = serializers.IntegerField()
    present = serializers.IntegerField()
    needed = serializers.IntegerField()
    missing_required = serializers.ListField(child=serializers.CharField())
    is_quorate = serializers.BooleanField()


class MeetingSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    present = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id", "body", "body_name", "title", "starts_at", "ends_at", "room", "bookings", "location", "state", "state_display",
            "opened_at", "closed_at", "present", "quorum",
        ]  # fmt: skip
        read_only_fields = fields

    def get_present(self, obj) -> int:
        n = getattr(obj, "n_present", None)
        return n if n is not None else obj.attendances.count()

    @extend_schema_field(QuorumSerializer(allow_null=True, help_text="In the detail and the steps' answers; null in the list."))
    def get_quorum(self, obj):
        if self.context.get("view") is not None and getattr(self.context["view"], "action", "") == "list":
            return None  # the list leaves it out (a query per row); the detail and the steps give it
        q = quorum_of(obj)
        return {"seats": q.seats, "present": q.present, "needed": q.needed, "missing_required": list(q.missing_required), "is_quorate": q.is_quorate}


class MeetingInputSerializer(serializers.Serializer):
    body = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The body that meets.")
    title = serializers.CharField(max_length=120)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    room = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, required=False, allow_null=True, default=None,
        help_text="A bookable room serving the body's unit: booked for the meeting through the booking engine (a clash is refused).",
    )  # fmt: skip
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="", help_text="Or another place.")


class MeetingNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class TickInputSerializer(serializers.Serializer):
    membership = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The member (membership id) to tick present.")
