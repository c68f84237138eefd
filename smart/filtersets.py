"""One FilterSet per model, shared by the list page and the API list (DESIGN: NetBox)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from smart.models import Alarm, Device, DeviceKind, DeviceState, DeviceType, Maintainer, Severity, Vendor

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DeviceFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), help_text=_("code, name, serial number or location"))
    device_type = django_filters.ModelChoiceFilter(queryset=DeviceType.objects.all(), label=_("device type"))
    kind = django_filters.ChoiceFilter(field_name="device_type__kind", choices=DeviceKind.choices, label=_("kind"))
    state = django_filters.ChoiceFilter(choices=DeviceState.choices, label=_("state"))
    vendor = django_filters.ModelChoiceFilter(queryset=Vendor.objects.all(), label=_("vendor"))
    maintainer = django_filters.ModelChoiceFilter(queryset=Maintainer.objects.all(), label=_("maintainer"))
    under = UnderUnitFilter()
    is_active = django_filters.BooleanFilter(label=_("in service"))

    page_fields = ["q", "kind", "device_type", "state", "vendor", "maintainer"]

    class Meta:
        model = Device
        fields = ["q", "kind", "device_type", "state", "vendor", "maintainer", "under", "is_active"]

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(code__icontains=value) | Q(name__icontains=value) | Q(serial__icontains=value) | Q(location__icontains=value))


class AlarmFilterSet(FilterSet):
    active = django_filters.BooleanFilter(label=_("not cleared"))
    acknowledged = django_filters.BooleanFilter(label=_("acknowledged"))
    severity = django_filters.TypedChoiceFilter(choices=Severity.choices, coerce=int, label=_("severity"))
    alarm_type = django_filters.CharFilter(max_length=32, label=_("alarm type"))
    kind = django_filters.ChoiceFilter(field_name="device__device_type__kind", choices=DeviceKind.choices, label=_("device kind"))
    device = IdFilter(field_name="device_id", label=_("device"))
    under = UnderUnitFilter(path_field="device__unit_path")
    since = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label=_("from date"), widget=DATE_INPUT)
    until = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label=_("to date"), widget=DATE_INPUT)

    page_fields = ["active", "acknowledged", "severity", "alarm_type", "kind", "since", "until"]

    class Meta:
        model = Alarm
        fields = ["active", "acknowledged", "severity", "alarm_type", "kind", "device", "under", "since", "until"]
