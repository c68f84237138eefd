"""API serializers of the talent library: the staff view (phone only masked; the number is written, never
read back), the review timeline, step input, and the public listing (surname only, no contact)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.fields import MobileSerializerField
from org.models import Unit
from people.models import Resident
from resources.models import ResourceKind, ResourceType, SkillLevel, Talent, TalentTransition
from resources.selectors.talents import district_path, mask_name, week_summary


class SkillSerializer(serializers.Serializer):
    type = serializers.SlugRelatedField(
        slug_field="code", queryset=ResourceType.objects.filter(kind=ResourceKind.TALENT), help_text="The skill's code (GET /resources/talents/types/)."
    )
    type_name = serializers.CharField(source="type.label", read_only=True)
    level = serializers.ChoiceField(choices=SkillLevel.choices)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TalentTransitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TalentTransition
        fields = ["id", "action", "from_state", "to_state", "by", "at", "note"]
        read_only_fields = fields


class TalentSerializer(serializers.ModelSerializer):
    phone = MobileSerializerField(check=False, write_only=True, required=False, allow_blank=True, help_text="A mobile number; stored encrypted, shown masked.")
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, help_text="Where the talent lives: a 居民区 or a grid, building or house in one."
    )
    resident = serializers.PrimaryKeyRelatedField(
        queryset=Resident.objects.all(), required=False, allow_null=True, help_text="A resident's record: then the name and home are theirs."
    )
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    district_name = serializers.SerializerMethodField()
    skills = SkillSerializer(many=True, required=False)
    availability_text = serializers.SerializerMethodField()
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Talent
        fields = [
            "id", "name", "phone", "phone_masked", "unit", "unit_name", "district_name", "resident", "lat", "lng", "bio", "skills",
            "availability", "availability_text", "reach_m", "group_size", "sessions_per_period", "public_consent", "consent_at",
            "state", "state_display", "source", "review_note", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["phone_masked", "consent_at", "state", "source", "review_note", "created_at", "updated_at"]
        validators = []  # one live talent per resident/account: checked by the service (with a clear message) and by the database
        extra_kwargs = {
            "name": {"required": False},
            "bio": {"required": False},
            "availability": {"required": False},
            "reach_m": {"required": False, "max_value": 50_000},
            "group_size": {"required": False, "max_value": 10_000, "min_value": 1},
            "sessions_per_period": {"required": False, "max_value": 100, "min_value": 1},
            "public_consent": {"required": False},
        }

    def get_district_name(self, obj) -> str | None:
        annotated = getattr(obj, "district_name", None)
        if annotated is not None:
            return annotated
        return Unit.objects.filter(path=district_path(obj.unit_path)).values_list("name", flat=True).first()

    def get_availability_text(self, obj) -> str:
        return week_summary(obj.availability)

    def validate_availability(self, value):
        if not isinstance(value, dict):
            raise serializers.ValidationError(_("Give the times per weekday."))
        return value


class TalentDetailSerializer(TalentSerializer):
    transitions = TalentTransitionSerializer(many=True, read_only=True)

    class Meta(TalentSerializer.Meta):
        fields = [*TalentSerializer.Meta.fields, "transitions"]


class TalentNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TalentReasonInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=200, help_text="Why the application is not accepted; the applicant is told.")


class PublicSkillSerializer(serializers.Serializer):
    type = serializers.CharField(source="type.code")
    type_name = serializers.CharField(source="type.label")
    level = serializers.IntegerField()
    level_display = serializers.CharField(source="get_level_display")


class PublicTalentSerializer(serializers.Serializer):
    """What anyone signed in may see of a talent who agreed to be listed: no phone, no address, no position."""

    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()
    district_name = serializers.CharField(allow_null=True)
    skills = PublicSkillSerializer(many=True)
    availability_text = serializers.SerializerMethodField()

    def get_name(self, obj) -> str:
        return mask_name(obj.name)

    def get_availability_text(self, obj) -> str:
        return week_summary(obj.availability)
