from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import MobileField
from core.validators import validate_id_number
from people.models import Household, Relation


class ResidentForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=18, validators=[validate_id_number], required=False,
                                help_text=_("Leave empty to keep the number on record."))
    mobile = MobileField(label=_("mobile"), required=False)
    relation = forms.ChoiceField(label=_("relation to head"), choices=Relation.choices)
    household = forms.ModelChoiceField(label=_("household"), queryset=Household.objects.none(), required=False)

    def __init__(self, *args, house=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if house is not None:
            self.fields["household"].queryset = Household.objects.filter(house=house)
        if creating:
            self.fields["id_number"].required = True
            self.fields["id_number"].help_text = ""
