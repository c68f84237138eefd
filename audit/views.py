from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django_filters.views import FilterView

from accounts.roles import VIEW_AUDIT
from audit.filtersets import AuditLogFilterSet
from audit.models import AuditLog


class AuditLogView(LoginRequiredMixin, FilterView):
    """The auditor's page: every write, sign-in and full view of personal data, filtered."""

    model = AuditLog
    filterset_class = AuditLogFilterSet
    template_name = "audit/auditlog_list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(VIEW_AUDIT):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditLog.objects.all()
