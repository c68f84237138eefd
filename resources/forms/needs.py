"""Forms of the need pages: entering and editing a need (phone-friendly: types as big tiles grouped by
kind, times per weekday as text), cancelling it, confirming a suggestion, and making needs from a survey."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MATCH_RESOURCE
from core.filters import IdField
from core.forms import preselect_only_choice
from doorstep.forms.bookings import HoursMixin
from resources.models import NeedSource, ResourceType
from resources.selectors.needs import choice_questions_for, districts_for, points_for, types_by_kind
from resources.services.needs import MAX_PEOPLE, MIN_COUNT, MIN_PERCENT, STAFF_SOURCES

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIMES_HELP = _("Periods as 14:00-16:00, 19:00-21:00; leave every day empty for any time.")


class PointChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.unit.name}）"


class NeedForm(HoursMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=100, help_text=_("e.g. 老年书法班, 楼组议事会场地"))
    unit = forms.ModelChoiceField(label=_("Residential district"), queryset=None)
    point = PointChoice(label=_("Neighbourhood point (if it is for one)"), queryset=None, required=False)
    source = forms.ChoiceField(label=_("Who needs it"), choices=[(s.value, s.label) for s in NeedSource if s.value in STAFF_SOURCES])
    requester = forms.CharField(label=_("Requested by"), max_length=100, required=False, help_text=_("e.g. 3号楼老年书法爱好者"))
    types = forms.MultipleChoiceField(label=_("What is needed"), widget=forms.CheckboxSelectMultiple)
    description = forms.CharField(label=_("Description of the need"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    people = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=MAX_PEOPLE, initial=10, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    budget = forms.DecimalField(
        label=_("Budget (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2, help_text=_("Empty: no money; only free resources fit.")
    )
    start_date = forms.DateField(label=_("First day"), widget=DATE, input_formats=["%Y-%m-%d"])
    end_date = forms.DateField(label=_("Last day"), widget=DATE, input_formats=["%Y-%m-%d"])
    place = forms.CharField(label=_("Place"), max_length=200, required=False, help_text=_("Empty: the neighbourhood point's address."))
    lat = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6)
    lng = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        help_text=_("Empty: the neighbourhood point's or the residential district's position."),
    )

    def __init__(self, *args, user, need=None, **kwargs):
        super().__init__(*args, **kwargs)
        districts = districts_for(user, MATCH_RESOURCE)
        self.fields["unit"].queryset = districts
        preselect_only_choice(self, "unit")
        self.fields["point"].queryset = points_for(districts)
        self.groups = types_by_kind()
        self.fields["types"].choices = [(label, [(str(t.pk), t.label) for t in types]) for label, types in self.groups if types]
        self.add_hours_fields(need.time_windows if need else None, help_text=TIMES_HELP)
        if need is not None and not self.is_bound:
            self.initial.update({f: getattr(need, f) for f in ("title", "description", "requester", "people", "budget", "start_date", "end_date", "place")})
            self.initial.update(unit=need.unit_id, point=need.point_id, source=need.source, lat=need.lat, lng=need.lng)
            self.initial["types"] = [str(t.pk) for t in need.types.all()]
        if need is not None and need.source == NeedSource.SURVEY:
            del self.fields["source"]
        if not self.is_bound and need is None:
            today = timezone.localdate()
            self.initial.setdefault("start_date", today)
            self.initial.setdefault("end_date", today + datetime.timedelta(days=30))
            if districts.count() == 1:
                self.initial.setdefault("unit", districts.first().pk)

    def type_groups(self):
        """[(kind label, [checkbox])] for the tiles, in the order of the choices."""
        widgets = list(self["types"].subwidgets)
        out, i = [], 0
        for label, types in self.groups:
            if types:
                out.append((label, widgets[i : i + len(types)]))
                i += len(types)
        return out

    def hours_fields(self):
        return [self[f"hours_{d}"] for d in range(7)]

    def clean(self):
        data = super().clean()
        data["time_windows"] = self.clean_hours()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day must not be before the first."))
        if (data.get("lat") is None) != (data.get("lng") is None):
            self.add_error("lat", _("Give both latitude and longitude, or neither (the point's or the district's position is used)."))
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        ids = [int(i) for i in d["types"]]
        out = {f: d[f] for f in ("title", "description", "unit", "point", "requester", "people", "budget", "start_date", "end_date", "place", "lat", "lng")}
        out["types"] = list(ResourceType.objects.filter(pk__in=ids, is_active=True))
        out["time_windows"] = d["time_windows"]
        if "source" in d:
            out["source"] = d["source"]
        return out


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ProposeForm(forms.Form):
    resource = IdField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class QuestionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.survey.title} — {obj.position}. {obj.text}"


class FromSurveyForm(forms.Form):
    question = QuestionChoice(label=_("Survey question"), queryset=None, help_text=_("A single or multiple choice question of a closed survey."))
    unit = forms.ModelChoiceField(
        label=_("Residential district"), queryset=None, required=False, help_text=_("Needed only when the survey covers more than one.")
    )
    min_percent = forms.IntegerField(label=_("Chosen by at least (%)"), min_value=1, max_value=100, initial=MIN_PERCENT)
    min_count = forms.IntegerField(label=_("and by at least (people)"), min_value=1, max_value=MAX_PEOPLE, initial=MIN_COUNT)
    start_date = forms.DateField(label=_("First day"), widget=DATE, input_formats=["%Y-%m-%d"], required=False)
    end_date = forms.DateField(label=_("Last day"), widget=DATE, input_formats=["%Y-%m-%d"], required=False, help_text=_("Empty: 90 days from the first day."))
    budget = forms.DecimalField(label=_("Budget (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = choice_questions_for(user)
        self.fields["unit"].queryset = districts_for(user, MATCH_RESOURCE)
        preselect_only_choice(self, "unit")
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day must not be before the first."))
        return data
