import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter, UnderUnitFilter
from core.protect import digest
from core.validators import normalize_id_number

from .models import CommunityRole, CommunityRoleKind, Household, Ownership, Relation, Resident, Tenure


class ScopedPathFilterSet(django_filters.FilterSet):
    under = UnderUnitFilter()


class ResidentFilterSet(ScopedPathFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name, pinyin initials, address or number"))
    gender = django_filters.ChoiceFilter(choices=[("M", _("Male")), ("F", _("Female"))], label=_("gender"))
    relation = django_filters.ChoiceFilter(choices=Relation.choices, label=_("relation to head"))
    household = IdFilter(field_name="household_id", label=_("household"))
    born_before = django_filters.DateFilter(field_name="birth_date", lookup_expr="lt", label=_("born before"))

    page_fields = ["q", "gender", "relation", "born_before"]

    class Meta:
        model = Resident
        fields = ["q", "under", "gender", "relation", "household", "born_before"]

    def search(self, qs, name, value):
        """Latin letters: pinyin initials or full pinyin ("zsf", "zhangsan"); a full ID or mobile number:
        exact match through its digest; anything else: name or address."""
        v = value.strip()
        if not v:
            return qs
        if re.fullmatch(r"[A-Za-z]+", v):
            v = v.lower()
            return qs.filter(Q(name_initials__startswith=v) | Q(name_pinyin__startswith=v))
        if re.fullmatch(r"\d{17}[\dXx]", v):
            return qs.filter(id_number_digest=digest(normalize_id_number(v)))
        if re.fullmatch(r"1\d{10}", v):
            return qs.filter(mobile_digest=digest(v))
        return qs.filter(Q(name__contains=v) | Q(address__contains=v))


class HouseholdFilterSet(ScopedPathFilterSet):
    q = django_filters.CharFilter(method="search", label=_("Number or address"))
    tenure = django_filters.ChoiceFilter(choices=Tenure.choices, label=_("tenure"))
    house = IdFilter(field_name="house_id", label=_("house"))

    page_fields = ["q", "tenure"]

    class Meta:
        model = Household
        fields = ["q", "under", "tenure", "house"]

    def search(self, qs, name, value):
        v = value.strip()
        return qs.filter(Q(number__startswith=v) | Q(address__contains=v)) if v else qs


class OwnershipFilterSet(ScopedPathFilterSet):
    house = IdFilter(field_name="house_id", label=_("house"))
    owner = IdFilter(field_name="owner_id", label=_("owner"))

    class Meta:
        model = Ownership
        fields = ["under", "house", "owner", "is_representative"]


class CommunityRoleFilterSet(ScopedPathFilterSet):
    kind = django_filters.ChoiceFilter(choices=CommunityRoleKind.choices, label=_("role"))

    class Meta:
        model = CommunityRole
        fields = ["under", "kind"]
