from django import forms

from .models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "address", "duties", "contact_phone", "lat", "lng", "exclusive_area", "area_source"]
        widgets = {"duties": forms.Textarea(attrs={"rows": 4})}
