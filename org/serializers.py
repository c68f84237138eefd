from rest_framework import serializers

from .models import Responsible, Unit


class ResponsibleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Responsible
        fields = ["id", "name", "title", "duty", "phone"]


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
