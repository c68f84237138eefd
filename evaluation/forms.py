"""The evaluation's page input: opening a period, a rating, and the choice of a period on the result pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGE_EVALUATION
from accounts.scope import scope_paths
from core.forms import preselect_only_choice
from evaluation.models import Plan
from org.models import Unit, UnitKind


class PeriodForm(forms.Form):
    plan = forms.ModelChoiceField(Plan.objects.filter(is_active=True), label=_("Plan"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Evaluated unit"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)], coerce=int)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        paths = scope_paths(user, MANAGE_EVALUATION) or []
        units = Unit.objects.filter(kind__in=(UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT))
        self.fields["unit"].queryset = units.filter(path__in=paths) if paths else units.none()
        today = timezone.localdate()
        self.fields["year"].initial, self.fields["quarter"].initial = today.year, (today.month - 1) // 3 + 1
        preselect_only_choice(self, "unit")


class RatingForm(forms.Form):
    score = forms.DecimalField(label=_("Rating"), max_digits=5, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), max_length=300, required=False)
