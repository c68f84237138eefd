from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.roles import VIEW_PII
from core.fields import MobileSerializerField
from org.models import Unit
from people.models import CommunityRole, Household, Ownership, Resident


class ResidentSerializer(serializers.ModelSerializer):
    """ID and mobile numbers leave the server masked; `POST .../reveal/` gives one in full, audited. The birth
    date only for a caller with `view_pii` on the resident (with the masked number it would give the full
    number); everyone else gets `age`."""

    id_number = serializers.CharField(write_only=True, required=True, help_text=_("18-character ID number; stored encrypted"))
    mobile = MobileSerializerField(write_only=True, required=False, allow_blank=True)
    house = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    household = serializers.PrimaryKeyRelatedField(queryset=Household.objects.all(), required=False, allow_null=True)
    gender = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True, help_text=_("Only for callers with the right to view personal data"))
    age = serializers.IntegerField(read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id", "name", "name_initials", "gender", "birth_date", "age", "id_number_masked", "mobile_masked", "id_number", "mobile",
            "house", "household", "relation", "address", "created_at", "updated_at",
        ]
        read_only_fields = ["name_initials", "id_number_masked", "mobile_masked", "address"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["id_number"].required = False
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.has_perm(VIEW_PII, instance):
            data.pop("birth_date", None)
        return data


class RevealSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("id_number", _("ID number")), ("mobile", _("mobile"))])


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class HouseholdSerializer(serializers.ModelSerializer):
    house = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Household
        fields = ["id", "number", "house", "tenure", "address", "member_count"]
        read_only_fields = ["address"]


class OwnershipSerializer(serializers.ModelSerializer):
    owner_name = serializers.CharField(source="owner.name", read_only=True)
    exclusive_area = serializers.DecimalField(source="house.exclusive_area", max_digits=10, decimal_places=2, read_only=True)
    house = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    owner = serializers.PrimaryKeyRelatedField(queryset=Resident.objects.all())

    class Meta:
        model = Ownership
        fields = ["id", "house", "owner", "owner_name", "share_percent", "is_representative", "certificate_no", "registered_on", "exclusive_area"]

    def get_validators(self):
        """Not the partial unique index on the representative: naming a new one replaces the previous one
        (people.services.ownership_create/ownership_update), which a uniqueness check would refuse."""
        return [v for v in super().get_validators() if getattr(v, "condition", None) is None]


class CommunityRoleSerializer(serializers.ModelSerializer):
    resident_name = serializers.CharField(source="resident.name", read_only=True)

    class Meta:
        model = CommunityRole
        fields = ["id", "resident", "resident_name", "kind", "unit", "since", "until"]
