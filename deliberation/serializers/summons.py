"""Serializers of the 约请 API (/api/summonses/) and the topics from recurring cases (/api/deliberation-topics/)."""

from rest_framework import serializers

from deliberation.models import Summons, SummonsTransition


class SummonsTransitionSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = SummonsTransition
        fields = ["action", "from_state", "to_state", "by", "at", "note"]


class SummonsSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    from_seat_name = serializers.CharField(source="from_seat.name", read_only=True)
    to_seat_name = serializers.CharField(source="to_seat.name", read_only=True)
    escalated_to_name = serializers.CharField(source="escalated_to.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Summons
        fields = [
            "id",
            "body",
            "body_name",
            "from_seat",
            "from_seat_name",
            "to_seat",
            "to_seat_name",
            "subject",
            "description",
            "state",
            "answer_due_at",
            "answered_at",
            "proposed_at",
            "answer",
            "meeting",
            "item",
            "escalation_level",
            "escalated_to",
            "escalated_to_name",
            "escalated_at",
            "created_at",
        ]
        read_only_fields = fields


class SummonsDetailSerializer(SummonsSerializer):
    timeline = SummonsTransitionSerializer(source="transitions", many=True, read_only=True)

    class Meta(SummonsSerializer.Meta):
        fields = [*SummonsSerializer.Meta.fields, "timeline"]
        read_only_fields = fields


class SummonsCreateSerializer(serializers.Serializer):
    """A new 约请: the body, the seat the caller speaks for, and the party summoned (a seat of the body, or the
    organisation holding one)."""

    body = serializers.IntegerField(min_value=1, max_value=2**62)
    from_seat = serializers.IntegerField(min_value=1, max_value=2**62)
    to_seat = serializers.IntegerField(min_value=1, max_value=2**62, required=False)
    to_organisation = serializers.IntegerField(min_value=1, max_value=2**62, required=False)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class SummonsAnswerSerializer(serializers.Serializer):
    proposed_at = serializers.DateTimeField()
    answer = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SummonsScheduleSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    ends_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SummonsNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TopicCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    created_at = serializers.DateTimeField()


class TopicSerializer(serializers.Serializer):
    category = serializers.IntegerField(source="category.pk")
    category_name = serializers.CharField(source="category.name")
    place = serializers.IntegerField(source="place.pk")
    place_name = serializers.CharField(source="place.name")
    place_kind = serializers.CharField(source="place.kind")
    count = serializers.IntegerField()
    last = serializers.DateTimeField()
    agenda_item = serializers.IntegerField(source="item.pk", allow_null=True, default=None)
    meeting = serializers.IntegerField(source="item.meeting_id", allow_null=True, default=None)
    cases = TopicCaseSerializer(many=True)
