import datetime
import re

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_PII
from accounts.scope import has_perm_anywhere
from audit.models import AuditAction
from audit.services import audit_record
from core.filters import IdFilter
from core.filtersets import FilterSet
from core.protect import digest
from core.validators import normalize_id_number, normalize_mobile
from org.filtersets import UnderUnitFilter
from people.models import CommunityRole, CommunityRoleKind, Household, Ownership, Relation, Resident, Tenure

EXACT_NUMBER_REFUSED = _("Searching by a full ID or mobile number needs the right to view personal data. Search by name, pinyin initials or address.")


def exact_number_kind(value: str) -> str | None:
    """"id_number" or "mobile" when the search text is a full number (an exact lookup through its digest)."""
    v = (value or "").strip()
    if re.fullmatch(r"\d{17}[\dXx]", v):
        return "id_number"
    if re.fullmatch(r"1\d{10}", normalize_mobile(v)):  # `138 0013 8000`, `+86 13800138000`: the same number
        return "mobile"
    return None


def exact_search_refused(user, value: str) -> bool:
    """An exact-number search confirms a guessed number, so it needs `view_pii` (and is audited)."""
    return exact_number_kind(value) is not None and not (user is not None and has_perm_anywhere(user, VIEW_PII))


def exact_search_refusal(user, value: str) -> str:
    """The message for a page whose resident search was refused, or ""."""
    return str(EXACT_NUMBER_REFUSED) if exact_search_refused(user, value) else ""


class ScopedPathFilterSet(FilterSet):
    under = UnderUnitFilter()


class ResidentFilterSet(ScopedPathFilterSet):
    """Without `view_pii` (in the user's scope) a full ID or mobile number finds nothing and the form says why
    (the API answers 400 with the message under `q`), and birth dates filter by the year only: the birth date,
    like the number, must not be recoverable by probing."""

    q = django_filters.CharFilter(method="search", label=_("Name, pinyin initials, address or number"))
    gender = django_filters.ChoiceFilter(choices=[("M", _("Male")), ("F", _("Female"))], label=_("gender"))
    relation = django_filters.ChoiceFilter(choices=Relation.choices, label=_("relation to head"))
    household = IdFilter(field_name="household_id", label=_("household"))
    born_before = django_filters.DateFilter(method="born_before_date", label=_("born before"))

    page_fields = ["q", "gender", "relation", "born_before"]

    class Meta:
        model = Resident
        fields = ["q", "under", "gender", "relation", "household", "born_before"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user if user is not None else getattr(self.request, "user", None)

    def is_valid(self):
        valid = super().is_valid()
        if valid and exact_search_refused(self.user, self.form.cleaned_data.get("q") or ""):
            self.form.add_error("q", EXACT_NUMBER_REFUSED)
            return False
        return valid

    def pii_scope(self, qs):
        return qs & Resident.objects.for_user(self.user, VIEW_PII) if self.user is not None else qs.none()

    def search(self, qs, name, value):
        """Latin letters: pinyin initials or full pinyin ("zsf", "zhangsan"); a full ID or mobile number:
        exact match through its digest, among the residents whose personal data the user may see, audited;
        anything else: name or address."""
        v = value.strip()
        if not v:
            return qs
        if re.fullmatch(r"[A-Za-z]+", v):
            v = v.lower()
            return qs.filter(Q(name_initials__startswith=v) | Q(name_pinyin__startswith=v))
        kind = exact_number_kind(v)
        if kind is not None:
            if exact_search_refused(self.user, v):
                return qs.none()
            found = self.pii_scope(qs).filter(**{f"{kind}_digest": digest(normalize_id_number(v) if kind == "id_number" else normalize_mobile(v))})
            ids = list(found.values_list("pk", flat=True)[:20])
            audit_record(action=AuditAction.VIEW_PII, user=self.user, object_type="people.resident", object_repr="search",
                         changes={"search": kind, "found": ids})
            return qs.filter(pk__in=ids)
        return qs.filter(Q(name__contains=v) | Q(address__contains=v))

    def born_before_date(self, qs, name, value):
        """Exact for the residents whose personal data the user may see, by the year (before 1 January) for the others."""
        year_start = datetime.date(value.year, 1, 1)
        if self.user is None or not has_perm_anywhere(self.user, VIEW_PII):
            return qs.filter(birth_date__lt=year_start)
        full = Resident.objects.for_user(self.user, VIEW_PII).values("pk")
        return qs.filter(Q(pk__in=full, birth_date__lt=value) | (~Q(pk__in=full) & Q(birth_date__lt=year_start)))


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
