"""FilterSets: the lists' filters, shared by the pages and the API."""
import django_filters
from django.utils.translation import gettext_lazy

from accounts.models import RoleAssignment
from accounts.roles import ROLE_CHOICES
from core.filters import IdFilter
from core.filtersets import FilterSet


class RoleAssignmentFilterSet(FilterSet):
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES)
    user = IdFilter(field_name="user_id")
    unit = IdFilter(field_name="unit_id")

    class Meta:
        model = RoleAssignment
        fields = ["role", "user", "unit"]


class AssignmentFilterSet(FilterSet):
    role = django_filters.ChoiceFilter(choices=ROLE_CHOICES, label=gettext_lazy("role"))
    username = django_filters.CharFilter(field_name="user__username", lookup_expr="startswith", label=gettext_lazy("user name"))

    class Meta:
        model = RoleAssignment
        fields = ["role", "username"]
