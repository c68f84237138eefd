"""Forms of the staff pages: one per workflow step, bulk dispatch, the 12345 ticket, the patrol report,
and the workbench's filters (the API's CaseFilterSet with a category list instead of an id box)."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, VIEW_CASE
from accounts.scope import scope_paths
from cases import pending
from cases.models import CaseCategory, HandlerKind, Priority, Rating
from core.fields import MobileField
from core.forms import preselect_only_choice
from org.models import SEGMENT, GridElement, Unit, UnitKind

HANDLING_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)
PLACE_KINDS = (UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID, UnitKind.BUILDING)


def ancestor_paths(path: str) -> list[str]:
    step = SEGMENT + 1
    return [path[:i] for i in range(step, len(path) + 1, step)]


def handling_units(user, extra_paths=()):
    """Units a case can be dispatched to: 街道/片区/居民区/网格 in the user's dispatch scope and above it."""
    roots = scope_paths(user, DISPATCH_CASE) or []
    q = Q(pk__in=[])
    above = set()
    for p in roots:
        q |= Q(path__startswith=p)
        above.update(ancestor_paths(p))
    for p in extra_paths:
        above.update(ancestor_paths(p))
    q |= Q(path__in=sorted(above))
    return Unit.objects.filter(q, kind__in=HANDLING_KINDS).select_related("parent").order_by("path")


def place_units(user, perm=CHANGE_CASE):
    """Places a report can hang on: 片区/居民区/网格/楼栋 in the user's scope for `perm`."""
    q = Q(pk__in=[])
    for p in scope_paths(user, perm) or []:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind__in=PLACE_KINDS).select_related("parent").order_by("path")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = f"{obj.parent.name} · " if obj.parent_id and obj.kind in (UnitKind.GRID, UnitKind.BUILDING) else ""
        return f"{parent}{obj.name} ({obj.get_kind_display()})"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one <input type=file multiple>; they are checked by `cases.photos` in the view."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _note(required=False, label=None):
    return forms.CharField(label=label or _("Note"), required=required, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class NoteForm(forms.Form):
    note = _note()


class AcceptForm(NoteForm):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL)


class RejectForm(forms.Form):
    reason = _note(required=True, label=_("Reason for not registering"))


class MergeForm(NoteForm):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=None, empty_label=None)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        from cases.models import Case

        self.fields["into"].queryset = Case.objects.filter(pk__in=[c.pk for c in candidates]).order_by("-id")
        self.fields["into"].label_from_instance = lambda c: f"{c.number} · {c.description[:40]}"


class DispatchFields(forms.Form):
    handling_unit = UnitChoiceField(label=_("Handling unit"), queryset=Unit.objects.none())
    handler_kind = forms.ChoiceField(label=_("Handled by"), choices=HandlerKind.choices)

    def __init__(self, *args, user=None, extra_paths=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling_unit"].queryset = handling_units(user, extra_paths)


class DispatchForm(DispatchFields):
    note = _note()


class BulkDispatchForm(DispatchFields):
    cases = forms.TypedMultipleChoiceField(label=_("Cases"), coerce=int, choices=(), error_messages={"required": _("Choose at least one case.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ids = self.data.getlist("cases") if hasattr(self.data, "getlist") else []
        self.fields["cases"].choices = [(i, i) for i in ids if str(i).isdigit() and len(str(i)) <= 18]


class CompleteForm(NoteForm):
    photos = PhotosField(label=_("Evidence photos"))


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Result of the check"), choices=[("1", _("Passed: close the case")), ("0", _("Not passed: back to the handler"))], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    note = _note()


class ExtensionRequestForm(forms.Form):
    reason = _note(required=True, label=_("Reason for the extension"))


class ExtensionDecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve: handle as a complex matter")), ("0", _("Refuse: the time limit stays"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = _note()


class RateForm(NoteForm):
    rating = forms.ChoiceField(label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect)


class PinFields(forms.Form):
    """A map pin as two numbers (filled by the map or the phone's location, or typed)."""

    lat = forms.DecimalField(label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90))
    lng = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180))

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError(_("Give both latitude and longitude, or neither."))
        return data


def active_categories():
    return CaseCategory.objects.filter(is_active=True).order_by("code")


class HotlineForm(PinFields):
    external_ref = forms.CharField(label=_("12345 ticket number"), max_length=64)
    contact_name = forms.CharField(label=_("Caller's name"), max_length=50, required=False)
    contact_phone = MobileField(label=_("Caller's mobile"), required=False)
    category = forms.ModelChoiceField(label=_("Category"), queryset=CaseCategory.objects.none())
    description = forms.CharField(label=_("What the caller reports"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    unit = UnitChoiceField(label=_("Place (residential district, grid or building)"), queryset=Unit.objects.none(), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL)
    field_order = ["external_ref", "contact_name", "contact_phone", "category", "description", "unit", "address", "lat", "lng", "priority"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()
        self.fields["unit"].queryset = place_units(user)
        preselect_only_choice(self, "unit")  # a secretary's 居民区; not on the patrol form, where the pin comes first

    def clean_external_ref(self):
        return self.cleaned_data["external_ref"].strip()

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("unit") is None and data.get("lat") is None:
            raise forms.ValidationError(_("Choose the place, or put a pin on the map."))
        return data


class KeptPhotosField(forms.Field):
    """The tokens of photos kept from an earlier try of the same form (`cases.pending`), one checkbox each."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        return [str(v) for v in value or [] if v]


class PatrolForm(PinFields):
    category = forms.ModelChoiceField(label=_("Category"), queryset=CaseCategory.objects.none())
    description = forms.CharField(label=_("What I found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label=_("Photos"))
    kept_photos = KeptPhotosField(label=_("Photos kept from the last try"), required=False)
    address = forms.CharField(label=_("Address or landmark"), max_length=200, required=False)
    unit = UnitChoiceField(
        label=_("Grid or building"), queryset=Unit.objects.none(), required=False,
        help_text=_("Without a pin, or when the pin is outside your grids: the place of the problem."),
    )  # fmt: skip
    element = forms.ModelChoiceField(label=_("Shop or public place"), queryset=GridElement.objects.none(), required=False)
    field_order = ["category", "description", "photos", "kept_photos", "lat", "lng", "unit", "element", "address"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["category"].queryset = active_categories()
        self.fields["unit"].queryset = place_units(user, VIEW_CASE).filter(kind__in=(UnitKind.GRID, UnitKind.BUILDING))
        self.fields["element"].queryset = GridElement.objects.for_user(user, VIEW_CASE).filter(is_active=True).order_by("unit_path", "name")

    def clean_kept_photos(self):
        return pending.kept(self.user, self.cleaned_data.get("kept_photos"))

    def clean(self):
        data = super().clean()
        if not self.errors and data.get("unit") is None and data.get("lat") is None and data.get("element") is None:
            raise forms.ValidationError(_("Use my location, or choose the grid or building."))
        return data


STEP_FORMS = {
    "accept": AcceptForm,
    "reject": RejectForm,
    "merge": MergeForm,
    "dispatch": DispatchForm,
    "start": NoteForm,
    "complete": CompleteForm,
    "verify": VerifyForm,
    "rate": RateForm,
    "supervise": NoteForm,
    "request_extension": ExtensionRequestForm,
    "extension": ExtensionDecisionForm,
    "reopen": NoteForm,
}
