"""/api/alarm-rules/ and /api/alarm-rules/<id>/: the alarm rules (plain paths in config/api.py: rules
belong to device types, not to units, so they are not in the scoped router).

Holders of smart.view_device (anywhere) read; holders of smart.change_device write; anyone else 403.
Writes are checked by `smart.conditions.validate_rule`, like the rules editor: 400 with the messages,
nothing changed."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError

from accounts.roles import CHANGE_DEVICE, VIEW_DEVICE
from accounts.scope import has_perm_anywhere
from smart.conditions import KINDS, MATCHES, OPS, SEVERITY_NAMES, SOURCES
from smart.models import AlarmRule, DeviceType
from smart.services.rules import rule_create, rule_update

WRITABLE = (
    "name", "create_conditions", "clear_condition", "schedule", "details", "opens_case", "case_min_severity", "case_category_code",
    "case_priority", "notify_maintainer", "is_active",
)  # fmt: skip


class AlarmPredicateSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=32, help_text="A measurement key (telemetry) or an event code (event) of the device type.")
    source = serializers.ChoiceField(choices=SOURCES, default="telemetry")
    op = serializers.ChoiceField(choices=list(OPS), required=False, help_text="Telemetry only.")
    value = serializers.FloatField(required=False, help_text="Telemetry only.")


class AlarmConditionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS, default="simple")
    match = serializers.ChoiceField(choices=MATCHES, default="all", help_text="all: every predicate holds; any: one does.")
    predicates = AlarmPredicateSerializer(many=True, default=list)
    seconds = serializers.IntegerField(required=False, help_text="duration: held this long; repeating: the window.")
    count = serializers.IntegerField(required=False, help_text="repeating: this many times within the window.")


class AlarmScheduleSerializer(serializers.Serializer):
    days = serializers.ListField(child=serializers.IntegerField(min_value=0, max_value=6), help_text="0 Monday … 6 Sunday.")
    start = serializers.CharField(max_length=8, default="00:00", help_text="HH:MM local time.")
    end = serializers.CharField(max_length=8, default="00:00", help_text="HH:MM; before start spans midnight; equal to start: the whole day.")


class AlarmRuleSerializer(serializers.ModelSerializer):
    device_type = serializers.SlugRelatedField(slug_field="code", queryset=DeviceType.objects.all())
    create_conditions = serializers.DictField(
        child=AlarmConditionSerializer(), help_text="Severity name (CRITICAL, MAJOR, MINOR, WARNING, INDETERMINATE) → condition."
    )
    clear_condition = AlarmConditionSerializer(allow_null=True, required=False, default=None)
    schedule = AlarmScheduleSerializer(allow_null=True, required=False, default=None)

    class Meta:
        model = AlarmRule
        fields = [
            "id", "device_type", "alarm_type", "name", "create_conditions", "clear_condition", "schedule", "details", "opens_case",
            "case_min_severity", "case_category_code", "case_priority", "notify_maintainer", "is_active", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["id", "created_at", "updated_at"]
        validators = []  # (device type, alarm type) is checked by validate_rule, with its own message

    def validate(self, attrs):
        from smart.conditions import validate_rule

        rule = self.instance
        if rule is not None:
            if "device_type" in attrs and attrs["device_type"] != rule.device_type:
                raise DRFValidationError({"device_type": [_("The device type of a rule does not change; make a new rule for another.")]})
            if "alarm_type" in attrs and attrs["alarm_type"] != rule.alarm_type:
                raise DRFValidationError({"alarm_type": [_("The alarm type of a rule does not change; make a new rule for another.")]})
        merged = {f: getattr(rule, f) for f in ("device_type", "alarm_type", *WRITABLE)} if rule is not None else {}
        merged.update(attrs)
        for key in ("create_conditions", "clear_condition", "schedule"):
            if key in merged and merged[key] is not None:
                merged[key] = _plain(merged[key])
        try:
            checked = validate_rule(
                device_type=merged["device_type"],
                alarm_type=merged.get("alarm_type", ""),
                create_conditions=merged.get("create_conditions"),
                clear_condition=merged.get("clear_condition"),
                schedule=merged.get("schedule"),
                details=merged.get("details", ""),
                opens_case=merged.get("opens_case", False),
                case_category_code=merged.get("case_category_code", ""),
                case_priority=merged.get("case_priority", 3),
                case_min_severity=merged.get("case_min_severity", SEVERITY_NAMES["MAJOR"]),
                rule_id=rule.pk if rule is not None else None,
            )
        except DjangoValidationError as e:
            raise DRFValidationError(e.message_dict) from e
        attrs.update({k: v for k, v in checked.items() if k in attrs or rule is None})
        return attrs


def _plain(value):
    """Nested serializer output (OrderedDicts, floats for whole numbers) as plain JSON values."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class RulePermissionMixin:
    def check_permissions(self, request):
        super().check_permissions(request)
        perm = VIEW_DEVICE if request.method in ("GET", "HEAD", "OPTIONS") else CHANGE_DEVICE
        if not has_perm_anywhere(request.user, perm):
            raise PermissionDenied()

    def service(self, fn, **kwargs):
        try:
            return fn(**kwargs)
        except DjangoValidationError as e:
            raise DRFValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages}) from e


@extend_schema_view(
    get=extend_schema(summary="The alarm rules of every device type"),
    post=extend_schema(summary="Make an alarm rule (smart.change_device)"),
)
class AlarmRuleListView(RulePermissionMixin, generics.ListCreateAPIView):
    """Alarm rules: what raises an alarm for a device type, its severity, when it clears, which alarms open a case.
    Filter with ?device_type=<code>."""

    serializer_class = AlarmRuleSerializer

    def get_queryset(self):
        qs = AlarmRule.objects.select_related("device_type").order_by("device_type__code", "alarm_type")
        code = self.request.query_params.get("device_type")
        return qs.filter(device_type__code=code) if code else qs

    def perform_create(self, serializer):
        d = dict(serializer.validated_data)
        serializer.instance = self.service(rule_create, by=self.request.user, **d)


@extend_schema_view(
    get=extend_schema(summary="One alarm rule"),
    put=extend_schema(summary="Replace an alarm rule's conditions and options (smart.change_device)"),
    patch=extend_schema(summary="Change some of an alarm rule's fields (smart.change_device)"),
)
class AlarmRuleDetailView(RulePermissionMixin, generics.RetrieveUpdateAPIView):
    serializer_class = AlarmRuleSerializer
    queryset = AlarmRule.objects.select_related("device_type")

    def perform_update(self, serializer):
        d = {k: v for k, v in serializer.validated_data.items() if k in WRITABLE}
        serializer.instance = self.service(rule_update, rule=serializer.instance, by=self.request.user, **d)
