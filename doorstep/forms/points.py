"""Forms of the 睦邻点 pages: the registry's filters (shared with the API), proposing and editing a point,
its steps, quick activity entry, supervision visits, development records and the star rating."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_POINT, VIEW_SURVEY
from accounts.scope import scope_paths
from core.forms import preselect_only_choice
from doorstep import rating as r
from doorstep.models import NeighbourhoodPoint, PointRecordKind
from org.models import Unit, UnitKind

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def districts_for(user, perm: str | None):
    """居民区 the user may act on with `perm` (None: any service view)."""
    from accounts.roles import VIEW_SERVICE

    paths = scope_paths(user, perm or VIEW_SERVICE) or []
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind=UnitKind.DISTRICT).order_by("path") if paths else Unit.objects.none()


class PointForm(forms.ModelForm):
    """Propose a point (with its 居民区) or edit its registry details."""

    class Meta:
        model = NeighbourhoodPoint
        fields = ["name", "unit", "theme", "host_name", "address", "lat", "lng", "operator", "project_start", "project_end"]
        widgets = {"project_start": DATE, "project_end": DATE, "lat": forms.HiddenInput, "lng": forms.HiddenInput}

    note = forms.CharField(label=_("Why this point"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = districts_for(user, CHANGE_POINT)
        preselect_only_choice(self, "unit")
        self.fields["unit"].label = _("Residential district")
        for f in ("project_start", "project_end"):
            self.fields[f].input_formats = ["%Y-%m-%d"]
        if editing:
            del self.fields["unit"]
            del self.fields["note"]

    def clean(self):
        data = super().clean()
        start, end = data.get("project_start"), data.get("project_end")
        if start and end and end < start:
            self.add_error("project_end", _("The project must end after it starts."))
        return data

    def _post_clean(self):  # the service validates the model; the form only checks its fields
        pass


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredNoteForm(forms.Form):
    note = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(forms.Form):
    """Quick entry on a phone: the date (today), a title, how many came."""

    date = forms.DateField(label=_("Date"), widget=DATE, input_formats=["%Y-%m-%d"])
    title = forms.CharField(label=_("Activity"), max_length=100)
    attendance = forms.IntegerField(label=_("People who came"), min_value=0, max_value=10000, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class VisitForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, input_formats=["%Y-%m-%d"])
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    suggestions = forms.CharField(label=_("Suggestions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    score = forms.IntegerField(label=_("Score (0-100)"), min_value=0, max_value=100, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


class RecordForm(forms.Form):
    kind = forms.ChoiceField(choices=PointRecordKind.choices, label=_("Kind"))
    date = forms.DateField(label=_("Date"), widget=DATE, input_formats=["%Y-%m-%d"])
    title = forms.CharField(label=_("Title"), max_length=100)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    survey = forms.ModelChoiceField(queryset=None, required=False, label=_("Survey used (needs survey)"))

    def __init__(self, *args, user, point, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        from surveys.models import Survey

        # the surveys the user may see that cover the point's 居民区 (sent to it or to a unit above it)
        parts = point.unit_path.split(".")[:-1]
        above = [".".join(parts[:i]) + "." for i in range(1, len(parts) + 1)]
        self.fields["survey"].queryset = (
            Survey.objects.for_user(user, VIEW_SURVEY).filter(Q(unit_path__startswith=point.unit_path) | Q(unit_path__in=above)).order_by("-id")
        )


class RatingForm(forms.Form):
    """One score field per criterion (rating.CRITERIA), prefilled with the suggestion."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for c in r.CRITERIA:
            fields[c.code] = forms.DecimalField(label=c.label, min_value=0, max_value=c.points, decimal_places=1, max_digits=4, help_text=c.basis)
        fields["note"] = self.fields.pop("note")
        self.fields = fields

    def criteria_fields(self):
        return [(c, self[c.code]) for c in r.CRITERIA]
