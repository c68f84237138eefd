"""Forms of the device pages: register/edit a device, vendors and maintainers."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_DEVICE
from accounts.scope import scope_paths
from core.forms import preselect_only_choice
from org.models import Unit
from smart.models import Device, DeviceType, Maintainer, Vendor
from smart.services.devices import DEVICE_UNIT_KINDS

DATE_INPUT = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def device_units(user, perm=CHANGE_DEVICE):
    """Buildings and grids in the user's scope for `perm`: where a device may be placed."""
    q = Q(pk__in=[])
    for p in scope_paths(user, perm) or []:
        q |= Q(path__startswith=p)
    return Unit.objects.filter(q, kind__in=DEVICE_UNIT_KINDS).select_related("parent").order_by("path")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        parent = f"{obj.parent.name} · " if obj.parent_id else ""
        return f"{parent}{obj.name} ({obj.get_kind_display()})"


class DeviceForm(forms.ModelForm):
    unit = PlaceChoiceField(queryset=Unit.objects.none(), label=_("Building or grid"))
    lat = forms.DecimalField(label=_("Latitude"), max_digits=9, decimal_places=6, min_value=Decimal(-90), max_value=Decimal(90), required=False)
    lng = forms.DecimalField(label=_("Longitude"), max_digits=9, decimal_places=6, min_value=Decimal(-180), max_value=Decimal(180), required=False)

    class Meta:
        model = Device
        fields = ["code", "name", "device_type", "unit", "location", "lat", "lng", "vendor", "maintainer", "serial", "installed_on", "is_active"]
        widgets = {"installed_on": DATE_INPUT}
        help_texts = {
            "code": _("Letters, digits, - and _; used in the MQTT topics, so never a person's name or phone number. It cannot be changed later."),
            "location": _("For example: 3号楼 1单元 东梯"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = device_units(user)
        preselect_only_choice(self, "unit")
        self.fields["device_type"].queryset = DeviceType.objects.order_by("kind", "code")
        self.fields["vendor"].queryset = (
            Vendor.objects.filter(is_active=True) if not self.instance.vendor_id else Vendor.objects.filter(Q(is_active=True) | Q(pk=self.instance.vendor_id))
        )
        self.fields["maintainer"].queryset = Maintainer.objects.all()
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            self.add_error("lng", _("Give both latitude and longitude, or neither."))
        return data


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = ["code", "name", "is_active"]
        help_texts = {"code": _("Letters, digits, - and _. It cannot be changed later.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True


class MaintainerForm(forms.ModelForm):
    usernames = forms.CharField(
        label=_("Members (user names)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("User names of the company's staff who receive its devices' alarms, separated by spaces or commas."),
    )

    class Meta:
        model = Maintainer
        fields = ["name", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["usernames"] = " ".join(self.instance.members.order_by("username").values_list("username", flat=True))

    def clean_usernames(self):
        names = sorted({n for n in self.cleaned_data["usernames"].replace(",", " ").replace("，", " ").split() if n})
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        missing = sorted(set(names) - {u.username for u in users})
        if missing:
            raise forms.ValidationError(_("No such user: %(names)s") % {"names": ", ".join(missing)})
        return users
