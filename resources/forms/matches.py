"""Forms of the match pages: the match and service-record filters (shared with the API), the agreement with
its time and, for a shared space, a slot; declining and cancelling; the service record; feedback."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESOURCE
from accounts.scope import scope_paths
from doorstep.services.bookings import slot_label
from org.models import Unit, UnitKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATETIME = forms.DateTimeInput(format="%Y-%m-%dT%H:%M", attrs={"type": "datetime-local"})
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
RATING_CHOICES = [(n, f"{'★' * n}{'☆' * (5 - n)} {n}") for n in range(5, 0, -1)]


def districts_for(user):
    """The 居民区 in the user's resources scope."""
    paths = scope_paths(user, VIEW_RESOURCE) or []
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path") if paths else Unit.objects.none()






class AgreeForm(forms.Form):
    terms = forms.CharField(
        label=_("What was agreed"),
        help_text=_("What, when, where, who pays (the 对接协议)."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    scheduled_for = forms.DateTimeField(label=_("Date and time"), required=False, widget=DATETIME, input_formats=DATETIME_FORMATS)
    slot = forms.ModelChoiceField(label=_("Book a slot of the space"), queryset=None, required=False, empty_label=_("No booking (arranged otherwise)"))

    def __init__(self, *args, slots=None, **kwargs):
        super().__init__(*args, **kwargs)
        if slots:
            from doorstep.models import Slot

            self.fields["slot"].queryset = Slot.objects.filter(pk__in=[s.pk for s in slots]).select_related("room", "service").order_by("start", "id")
            self.fields["slot"].label_from_instance = slot_label
            self.fields["slot"].help_text = _("Only slots with a place left are shown; the date and time come from the slot.")
        else:
            del self.fields["slot"]


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RatingField(forms.TypedChoiceField):
    def __init__(self, *, required=False, **kwargs):
        choices = ([("", _("Not yet"))] if not required else [("", "—")]) + RATING_CHOICES
        super().__init__(choices=choices, coerce=int, empty_value=None, required=required, **kwargs)


class RecordForm(forms.Form):
    served_on = forms.DateField(label=_("Served on"), widget=DATE, input_formats=["%Y-%m-%d"])
    people_served = forms.IntegerField(label=_("People served"), min_value=0, max_value=100000, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.1"), max_value=Decimal("999.9"), decimal_places=1, initial=2)
    summary = forms.CharField(label=_("What the service was"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    requester_rating = RatingField(label=_("Requester's rating"))
    requester_comment = forms.CharField(label=_("Requester's comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    provider_rating = RatingField(label=_("Provider's rating"))
    provider_comment = forms.CharField(label=_("Provider's comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, match=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("served_on", timezone.localdate())
        if match is not None:
            initial.setdefault("people_served", match.need.people)
        super().__init__(*args, **kwargs)

    def clean_served_on(self):
        day = self.cleaned_data["served_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Give the day the service was given (today or earlier)."))
        return day


class FeedbackForm(forms.Form):
    rating = RatingField(label=_("Rating"), required=True)
    comment = forms.CharField(label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next = forms.CharField(required=False, widget=forms.HiddenInput)
