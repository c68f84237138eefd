"""API serializers of the device registry and alarms. Credentials never leave as digests: a token or key
is returned once, in the answer of the request that issued it."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.filters import MAX_ID
from smart.models import Alarm, Device, DeviceType, Event, Maintainer, Vendor

MAX_SPAN = datetime.timedelta(days=400)
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)


class MeasurementSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(required=False, allow_blank=True)
    min = serializers.FloatField(required=False, allow_null=True)
    max = serializers.FloatField(required=False, allow_null=True)


class EventKindSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class DeviceTypeSerializer(serializers.ModelSerializer):
    measurements = MeasurementSerializer(many=True, read_only=True)
    events = EventKindSerializer(many=True, read_only=True)

    class Meta:
        model = DeviceType
        fields = ["id", "code", "name", "kind", "measurements", "events", "offline_after"]
        read_only_fields = fields


class DeviceSerializer(serializers.ModelSerializer):
    """A device as read (never its credential digest). `latest` is the last value of each measurement."""

    device_type_code = serializers.CharField(source="device_type.code", read_only=True)
    kind = serializers.CharField(source="device_type.kind", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    vendor_name = serializers.CharField(source="vendor.name", read_only=True, allow_null=True)
    maintainer_name = serializers.CharField(source="maintainer.name", read_only=True, allow_null=True)
    latest = serializers.SerializerMethodField()
    latest_at = serializers.SerializerMethodField()

    class Meta:
        model = Device
        fields = [
            "id", "code", "name", "device_type", "device_type_code", "kind", "unit", "unit_name", "location", "lat", "lng",
            "vendor", "vendor_name", "maintainer", "maintainer_name", "serial", "installed_on", "state", "state_changed_at",
            "last_seen_at", "is_active", "latest", "latest_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _latest(self, obj):
        from smart.selectors import latest_of

        return latest_of(obj)

    def get_latest(self, obj) -> dict[str, float]:
        latest = self._latest(obj)
        return latest.values if latest else {}

    def get_latest_at(self, obj) -> datetime.datetime | None:
        latest = self._latest(obj)
        return latest.ts if latest else None


def _pk(model, **kw):
    return serializers.PrimaryKeyRelatedField(queryset=model.objects.all(), pk_field=serializers.IntegerField(min_value=1, max_value=MAX_ID), **kw)


class DeviceWriteSerializer(serializers.Serializer):
    """Register (all required fields) or change (PATCH: any of them) a device. `unit` is a building or a grid
    in the caller's scope; `code` names the device in MQTT topics and cannot change."""

    code = serializers.SlugField(max_length=64, help_text=_("letters, digits, - and _; never personal data"))
    name = serializers.CharField(max_length=100)
    device_type = _pk(DeviceType)
    unit = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=_("id of the building or grid"))
    location = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    lat = serializers.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90), required=False, allow_null=True, default=None)
    lng = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180), required=False, allow_null=True, default=None
    )
    vendor = _pk(Vendor, required=False, allow_null=True, default=None)
    maintainer = _pk(Maintainer, required=False, allow_null=True, default=None)
    serial = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    installed_on = serializers.DateField(required=False, allow_null=True, default=None)
    is_active = serializers.BooleanField(required=False, default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.partial:
            self.fields.pop("code")
            for f in self.fields.values():
                f.default = serializers.empty

    def validate(self, data):
        if not self.partial and (data.get("lat") is None) != (data.get("lng") is None):
            raise serializers.ValidationError({"lng": _("Give both latitude and longitude, or neither.")})
        return data


class DeviceCreatedSerializer(DeviceSerializer):
    """The registered device, with its credential: shown this once."""

    token = serializers.CharField(read_only=True, help_text=_("the device's credential; shown only in this answer"))

    class Meta(DeviceSerializer.Meta):
        fields = [*DeviceSerializer.Meta.fields, "token"]
        read_only_fields = fields


class CredentialSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("the device's new credential; the old one stops working; shown only in this answer"))


class TelemetryQuerySerializer(serializers.Serializer):
    key = serializers.CharField(max_length=32, help_text=_("a measurement key of the device's type"))
    start = serializers.DateTimeField(required=False, help_text=_("default: 24 hours before end"))
    end = serializers.DateTimeField(required=False, help_text=_("default: now"))

    def validate(self, data):
        for name in ("start", "end"):
            if name in data and not EARLIEST <= data[name] <= LATEST:
                raise serializers.ValidationError({name: _("Give a time between 2000 and 2100.")})
        end = data.get("end") or timezone.now()
        start = data.get("start") or end - datetime.timedelta(hours=24)
        if start >= end:
            raise serializers.ValidationError({"start": _("The start must be before the end.")})
        if end - start > MAX_SPAN:
            raise serializers.ValidationError({"start": _("At most 400 days at a time.")})
        key = data["key"]
        if key not in self.context["device"].device_type.measurement_keys():
            raise serializers.ValidationError({"key": _("This device type has no measurement “%(key)s”.") % {"key": key}})
        return {"key": key, "start": start, "end": end}


class PointSerializer(serializers.Serializer):
    ts = serializers.DateTimeField()
    value = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()


class TelemetrySeriesSerializer(serializers.Serializer):
    key = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    source = serializers.CharField(help_text=_('"raw": every reading; "hourly": the hour\'s average (value), minimum (low) and maximum (high)'))
    points = PointSerializer(many=True)


class EventSerializer(serializers.ModelSerializer):
    snapshot_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "ts", "kind", "code", "data", "snapshot_url", "received_at"]
        read_only_fields = fields

    def get_snapshot_url(self, obj) -> str | None:
        from django.urls import reverse

        return reverse("smart:event-snapshot", args=[obj.pk]) if obj.snapshot else None


class EventPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EventSerializer(many=True)


class AlarmSerializer(serializers.ModelSerializer):
    device_code = serializers.CharField(source="device.code", read_only=True)
    device_name = serializers.CharField(source="device.name", read_only=True)
    severity_display = serializers.CharField(source="get_severity_display", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True)

    class Meta:
        model = Alarm
        fields = [
            "id", "device", "device_code", "device_name", "rule", "alarm_type", "severity", "severity_display", "details",
            "active", "acknowledged", "started_at", "last_at", "count", "cleared_at", "acknowledged_at", "case", "case_number",
        ]  # fmt: skip
        read_only_fields = fields


class AlarmConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
