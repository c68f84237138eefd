"""FilterSets of shared spaces, organisations and charity projects: one per model, for the pages and the API."""

import json

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter
from core.filtersets import FilterSet
from org.filtersets import UnderUnitFilter
from org.models import Unit, UnitKind
from resources.models import Organisation, OrganisationKind, Project, ResourceKind, ResourceType, SharedSpace

SELF = "self"  # offered by the 居民区 itself


def _types(kind):
    return ResourceType.objects.filter(kind=kind).order_by("sort", "code")


def _districts():
    return Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path")


class SharedSpaceFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="room__name", lookup_expr="icontains", label=_("Name"))
    type = django_filters.ModelChoiceFilter(
        field_name="types", to_field_name="code", queryset=_types(ResourceKind.SPACE), label=_("Type"), empty_label=_("All types")
    )
    district = django_filters.ModelChoiceFilter(field_name="room__unit", queryset=_districts(), label=_("Residential district"), empty_label=_("All districts"))
    offered_by = django_filters.ChoiceFilter(method="filter_offered_by", label=_("Offered by"), choices=[], empty_label=_("Anyone"))
    capacity = django_filters.NumberFilter(field_name="room__capacity", lookup_expr="gte", min_value=0, max_value=100000, label=_("At least (people)"))
    equipment = django_filters.CharFilter(method="filter_equipment", label=_("Equipment"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("offered"))
    under = UnderUnitFilter()

    page_fields = ["q", "type", "district", "offered_by", "capacity", "equipment"]

    class Meta:
        model = SharedSpace
        fields = ["q", "type", "district", "offered_by", "capacity", "equipment", "active", "under"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offering = Organisation.objects.filter(spaces__isnull=False).distinct().order_by("name").values_list("pk", "name")
        f = self.filters["offered_by"]
        f.extra["choices"] = [(SELF, _("The residential district itself"))] + [(str(pk), name) for pk, name in offering]
        f.__dict__.pop("_field", None)  # a field built earlier (e.g. by the schema generator) would keep the old, empty choices

    def filter_offered_by(self, qs, name, value: str):
        if not value:
            return qs
        return qs.filter(organisation__isnull=True) if value == SELF else qs.filter(organisation_id=int(value))

    def filter_equipment(self, qs, name, value):
        """Any item of the space's equipment containing the text. JSON may store Chinese escaped
        (\\uXXXX, SQLite) or as it is (PostgreSQL jsonb): both forms are looked for."""
        v = (value or "").strip()
        if not v:
            return qs
        escaped = json.dumps(v)[1:-1]
        q = Q(room__equipment__icontains=v)
        if escaped != v:
            q |= Q(room__equipment__icontains=escaped)
        return qs.filter(q)


class OrganisationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or credit code"))
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind of organisation"), empty_label=_("All kinds"))
    district = django_filters.ModelChoiceFilter(field_name="districts", queryset=_districts(), label=_("Serves"), empty_label=_("All districts"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("active"))
    under = UnderUnitFilter()

    page_fields = ["q", "kind", "district"]

    class Meta:
        model = Organisation
        fields = ["q", "kind", "district", "active", "under"]

    def search(self, qs, name, value):
        v = (value or "").strip()
        return qs.filter(Q(name__icontains=v) | Q(credit_code=v.upper())) if v else qs


class ProjectFilterSet(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name"))
    organisation = IdFilter(field_name="organisation_id", label=_("organisation"))
    type = django_filters.ModelChoiceFilter(field_name="types", to_field_name="code", queryset=_types(ResourceKind.PROJECT), label=_("Field"))
    district = django_filters.ModelChoiceFilter(field_name="districts", queryset=_districts(), label=_("Serves"))
    active = django_filters.BooleanFilter(field_name="is_active", label=_("active"))
    under = UnderUnitFilter()

    class Meta:
        model = Project
        fields = ["q", "organisation", "type", "district", "active", "under"]
