import django_filters
from django.utils.translation import gettext_lazy as _

from audit.models import AuditAction, AuditLog
from core.filtersets import FilterSet


class AuditLogFilterSet(FilterSet):
    username = django_filters.CharFilter(lookup_expr="exact", label=_("user name"))
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("action"))
    object_type = django_filters.CharFilter(label=_("object type"))
    object_id = django_filters.CharFilter(label=_("object id"))
    success = django_filters.BooleanFilter(label=_("success"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("from"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("to"))

    class Meta:
        model = AuditLog
        fields = ["username", "action", "object_type", "object_id", "success", "since", "until"]
