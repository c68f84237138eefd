"""FilterSets: the lists' filters, shared by the pages and the API."""
import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESOURCE
from core.filters import IdFilter
from core.filtersets import FilterSet
from org.models import Unit
from resources.forms.rounds import ROUND_UNIT_KINDS, units_in_scope
from resources.models import MatchRound


class MatchRoundFilterSet(FilterSet):
    unit = IdFilter(field_name="unit_id", label=_("For"))
    applied = django_filters.BooleanFilter(field_name="applied_at", lookup_expr="isnull", exclude=True, label=_("Applied"))

    class Meta:
        model = MatchRound
        fields = ["unit", "applied"]


class RoundFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="contains", label=_("Name"))
    unit = django_filters.ModelChoiceFilter(field_name="unit", queryset=Unit.objects.filter(kind__in=ROUND_UNIT_KINDS).order_by("path"), label=_("For"))
    applied = django_filters.ChoiceFilter(
        method="by_applied", label=_("Applied"), choices=[("yes", _("Applied")), ("no", _("Not applied"))], empty_label=_("All")
    )

    page_fields = ["q", "unit", "applied"]

    class Meta:
        model = MatchRound
        fields = ["q", "unit", "applied"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["unit"].queryset = units_in_scope(user, VIEW_RESOURCE)

    def by_applied(self, qs, name, value):
        return qs.filter(applied_at__isnull=value != "yes") if value in ("yes", "no") else qs
