"""Forms of the places, rooms, menu, booking and occupancy pages: clear errors in the user's language."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import IdField
from core.forms import preselect_only_choice
from core.validators import validate_credit_code
from doorstep.models import Access, Operator, PlaceKind, RoomKind, ServiceGroup
from doorstep.slots import periods_parse, periods_text

WEEKDAY_LABELS = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
HOURS_HELP = _("Periods as 08:30-12:00, 13:30-17:00; empty: closed.")


class HoursMixin:
    """Seven text fields hours_0 .. hours_6 (Monday .. Sunday) ↔ the opening-hours dict."""

    def add_hours_fields(self, hours: dict | None, help_text=HOURS_HELP):
        for d in range(7):
            self.fields[f"hours_{d}"] = forms.CharField(label=WEEKDAY_LABELS[d], required=False, max_length=200, help_text=help_text if d == 0 else "")
            if not self.is_bound and hours is not None:
                self.initial[f"hours_{d}"] = periods_text(hours.get(str(d), []))

    def clean_hours(self) -> dict:
        out = {}
        for d in range(7):
            name = f"hours_{d}"
            if name in self.errors:
                continue
            try:
                periods = periods_parse(self.cleaned_data.get(name, ""))
            except ValidationError as e:
                self.add_error(name, e)
                continue
            if periods:
                out[str(d)] = periods
        return out


def _equipment_list(text: str) -> list[str]:
    return [p.strip() for p in (text or "").replace("，", ",").replace("、", ",").split(",") if p.strip()]


class PlaceCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=PlaceKind.choices)
    unit = forms.ModelChoiceField(label=_("unit"), queryset=None)
    name = forms.CharField(label=_("name"), max_length=100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        preselect_only_choice(self, "unit")


class PlaceForm(HoursMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    lat = forms.DecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180)
    area_m2 = forms.IntegerField(label=_("floor area (m²)"), required=False, min_value=0)
    floors = forms.IntegerField(label=_("floors"), min_value=1, max_value=99, initial=1)
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    operator = forms.ModelChoiceField(label=_("operator"), queryset=Operator.objects.all(), required=False)
    duties = forms.CharField(label=_("duties and services (general)"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    personalised = forms.CharField(label=_("personalised services"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_hours_fields(hours)

    def clean(self):
        data = super().clean()
        data["opening_hours"] = self.clean_hours()
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {k: d[k] for k in ("name", "address", "lat", "lng", "area_m2", "floors", "phone", "operator", "duties", "personalised", "opening_hours")}


class RoomForm(HoursMixin, forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=RoomKind.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    floor = forms.IntegerField(label=_("floor"), initial=1, min_value=-5, max_value=99)
    capacity = forms.IntegerField(label=_("capacity (people)"), min_value=1, max_value=10000)
    area_m2 = forms.IntegerField(label=_("area (m²)"), required=False, min_value=0)
    equipment = forms.CharField(label=_("equipment"), required=False, max_length=500, help_text=_("Separate items with commas."))
    operator = forms.ModelChoiceField(label=_("operator"), queryset=Operator.objects.all(), required=False)
    bookable = forms.BooleanField(label=_("can be booked"), required=False, initial=True)
    slot_minutes = forms.TypedChoiceField(label=_("booking slot (minutes)"), coerce=int, choices=[(m, m) for m in (30, 45, 60, 90, 120, 180, 240)], initial=60)
    rules = forms.CharField(label=_("rules of use"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_active = forms.BooleanField(label=_("in use"), required=False, initial=True)

    def __init__(self, *args, hours=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_hours_fields(hours, help_text=_("Periods as 08:30-12:00, 13:30-17:00; all days empty: the place's hours."))

    def clean(self):
        data = super().clean()
        data["opening_hours"] = self.clean_hours()
        data["equipment"] = _equipment_list(data.get("equipment", ""))
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        return {
            k: d[k]
            for k in (
                "kind",
                "name",
                "floor",
                "capacity",
                "area_m2",
                "equipment",
                "operator",
                "bookable",
                "slot_minutes",
                "rules",
                "is_active",
                "opening_hours",
            )
        }


class ServiceForm(forms.Form):
    group = forms.ChoiceField(label=_("group"), choices=ServiceGroup.choices)
    name = forms.CharField(label=_("name"), max_length=100)
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    room = forms.ModelChoiceField(label=_("room"), queryset=None, required=False)
    provider = forms.ModelChoiceField(label=_("provider"), queryset=Operator.objects.all(), required=False)
    provider_name = forms.CharField(label=_("provider (other)"), max_length=100, required=False)
    schedule = forms.CharField(label=_("schedule"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("places per session"), min_value=1, max_value=10000, initial=20)
    access = forms.ChoiceField(label=_("how to get it"), choices=Access.choices, initial=Access.BOOK)
    fee = forms.CharField(label=_("fee"), max_length=50, required=False)
    min_age = forms.IntegerField(label=_("minimum age"), required=False, min_value=0, max_value=120)
    max_age = forms.IntegerField(label=_("maximum age"), required=False, min_value=0, max_value=120)
    residents_of_unit = forms.BooleanField(label=_("only residents living here"), required=False)
    is_active = forms.BooleanField(label=_("offered"), required=False, initial=True)

    def __init__(self, *args, place=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = place.rooms.all() if place is not None else Operator.objects.none()

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_age"), data.get("max_age")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_age", _("The maximum age is below the minimum age."))
        rules = {}
        if lo is not None:
            rules["min_age"] = lo
        if hi is not None:
            rules["max_age"] = hi
        if data.get("residents_of_unit"):
            rules["residents_of_unit"] = True
        data["eligibility"] = rules
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        keys = ("group", "name", "description", "room", "provider", "provider_name", "schedule", "capacity", "access", "fee", "is_active", "eligibility")
        return {k: d[k] for k in keys}

    @staticmethod
    def initial_from(service) -> dict:
        rules = service.eligibility or {}
        keys = ("group", "name", "description", "provider_name", "schedule", "capacity", "access", "fee", "is_active")
        return {
            **{k: getattr(service, k) for k in keys},
            "room": service.room_id,
            "provider": service.provider_id,
            "min_age": rules.get("min_age"),
            "max_age": rules.get("max_age"),
            "residents_of_unit": bool(rules.get("residents_of_unit")),
        }


class OperatorForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    credit_code = forms.CharField(label=_("unified social credit code"), max_length=18, required=False, validators=[validate_credit_code])
    phone = forms.CharField(label=_("office phone"), max_length=20, required=False)
    contract_start = forms.DateField(label=_("contract from"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    contract_end = forms.DateField(label=_("contract to"), required=False, input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    def clean_credit_code(self):
        return (self.cleaned_data.get("credit_code") or "").strip().upper()


class BookForm(forms.Form):
    party_size = forms.IntegerField(label=_("number of people"), min_value=1, max_value=1000, initial=1)
    purpose = forms.CharField(label=_("purpose"), max_length=200, required=False)
    confirm_overlap = forms.BooleanField(required=False, widget=forms.HiddenInput)  # the confirm step after an overlap warning


class OccupancyForm(forms.Form):
    place = IdField(required=False, label=_("Place"))
    start = forms.DateField(required=False, label=_("From"), input_formats=["%Y-%m-%d"], widget=DATE_INPUT)
    end = forms.DateField(required=False, label=_("To"), input_formats=["%Y-%m-%d"], widget=DATE_INPUT)

    MAX_DAYS = 400

    def __init__(self, data=None, **kwargs):
        if data is not None:  # the URL says from/to, like the case dashboard
            data = {"place": data.get("place", ""), "start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today + datetime.timedelta(days=28)
        data["start"] = data.get("start") or data["end"] - datetime.timedelta(days=7 * 12 - 1)
        if not self.errors:
            if data["end"] < data["start"]:
                raise ValidationError(_("The period ends before it starts."))
            if (data["end"] - data["start"]).days >= self.MAX_DAYS:
                raise ValidationError(_("A period is at most %(days)s days.") % {"days": self.MAX_DAYS})
        return data
