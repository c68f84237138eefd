from rest_framework import serializers, viewsets

from accounts.roles import VIEW_AUDIT
from audit.filtersets import AuditLogFilterSet
from audit.models import AuditLog
from core.converters import IdConverter


class AuditLogSerializer(serializers.ModelSerializer):
    """Personal data is shown as markers (audit.personal)."""

    object_repr = serializers.CharField(source="shown_repr", read_only=True)
    changes = serializers.JSONField(source="shown_changes", read_only=True)

    class Meta:
        model = AuditLog
        fields = ["id", "at", "username", "action", "object_type", "object_id", "object_repr", "changes", "ip", "path", "success"]


class AuditLogViewSet(viewsets.ReadOnlyModelViewSet):
    """审计日志: read-only, for auditors."""

    serializer_class = AuditLogSerializer
    lookup_value_regex = IdConverter.regex
    filterset_class = AuditLogFilterSet

    def get_queryset(self):
        if not self.request.user.has_perm(VIEW_AUDIT):
            return AuditLog.objects.none()
        return AuditLog.objects.all()
