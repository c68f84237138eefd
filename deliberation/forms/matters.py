"""Forms of the 三重一大 register: a matter, its steps, a spending, a unit's large-sum threshold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import Body, Decision, MajorMatter
from meetings.workflow import DecisionState
from org.models import Unit


class MatterForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MajorMatter.choices)
    title = forms.CharField(label=_("Matter"), max_length=200)
    body = forms.ModelChoiceField(label=_("Competent body"), queryset=Body.objects.none())
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, max_digits=12, decimal_places=2)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units=None, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
        self.fields["body"].queryset = bodies if bodies is not None else Body.objects.none()


class DecideForm(forms.Form):
    decision = forms.ModelChoiceField(label=_("Adopted decision"), queryset=Decision.objects.none())
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, matter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if matter is not None:
            self.fields["decision"].queryset = (
                Decision.objects.filter(meeting__body=matter.body_id, state=DecisionState.ADOPTED).select_related("meeting").order_by("-id")
            )
            self.fields["decision"].label_from_instance = lambda d: f"{d.meeting.starts_at:%Y-%m-%d} {d.meeting.title}: {d.text[:40]}"


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SpendingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    purpose = forms.CharField(label=_("Purpose"), max_length=200)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()


class LinkForm(forms.Form):
    matter = forms.ModelChoiceField(label=_("三重一大 matter"), queryset=Decision.objects.none())

    def __init__(self, *args, matters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if matters is not None:
            self.fields["matter"].queryset = matters


class ThresholdForm(forms.Form):
    amount = forms.DecimalField(label=_("Large sum from (yuan)"), required=False, max_digits=12, decimal_places=2)
