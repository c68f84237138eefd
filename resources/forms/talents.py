"""Forms of the talent pages: staff entry (skills as rows, availability as day checkboxes with times),
a resident's own application (large choices, plain words), review steps, and resource types."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESIDENT
from core.fields import MobileField
from core.filters import IdField
from core.forms import preselect_only_choice
from doorstep.slots import periods_checked
from org.models import Unit
from people.models import Resident
from resources.models import ResourceKind, SkillLevel
from resources.selectors.talents import WEEKDAYS, all_districts, homes_for, talent_types

TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})
PARTS_OF_DAY = {  # the application's plain choices → periods
    "morning": ("09:00", "11:30"),
    "afternoon": ("14:00", "17:00"),
    "evening": ("19:00", "21:00"),
}
PART_LABELS = [("morning", _("Mornings (9:00–11:30)")), ("afternoon", _("Afternoons (14:00–17:00)")), ("evening", _("Evenings (19:00–21:00)"))]


def _hhmm(t) -> str:
    return t.strftime("%H:%M")


class AvailabilityMixin:
    """Per weekday: a checkbox and up to two periods (time inputs) ↔ {"0": [["14:00", "17:00"]], ...}."""

    def add_availability_fields(self, availability: dict | None):
        for d in range(7):
            self.fields[f"day_{d}"] = forms.BooleanField(label=WEEKDAYS[d], required=False)
            for name, label in ((f"from_{d}", _("from")), (f"to_{d}", _("to")), (f"from2_{d}", _("and from")), (f"to2_{d}", _("to"))):
                self.fields[name] = forms.TimeField(label=label, required=False, widget=TIME, input_formats=["%H:%M", "%H:%M:%S"])
            if not self.is_bound and availability:
                periods = availability.get(str(d)) or []
                self.initial[f"day_{d}"] = bool(periods)
                if periods:
                    self.initial[f"from_{d}"], self.initial[f"to_{d}"] = periods[0]
                if len(periods) > 1:
                    self.initial[f"from2_{d}"], self.initial[f"to2_{d}"] = periods[1]

    def availability_rows(self):
        return [
            {
                "label": WEEKDAYS[d],
                "day": self[f"day_{d}"],
                "from": self[f"from_{d}"],
                "to": self[f"to_{d}"],
                "from2": self[f"from2_{d}"],
                "to2": self[f"to2_{d}"],
            }
            for d in range(7)
        ]

    def clean_availability(self) -> dict:
        out = {}
        for d in range(7):
            if not self.cleaned_data.get(f"day_{d}"):
                continue
            periods = []
            for a, b in ((f"from_{d}", f"to_{d}"), (f"from2_{d}", f"to2_{d}")):
                start, end = self.cleaned_data.get(a), self.cleaned_data.get(b)
                if start is None and end is None:
                    continue
                if start is None or end is None:
                    self.add_error(a if start is None else b, _("Give both times for %(day)s.") % {"day": WEEKDAYS[d]})
                    continue
                periods.append([_hhmm(start), _hhmm(end)])
            if not periods and f"from_{d}" not in self.errors and f"to_{d}" not in self.errors:
                self.add_error(f"from_{d}", _("Give the times for %(day)s, or untick it.") % {"day": WEEKDAYS[d]})
                continue
            try:
                out[str(d)] = periods_checked(periods)
            except ValidationError as e:
                self.add_error(f"from_{d}", e)
        return out


class TalentForm(AvailabilityMixin, forms.Form):
    resident = IdField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("full name"), max_length=50, required=False, help_text=_("Not needed when a resident is chosen: the name is theirs."))
    phone = MobileField(label=_("mobile"), required=False, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}))
    unit = forms.ModelChoiceField(
        label=_("lives in"),
        queryset=None,
        required=False,
        help_text=_("A residential district, or a grid or building in one. Not needed when a resident is chosen."),
    )
    lat = forms.DecimalField(label=_("latitude"), max_digits=9, decimal_places=6, required=False, min_value=-90, max_value=90)
    lng = forms.DecimalField(label=_("longitude"), max_digits=9, decimal_places=6, required=False, min_value=-180, max_value=180)
    bio = forms.CharField(label=_("about the talent"), widget=forms.Textarea(attrs={"rows": 3, "cols": 20}), required=False, max_length=2000)
    reach_m = forms.IntegerField(label=_("will go up to (metres)"), min_value=0, max_value=50_000, initial=3000)
    group_size = forms.IntegerField(label=_("people at once"), min_value=1, max_value=10_000, initial=20)
    sessions_per_period = forms.IntegerField(label=_("services per period"), min_value=1, max_value=100, initial=2)
    public_consent = forms.BooleanField(
        label=_("agrees to be listed publicly"), required=False, help_text=_("Surname, skills and residential district only; never the phone or the address.")
    )

    def __init__(self, *args, user=None, availability=None, editing=False, current_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        homes = homes_for(user)
        self.fields["unit"].queryset = (homes | Unit.objects.filter(pk=current_unit.pk)) if current_unit is not None else homes  # e.g. a house
        preselect_only_choice(self, "unit")
        if editing:
            self.fields["phone"].help_text = _("Empty: keep the number on record.")
        self.add_availability_fields(availability)

    def clean_resident(self):
        pk = self.cleaned_data.get("resident")
        if not pk:
            return None
        resident = Resident.objects.for_user(self.user, VIEW_RESIDENT).select_related("house").filter(pk=pk).first()
        if resident is None:
            raise ValidationError(_("No such resident where you look after."))
        return resident

    def clean(self):
        data = super().clean()
        data["availability"] = self.clean_availability()
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("resident", "lat", "lng", "bio", "reach_m", "group_size", "sessions_per_period", "public_consent", "availability")}
        if d.get("resident") is None:
            out.update(name=d["name"], unit=d["unit"])
        if d.get("phone"):
            out["phone"] = d["phone"]
        return out


class SkillForm(forms.Form):
    type = forms.ModelChoiceField(label=_("skill"), queryset=None, required=False, empty_label=_("— none —"))
    level = forms.TypedChoiceField(label=_("level"), choices=SkillLevel.choices, coerce=int, initial=SkillLevel.SKILLED)
    note = forms.CharField(label=_("note"), max_length=200, required=False, help_text=_("Certificates, awards, works."))

    def __init__(self, *args, keep_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        qs = talent_types(include_inactive=True)
        self.fields["type"].queryset = qs.filter(is_active=True) | qs.filter(pk__in=list(keep_ids))


class BaseSkillFormSet(forms.BaseFormSet):
    def skills(self) -> list[tuple]:
        return [(f.cleaned_data["type"], f.cleaned_data["level"], f.cleaned_data.get("note", "")) for f in self.forms if f.cleaned_data.get("type")]


def skill_formset(data=None, talent=None, extra=3):
    """The skills as rows: the talent's own, then `extra` empty rows."""
    initial = [{"type": s.type, "level": s.level, "note": s.note} for s in talent.skills.all()] if talent is not None else []
    keep = [s.type_id for s in talent.skills.all()] if talent is not None else []
    fs = formset_factory(SkillForm, formset=BaseSkillFormSet, extra=extra, max_num=20, validate_max=True)
    return fs(data, initial=initial, prefix="skills", form_kwargs={"keep_ids": keep})


class TalentApplyForm(forms.Form):
    """A resident applies for themselves: big choices, plain words; name and district only without a record of their own."""

    name = forms.CharField(label=_("Your name"), max_length=50)
    phone = MobileField(
        label=_("Your mobile number"),
        help_text=_("The residents' committee calls you about your application. It is never shown to others."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    district = forms.ModelChoiceField(label=_("Your residential district"), queryset=None, empty_label=_("— choose —"))
    skills = forms.ModelMultipleChoiceField(
        label=_("What can you do?"), queryset=None, widget=forms.CheckboxSelectMultiple, error_messages={"required": _("Choose at least one skill.")}
    )
    level = forms.TypedChoiceField(
        label=_("How good are you at it?"), choices=SkillLevel.choices, coerce=int, initial=SkillLevel.SKILLED, widget=forms.RadioSelect
    )
    bio = forms.CharField(
        label=_("Tell us a little more"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: I write calligraphy and taught Chinese for thirty years."),
    )
    days = forms.MultipleChoiceField(label=_("Which days suit you?"), required=False, widget=forms.CheckboxSelectMultiple)
    times = forms.MultipleChoiceField(label=_("What time of day?"), required=False, choices=PART_LABELS, widget=forms.CheckboxSelectMultiple)
    public_consent = forms.BooleanField(
        label=_("Residents may see that I can help"),
        required=False,
        help_text=_("Only your surname, your skills and your residential district are shown — never your phone or your address."),
    )

    def __init__(self, *args, resident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.resident = resident
        self.fields["skills"].queryset = talent_types()
        self.fields["district"].queryset = all_districts()
        self.fields["days"].choices = [(str(d), WEEKDAYS[d]) for d in range(7)]
        if resident is not None:
            del self.fields["name"], self.fields["district"]
            if resident.mobile_enc:
                self.fields["phone"].required = False
                self.fields["phone"].help_text = _("Empty: the number the residents' committee has for you (%(masked)s).") % {"masked": resident.mobile_masked}

    def clean(self):
        data = super().clean()
        days, times = data.get("days") or [], data.get("times") or []
        if days and not times:
            self.add_error("times", _("Choose the time of day as well."))
        elif times and not days:
            self.add_error("days", _("Choose the days as well."))
        data["availability"] = {d: [list(PARTS_OF_DAY[t]) for t in ("morning", "afternoon", "evening") if t in times] for d in sorted(days)}
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        out = {
            "phone": d.get("phone", ""),
            "bio": d.get("bio", ""),
            "skills": [(t, d["level"], "") for t in d["skills"]],
            "availability": d["availability"],
            "public_consent": d.get("public_consent", False),
        }
        if self.resident is None:
            out.update(name=d["name"], unit=d["district"])
        return out


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=200, help_text=_("The applicant is told."))


class ResourceTypeCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=ResourceKind.choices)
    name = forms.CharField(label=_("name"), max_length=40)
    name_en = forms.CharField(label=_("English name"), max_length=60, required=False)
    code = forms.SlugField(label=_("code"), max_length=40, help_text=_("Letters, digits, hyphens or underscores; it never changes (e.g. tea_art)."))
    group = forms.SlugField(
        label=_("group"), max_length=40, help_text=_("Types in one group fit a need partly (e.g. arts, life, learning, health, care, law).")
    )
    sort = forms.IntegerField(label=_("order"), min_value=0, max_value=32767, initial=100)


class ResourceTypeForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=40)
    name_en = forms.CharField(label=_("English name"), max_length=60, required=False)
    group = forms.SlugField(label=_("group"), max_length=40)
    sort = forms.IntegerField(label=_("order"), min_value=0, max_value=32767)
    is_active = forms.BooleanField(label=_("in use"), required=False)
