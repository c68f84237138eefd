"""Forms for batch rounds: the list's filters, and running a round for a unit the user may match in."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MATCH_RESOURCE
from accounts.scope import scope_paths
from org.models import Unit, UnitKind
from resources.models import ResourceKind

ROUND_UNIT_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT)


def round_units(user):
    """The units a round may be run for: the 居民区 (and areas, the subdistrict) where the user matches."""
    return units_in_scope(user, MATCH_RESOURCE)


def units_in_scope(user, perm):
    paths = scope_paths(user, perm) or []
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind__in=ROUND_UNIT_KINDS).order_by("path") if paths else Unit.objects.none()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    unit = UnitChoiceField(label=_("Needs of"), queryset=Unit.objects.none(), empty_label=None, help_text=_("Open needs in this unit are matched."))
    kinds = forms.MultipleChoiceField(
        label=_("Resources"),
        choices=ResourceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all three libraries."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = round_units(user)
        self.fields["unit"].queryset = units
        if not self.is_bound:
            self.fields["name"].initial = _("Round of %(date)s") % {"date": timezone.localdate().isoformat()}
            first = units.filter(kind=UnitKind.DISTRICT).first() or units.first()
            self.fields["unit"].initial = first.pk if first else None


