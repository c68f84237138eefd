import json

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from org.models import GridElement, Responsible, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "address", "duties", "contact_phone", "lat", "lng", "exclusive_area", "area_source"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}


class ResponsibleForm(forms.ModelForm):
    """人员清: name, title, duty and work phone; optionally the account of the person (by user name)."""

    username = forms.CharField(label=_("account (user name)"), required=False, max_length=150)

    class Meta:
        model = Responsible
        fields = ["name", "title", "duty", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id:
            self.fields["username"].initial = self.instance.user.username

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("No account has this user name."))
        return user


class BoundaryForm(forms.Form):
    """The boundary as GeoJSON text: the map editor fills it; it can also be pasted."""

    boundary = forms.CharField(label=_("boundary (GeoJSON)"), required=False, widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}))

    def clean_boundary(self):
        text = self.cleaned_data["boundary"].strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError as e:
            raise forms.ValidationError(_("This is not valid GeoJSON.")) from e
        return geometry_of(value)


def geometry_of(value):
    """The geometry of a GeoJSON Feature, or the value itself when it is a geometry."""
    if isinstance(value, dict) and value.get("type") == "Feature":
        return value.get("geometry")
    return value


class BoundaryImportForm(forms.Form):
    file = forms.FileField(label=_("GeoJSON file"), help_text=_("A FeatureCollection; each feature's properties.code is the code of a unit under this one."))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        try:
            data = json.loads(f.read().decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as e:
            raise forms.ValidationError(_("This is not valid GeoJSON.")) from e
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
            raise forms.ValidationError(_("The file must hold a GeoJSON FeatureCollection."))
        return data


class GridElementForm(forms.ModelForm):
    class Meta:
        model = GridElement
        fields = ["kind", "name", "address", "lat", "lng", "contact_name", "contact_phone", "credit_code", "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
