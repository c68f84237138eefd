"""The form of a shared space (S2.2): what the library needs and what the booking engine needs (capacity,
equipment, opening hours by weekday, rules, slot length), with clear errors in the user's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import preselect_only_choice
from doorstep.forms.bookings import HoursMixin

SLOT_CHOICES = [(m, m) for m in (30, 45, 60, 90, 120, 180, 240)]


def equipment_list(text: str) -> list[str]:
    """ "投影仪，音响、白板" → ["投影仪", "音响", "白板"]."""
    for sep in ("，", "、", ";", "；", "\n"):
        text = (text or "").replace(sep, ",")
    return [p.strip() for p in (text or "").split(",") if p.strip()]


class SpaceForm(HoursMixin, forms.Form):
    name = forms.CharField(label=_("name"), max_length=100)
    unit = forms.ModelChoiceField(label=_("residential district"), queryset=None, help_text=_("Where the space is."))
    organisation = forms.ModelChoiceField(
        label=_("offered by"), queryset=None, required=False, empty_label=_("The residential district itself"), help_text=_("A co-building unit, or none.")
    )
    types = forms.ModelMultipleChoiceField(label=_("types"), queryset=None, widget=forms.CheckboxSelectMultiple)
    capacity = forms.IntegerField(label=_("capacity (people)"), min_value=1, max_value=10000)
    area_m2 = forms.IntegerField(label=_("area (m²)"), required=False, min_value=0, max_value=1000000)
    equipment = forms.CharField(label=_("equipment"), required=False, max_length=500, help_text=_("Separate items with commas."))
    rules = forms.CharField(label=_("rules of use"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    slot_minutes = forms.TypedChoiceField(label=_("booking slot (minutes)"), coerce=int, choices=SLOT_CHOICES, initial=60)
    bookable = forms.BooleanField(label=_("residents can book it"), required=False, initial=True)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    lat = forms.DecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180)
    fee = forms.DecimalField(label=_("fee per use (yuan)"), max_digits=10, decimal_places=2, min_value=0, initial=0)
    uses_per_period = forms.IntegerField(
        label=_("uses offered per period"), min_value=1, max_value=1000, initial=8, help_text=_("For matching: how many needs it can host in a period.")
    )
    description = forms.CharField(label=_("introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    is_active = forms.BooleanField(label=_("offered"), required=False, initial=True)

    ROOM_KEYS = ("name", "capacity", "area_m2", "equipment", "rules", "slot_minutes", "bookable", "opening_hours")
    SPACE_KEYS = ("organisation", "types", "address", "lat", "lng", "fee", "uses_per_period", "description")

    def __init__(self, *args, units=None, organisations=None, types=None, hours=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units
            preselect_only_choice(self, "unit")
            del self.fields["is_active"]
        self.fields["organisation"].queryset = organisations
        self.fields["types"].queryset = types
        self.add_hours_fields(hours, help_text=_("Periods as 08:30-12:00, 13:30-17:00; empty: closed that day."))

    def clean(self):
        data = super().clean()
        data["opening_hours"] = self.clean_hours()
        data["equipment"] = equipment_list(data.get("equipment", ""))
        data["fee"] = data.get("fee") or 0
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in self.ROOM_KEYS + self.SPACE_KEYS}
        if self.editing:
            out["is_active"] = d["is_active"]
        else:
            out["unit"] = d["unit"]
        return out

    @staticmethod
    def initial_from(space) -> dict:
        room = space.room
        return {
            "name": room.name, "organisation": space.organisation_id, "types": list(space.types.all()), "capacity": room.capacity,
            "area_m2": room.area_m2, "equipment": ", ".join(room.equipment or []), "rules": room.rules, "slot_minutes": room.slot_minutes,
            "bookable": room.bookable, "address": space.address, "lat": space.lat, "lng": space.lng, "fee": space.fee,
            "uses_per_period": space.uses_per_period, "description": space.description, "is_active": space.is_active,
        }  # fmt: skip
