"""Forms of organisations (共建单位, 公益慈善企业, social organisations) and of their 公益服务项目清单."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import preselect_only_choice
from core.validators import validate_credit_code
from doorstep.forms.bookings import DATE_INPUT, HoursMixin
from resources.models import OrganisationKind
from resources.services.orgs import normalize_credit_code


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    credit_code = forms.CharField(
        label=_("unified social credit code"), max_length=30, required=False, help_text=_("18 characters, as on the business licence; may be left empty.")
    )
    unit = forms.ModelChoiceField(label=_("attached to"), queryset=None, help_text=_("The residential district it works with, or the subdistrict."))
    districts = forms.ModelMultipleChoiceField(
        label=_("residential districts served"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: all.")
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    lat = forms.DecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180)
    contact_name = forms.CharField(label=_("contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("contact phone"), max_length=20, required=False)
    description = forms.CharField(label=_("introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    KEYS = ("kind", "name", "credit_code", "unit", "districts", "address", "lat", "lng", "contact_name", "contact_phone", "description", "is_active")

    def __init__(self, *args, units=None, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        preselect_only_choice(self, "unit")
        self.fields["districts"].queryset = districts

    def clean_credit_code(self):
        code = normalize_credit_code(self.cleaned_data.get("credit_code"))
        if code:
            validate_credit_code(code)
        return code

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.KEYS}

    @staticmethod
    def initial_from(org) -> dict:
        keys = ("kind", "name", "credit_code", "address", "lat", "lng", "contact_name", "contact_phone", "description", "is_active")
        return {**{k: getattr(org, k) for k in keys}, "unit": org.unit_id, "districts": list(org.districts.all())}


class ProjectForm(HoursMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    types = forms.ModelMultipleChoiceField(label=_("fields"), queryset=None, widget=forms.CheckboxSelectMultiple)
    content = forms.CharField(label=_("content"), widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text=_("What is done, by whom, how."))
    capacity = forms.IntegerField(label=_("people per delivery"), min_value=1, max_value=100000, initial=30)
    deliveries = forms.IntegerField(label=_("deliveries per period"), min_value=1, max_value=1000, initial=4)
    budget = forms.DecimalField(label=_("budget (yuan)"), max_digits=12, decimal_places=2, min_value=0, initial=0)
    cost_to_requester = forms.DecimalField(label=_("cost to the requester (yuan)"), max_digits=10, decimal_places=2, min_value=0, initial=0)
    starts_on = forms.DateField(label=_("from"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("to"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    districts = forms.ModelMultipleChoiceField(
        label=_("areas served"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple, help_text=_("None: those the organisation serves.")
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    KEYS = (
        "name",
        "types",
        "content",
        "capacity",
        "deliveries",
        "budget",
        "cost_to_requester",
        "starts_on",
        "ends_on",
        "districts",
        "is_active",
        "availability",
    )

    def __init__(self, *args, types=None, districts=None, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].queryset = types
        self.fields["districts"].queryset = districts
        self.add_hours_fields(hours, help_text=_("When it can be delivered, as 14:00-17:00; all days empty: any time."))

    def clean(self):
        data = super().clean()
        data["availability"] = self.clean_hours()
        a, b = data.get("starts_on"), data.get("ends_on")
        if a and b and b < a:
            self.add_error("ends_on", ValidationError(_("The project cannot end before it starts.")))
        for k in ("budget", "cost_to_requester"):
            data[k] = data.get(k) or 0
        return data

    def values(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.KEYS}

    @staticmethod
    def initial_from(p) -> dict:
        keys = ("name", "content", "capacity", "deliveries", "budget", "cost_to_requester", "starts_on", "ends_on", "is_active")
        return {**{k: getattr(p, k) for k in keys}, "types": list(p.types.all()), "districts": list(p.districts.all())}
