"""Forms of the 约请 pages: sending one, answering with a date, scheduling the meeting, a note (met, withdrawn),
and putting a topic of recurring cases on an agenda."""

from django import forms
from django.utils.translation import gettext_lazy as _

DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class SummonsForm(forms.Form):
    from_seat = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    to_seat = forms.TypedChoiceField(label=_("Party summoned"), coerce=int)
    subject = forms.CharField(label=_("Matter"), max_length=200)
    description = forms.CharField(label=_("Details"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, own_seats=(), seats=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_seat"].choices = [(s.pk, s.name) for s in own_seats]
        self.fields["to_seat"].choices = [(s.pk, s.name) for s in seats]
        if len(own_seats) == 1:
            self.fields["from_seat"].initial = own_seats[0].pk


class AnswerForm(forms.Form):
    proposed_at = forms.DateTimeField(label=_("Proposed meeting time"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    answer = forms.CharField(label=_("What the summoned party says"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS, help_text=_("Empty: the time the summoned party proposed.")
    )
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS, help_text=_("Empty: two hours later."))
    location = forms.CharField(label=_("Place"), required=False, max_length=200)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TopicAgendaForm(forms.Form):
    category = forms.IntegerField(widget=forms.HiddenInput)
    place = forms.IntegerField(widget=forms.HiddenInput)
    meeting = forms.IntegerField(label=_("Meeting"))
