"""Forms: a body (create, rules), a member, a seat, a meeting (schedule, reschedule)."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGE_BODY
from core.forms import preselect_only_choice
from core.scoping import scope_paths
from doorstep.models import NeighbourhoodPoint, Room
from meetings.models import Body, BodyKind, MajorityBase, MemberRole, Membership, Seat, SeatGroup
from meetings.selectors.bodies import rooms_for
from org.models import Unit
from people.models import Resident

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def units_for(user):
    """The units where the user may set up bodies (and everything under them)."""
    paths = scope_paths(user, MANAGE_BODY) or []
    from django.db.models import Q

    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind__in=["subdistrict", "area", "district", "grid"]).order_by("path")


class BodyCreateForm(forms.Form):
    kind = forms.ModelChoiceField(BodyKind.objects.order_by("order", "id"), label=_("Kind"))
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("Unit"))
    name = forms.CharField(label=_("Name"), max_length=100, required=False, help_text=_("Leave empty for the unit's name and the kind."))
    point = forms.ModelChoiceField(NeighbourhoodPoint.objects.none(), label=_("睦邻点"), required=False)
    term_start = forms.DateField(label=_("Term from"), required=False, widget=DATE)
    term_end = forms.DateField(label=_("Term until"), required=False, widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user)
        self.fields["unit"].queryset = units
        self.fields["point"].queryset = NeighbourhoodPoint.objects.filter(unit__in=units).order_by("name")
        preselect_only_choice(self, "unit")


class BodyRulesForm(forms.ModelForm):
    required_seats = forms.ModelMultipleChoiceField(
        Seat.objects.none(), label=_("Seats that must be present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Body
        fields = ["name", "description", "quorum", "majority", "majority_base", "minutes_publish_days", "term_start", "term_end", "room", "is_active"]
        widgets = {"term_start": DATE, "term_end": DATE, "majority_base": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["majority_base"].choices = MajorityBase.choices
        self.fields["room"].queryset = rooms_for(self.instance)
        self.fields["required_seats"].queryset = Seat.objects.filter(body=self.instance, is_active=True)
        self.fields["required_seats"].initial = [s.pk for s in self.fields["required_seats"].queryset if s.required]
        self.fields["quorum"].help_text = _("At least this fraction of the seats must have their holder present, e.g. 0.5 or 0.667.")
        self.fields["majority"].help_text = _("A decision needs more than this fraction of the votes, e.g. 0.5 (a simple majority) or 0.667.")


class MemberForm(forms.Form):
    seat = forms.ModelChoiceField(Seat.objects.none(), label=_("Seat"))
    username = forms.CharField(label=_("Account (user name)"), required=False, max_length=150)
    resident_name = forms.CharField(label=_("Resident (name, in the body's unit)"), required=False, max_length=50)
    name = forms.CharField(label=_("Name shown"), required=False, max_length=50, help_text=_("Leave empty for the person's name."))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["seat"].queryset = Seat.objects.filter(body=body, is_active=True).exclude(
            pk__in=Membership.objects.filter(body=body, end__isnull=True).values("seat_id")
        )
        self.fields["seat"].label_from_instance = lambda s: s.name

    def clean(self):
        data = super().clean()
        username, rname = (data.get("username") or "").strip(), (data.get("resident_name") or "").strip()
        data["user"] = data["resident"] = None
        if username:
            data["user"] = get_user_model().objects.filter(username=username, is_active=True).first()
            if data["user"] is None:
                self.add_error("username", _("No active account has this user name."))
        if rname:
            found = list(Resident.objects.filter(name=rname, unit_path__startswith=self.body.unit_path)[:2])
            if not found:
                self.add_error("resident_name", _("No resident of %(unit)s has this name.") % {"unit": self.body.unit.name})
            elif len(found) > 1:
                self.add_error("resident_name", _("Several residents have this name; give the account instead."))
            else:
                data["resident"] = found[0]
        if not username and not rname:
            raise forms.ValidationError(_("Choose the person: an account, a resident, or both."))
        return data


class SeatForm(forms.Form):
    name = forms.CharField(label=_("Seat"), max_length=60)
    group = forms.ChoiceField(label=_("Group"), choices=SeatGroup.choices, initial=SeatGroup.N)
    required = forms.BooleanField(label=_("Must be present"), required=False)


def _next_evening():
    day = timezone.localdate() + datetime.timedelta(days=7)
    return datetime.datetime.combine(day, datetime.time(19, 0))


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    room = forms.ModelChoiceField(Room.objects.none(), label=_("Room (booked for the meeting)"), required=False)
    location = forms.CharField(label=_("Or another place"), max_length=200, required=False)

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms_for(body)
        self.fields["room"].label_from_instance = lambda r: " · ".join(p for p in (r.place.name if r.place_id else "", r.name) if p)
        if not self.is_bound and "starts_at" not in self.initial:
            start = _next_evening()
            self.initial.update(starts_at=start, ends_at=start + datetime.timedelta(hours=2), room=body.room_id)
