from django.contrib.auth import get_user_model
from rest_framework import serializers

from core.filters import MAX_ID
from org.models import GridElement, Responsible, Unit


class ResponsibleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsible
        fields = ["id", "name", "title", "duty", "phone"]


class ResponsibleWriteSerializer(serializers.ModelSerializer):
    """人员清 through the API: the unit is set on create only; `username` links the person's account."""

    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID))
    username = serializers.SlugRelatedField(source="user", slug_field="username", queryset=get_user_model().objects.all(), required=False, allow_null=True)

    class Meta:
        model = Responsible
        fields = ["id", "unit", "name", "title", "duty", "phone", "username"]


class GridElementSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    # any unit, so that one outside the scope answers 404 and one of the wrong kind gets the service's message (400)
    grid = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID))

    class Meta:
        model = GridElement
        fields = ["id", "grid", "kind", "kind_display", "name", "address", "lat", "lng", "contact_name", "contact_phone", "credit_code", "note", "is_active"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    responsibles = ResponsibleSerializer(many=True, read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id", "kind", "kind_display", "code", "name", "parent", "path", "depth", "address", "boundary",
            "lat", "lng", "duties", "contact_phone", "exclusive_area", "area_source", "is_parking", "responsibles",
        ]
        read_only_fields = ["path", "depth"]
