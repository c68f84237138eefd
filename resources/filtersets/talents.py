"""Filters of the talent library, one FilterSet for the page and the API (/api/talents/), and the
public listing's (/resources/talents/public/, /api/talents-public/)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from resources.models import ResourceKind, ResourceType, SkillLevel, Talent, TalentSkill, TalentSource, TalentState
from resources.selectors.talents import all_districts, districts_for

PUBLIC_CHOICES = [("yes", _("Listed publicly")), ("no", _("Not listed publicly"))]


def talent_types_any():
    return ResourceType.objects.filter(kind=ResourceKind.TALENT).order_by("sort", "code")


class SkillFilterMixin:
    """`type` and `level` together: a talent with one skill of that type at that level or above. One
    EXISTS subquery, so a talent with several matching skills is listed once."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        rtype, level = data.get("type"), data.get("level")
        if rtype is None and not level:
            return queryset
        skills = TalentSkill.objects.filter(talent=OuterRef("pk"))
        if rtype is not None:
            skills = skills.filter(type=rtype)
        if level:
            skills = skills.filter(level__gte=int(level))
        return queryset.filter(Exists(skills))

    def by_type(self, qs, name, value: str):  # the skill's code; applied with `level` in filter_queryset
        return qs

    def by_level(self, qs, name, value: int):  # applied with `type` in filter_queryset
        return qs

    def in_district(self, qs, name, value: int):  # a 居民区's id
        return qs.filter(unit_path__startswith=value.path) if value else qs


class TalentFilterSet(SkillFilterMixin, FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name"))
    type = django_filters.ModelChoiceFilter(queryset=talent_types_any(), method="by_type", label=_("Skill"), to_field_name="code")
    level = django_filters.ChoiceFilter(choices=[(str(v), label) for v, label in SkillLevel.choices], method="by_level", label=_("Level (at least)"))
    state = django_filters.ChoiceFilter(choices=TalentState.choices, label=_("State"))
    district = django_filters.ModelChoiceFilter(queryset=all_districts(), method="in_district", label=_("Residential district"))
    public = django_filters.ChoiceFilter(choices=PUBLIC_CHOICES, method="listed", label=_("Public listing"))
    source = django_filters.ChoiceFilter(choices=TalentSource.choices, label=_("Source"))
    under = UnderUnitFilter()

    page_fields = ["q", "type", "level", "state", "district", "public"]

    class Meta:
        model = Talent
        fields = ["q", "type", "level", "state", "district", "public", "source", "under"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.filters["district"].queryset = districts_for(user)

    def search(self, qs, name, value):
        v = (value or "").strip()
        return qs.filter(name__contains=v) if v else qs

    def listed(self, qs, name, value):
        if value == "yes":
            return qs.filter(public_consent=True)
        if value == "no":
            return qs.filter(public_consent=False)
        return qs


class PublicTalentFilterSet(SkillFilterMixin, FilterSet):
    type = django_filters.ModelChoiceFilter(queryset=talent_types_any().filter(is_active=True), method="by_type", label=_("Skill"), to_field_name="code")
    district = django_filters.ModelChoiceFilter(queryset=all_districts(), method="in_district", label=_("Residential district"))

    class Meta:
        model = Talent
        fields = ["type", "district"]
