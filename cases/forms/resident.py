"""Forms of the resident pages: report a problem, look a case up by number, check, rate or reopen it.

They validate at the edge with errors in the user's language; the services in `cases.services` do the
writing. Photos are checked here (every one, before anything is saved) by `cases.photos.photos_checked`.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import CaseCategory, Rating
from cases.photos import MAX_PHOTOS_PER_STEP, photos_checked
from cases.selectors import report_categories
from core.fields import MobileField


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one <input type=file multiple>; cleaned to a list of uploads."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("What is the problem?"),
        queryset=CaseCategory.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of problem it is."), "invalid_choice": _("Choose what kind of problem it is.")},
    )
    description = forms.CharField(
        label=_("Describe it"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What is wrong, since when, exactly where."),
        error_messages={"required": _("Say in a few words what is wrong.")},
    )
    lat = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=Decimal("-90"), max_value=Decimal("90"), widget=forms.HiddenInput)
    lng = forms.DecimalField(required=False, max_digits=9, decimal_places=6, min_value=Decimal("-180"), max_value=Decimal("180"), widget=forms.HiddenInput)
    address = forms.CharField(label=_("Address"), max_length=200, required=False, help_text=_("For example: building 3, stairwell 2, 4th floor."))
    photos = MultiplePhotoField(label=_("Photos"), required=False)
    contact_name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact_phone = MobileField(
        label=_("Your mobile number (optional)"),
        required=False,
        help_text=_("Only the staff handling the case can see it, so that they can call you back."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in
        self.fields["photos"].help_text = gettext("Up to %(n)s photos. Faces and number plates are best left out.") % {"n": MAX_PHOTOS_PER_STEP}
        self.category_groups = report_categories()
        self.fields["category"].queryset = CaseCategory.objects.filter(pk__in=[c.pk for _p, leaves in self.category_groups for c in leaves])
        if signed_in:  # a signed-in resident reports as themselves
            del self.fields["contact_name"]
            del self.fields["contact_phone"]

    def clean_lat(self):
        return self._coordinate("lat")

    def clean_lng(self):
        return self._coordinate("lng")

    def _coordinate(self, name):
        value = self.cleaned_data.get(name)
        return value.quantize(Decimal("0.000001")) if value is not None else None

    def clean_photos(self):
        uploads = self.cleaned_data.get("photos") or []
        self.images = photos_checked(uploads)  # raises ValidationError: then no photo (and no case) is kept
        return uploads

    def clean(self):
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None) and not self.has_error("lat") and not self.has_error("lng"):
            raise ValidationError(_("The map pin is incomplete; drop it again."))
        if lat is None and not (data.get("address") or "").strip() and not self.has_error("lat") and not self.has_error("lng"):
            raise ValidationError(_("Drop a pin on the map where the problem is, or write the address."), code="no_location")
        return data


class NearbyForm(forms.Form):
    """A category and a pin, to look for open cases of the same problem nearby."""

    category = forms.ModelChoiceField(queryset=CaseCategory.objects.filter(is_active=True))
    lat = forms.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal("-90"), max_value=Decimal("90"))
    lng = forms.DecimalField(max_digits=9, decimal_places=6, min_value=Decimal("-180"), max_value=Decimal("180"))


class TrackForm(forms.Form):
    number = forms.CharField(
        label=_("Case number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": _("Type the case number you were given.")},
    )

    def clean_number(self):
        return "".join((self.cleaned_data["number"] or "").split())


class VerifyForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=_("Is the problem solved?"),
        choices=[("yes", _("Yes, it is solved")), ("no", _("No, not yet"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the problem is solved.")},
    )
    note = forms.CharField(label=_("What is still wrong?"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("passed") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Say what is still wrong."))
        return data


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you?"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose satisfied, basically satisfied or not satisfied.")},
    )
    note = forms.CharField(label=_("Comment (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("What is wrong again?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case should be reopened.")},
    )
