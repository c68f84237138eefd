"""One FilterSet for the staff's survey list page and the API list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from surveys.forms import PURPOSES
from surveys.models import Survey, SurveyState


class SurveyFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Search"))
    state = django_filters.ChoiceFilter(choices=SurveyState.choices, label=_("state"))
    purpose = django_filters.ChoiceFilter(choices=[p for p in PURPOSES if p[0]], label=_("purpose"))
    under = UnderUnitFilter()

    page_fields = ["q", "state", "purpose"]

    class Meta:
        model = Survey
        fields = ["q", "state", "purpose", "under"]
