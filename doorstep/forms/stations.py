"""Forms of the station pages: a duty shift, copying a week, a reception record, opening a case from it,
and the reception log's filters."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import RECEIVE_VISITOR, VIEW_RESIDENT
from cases.forms.staff import active_categories
from cases.models import CaseCategory, Priority
from core.fields import MobileField
from core.filters import IdField
from doorstep.models import CommitteeKind, CommitteeRole, DutyKind, Place, ReceptionLog
from doorstep.services.duty import duty_candidates, local_midnight
from org.models import Unit, UnitKind
from people.filtersets import ResidentFilterSet
from people.models import Resident

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
TIME = forms.TimeInput(format="%H:%M", attrs={"type": "time"})


class ShiftForm(forms.Form):
    """One shift: a person, a day, from and to (an end at or before the start ends the next day)."""

    user = forms.ModelChoiceField(queryset=None, label=_("Person on duty"))
    day = forms.DateField(label=_("Day"), widget=DATE, input_formats=["%Y-%m-%d"])
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME, input_formats=["%H:%M", "%H:%M:%S"])
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME, input_formats=["%H:%M", "%H:%M:%S"])
    kind = forms.ChoiceField(choices=DutyKind.choices, label=_("Kind of duty"), initial=DutyKind.REGULAR)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = duty_candidates(place)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start = local_midnight(data["day"]) + datetime.timedelta(hours=data["start_time"].hour, minutes=data["start_time"].minute)
        end = local_midnight(data["day"]) + datetime.timedelta(hours=data["end_time"].hour, minutes=data["end_time"].minute)
        if end <= start:
            end += datetime.timedelta(days=1)
        data["start"], data["end"] = start, end
        return data


class CopyWeekForm(forms.Form):
    source = forms.DateField(label=_("Copy the week of"), widget=DATE, input_formats=["%Y-%m-%d"])


def reception_places(user):
    return Place.objects.for_user(user, RECEIVE_VISITOR).order_by("kind", "unit_path", "id")


class ReceptionForm(forms.Form):
    place = forms.ModelChoiceField(queryset=None, label=_("Station"))
    resident = IdField(required=False, widget=forms.HiddenInput)
    visitor_name = forms.CharField(label=_("Visitor's name"), max_length=50, required=False, help_text=_("When the visitor is not found among the residents."))
    visitor_phone = MobileField(
        label=_("Visitor's mobile"), required=False, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
    )
    topic = forms.CharField(label=_("About"), max_length=200)
    action_taken = forms.CharField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    follow_up = forms.CharField(label=_("Follow-up"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_due = forms.DateField(label=_("Follow up by"), required=False, widget=DATE, input_formats=["%Y-%m-%d"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["place"].queryset = reception_places(user)

    def clean_resident(self):
        pk = self.cleaned_data.get("resident")
        if not pk:
            return None
        resident = Resident.objects.for_user(self.user, VIEW_RESIDENT).filter(pk=pk).first()
        if resident is None:
            raise forms.ValidationError(_("Choose a resident you look after."))
        return resident

    def clean(self):
        data = super().clean()
        if not data.get("resident") and not (data.get("visitor_name") or "").strip() and "resident" not in self.errors:
            self.add_error("visitor_name", _("Find the resident, or write the visitor's name."))
        due = data.get("follow_up_due")
        if due and due < timezone.localdate():
            self.add_error("follow_up_due", _("The follow-up date cannot be in the past."))
        return data


def find_residents(user, q: str, limit: int = 8):
    """Resident search for the desk: name, pinyin initials, or a full mobile number (people's own search: the
    full number only with `view_pii`, audited; `people.filtersets.exact_search_refused` tells the page why not)."""
    q = (q or "").strip()
    if len(q) < 1:
        return []
    qs = Resident.objects.for_user(user, VIEW_RESIDENT).select_related("house")
    return list(ResidentFilterSet({"q": q}, queryset=qs, user=user).qs.order_by("name", "id")[:limit])


def case_units(place: Place):
    """Where a case from the desk may hang: the place's unit or a grid under it."""
    return Unit.objects.filter(Q(pk=place.unit_id) | Q(kind=UnitKind.GRID, path__startswith=place.unit_path)).order_by("path")


class OpenCaseForm(forms.Form):
    category = forms.ModelChoiceField(queryset=CaseCategory.objects.none(), label=_("Category"))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=_("Empty: what the visit was about.")
    )
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Where"))
    priority = forms.TypedChoiceField(choices=Priority.choices, coerce=int, initial=Priority.NORMAL, label=_("Priority"))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)

    def __init__(self, *args, user, log: ReceptionLog, initial_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.fields["unit"].queryset = case_units(log.place)
        if initial_unit is not None:
            self.fields["unit"].initial = initial_unit.pk


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What was done"), required=False, max_length=500)




class CommitteeMemberForm(forms.Form):
    """A committee seat: the person is an account's user name, a resident's name (unique in the station's
    居民区), or #<resident id> when several residents share the name."""

    kind = forms.ChoiceField(label=_("Committee"), choices=CommitteeKind.choices)
    role = forms.ChoiceField(label=_("Role in the committee"), choices=CommitteeRole.choices, initial=CommitteeRole.MEMBER)
    person = forms.CharField(label=_("Resident or account"), max_length=150, required=False, help_text=_("A resident's name, #resident number, or an account's user name."))
    name = forms.CharField(label=_("Name on the station's wall"), max_length=50, required=False, help_text=_("Empty: the person's name."))
    since = forms.DateField(label=_("Member since"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, place: Place, require_person=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.fields["person"].required = require_person

    def clean_person(self):
        text = self.cleaned_data["person"].strip()
        self.resident, self.user = None, None
        if not text:
            return text
        residents = Resident.objects.filter(unit_path__startswith=self.place.unit_path)
        if text.startswith("#") and text[1:].isdigit():
            resident = residents.filter(pk=int(text[1:])).first()
            if resident is None:
                raise forms.ValidationError(_("No resident of the station's residential district has this number."))
            self.resident = resident
            return text
        user = User.objects.filter(username=text).first()
        if user is not None:
            self.user = user
            return text
        found = list(residents.filter(name=text).only("id", "name", "unit_path")[:2])
        if not found:
            raise forms.ValidationError(_("No account has this user name and no resident of the station's residential district has this name."))
        if len(found) > 1:
            raise forms.ValidationError(_("Several residents have this name: give #the resident's number (shown on their page)."))
        self.resident = found[0]
        return text

    def person_fields(self) -> dict:
        return {"resident": getattr(self, "resident", None), "user": getattr(self, "user", None)}
