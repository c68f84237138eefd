import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.filters import IdFilter
from core.filtersets import FilterSet
from org.models import ElementKind, GridElement, Responsible, Unit, UnitKind


class UnderUnitFilter(IdFilter):
    """?under=<unit id>: the rows under that unit, one prefix query on the row's materialised-path field.
    An unknown unit gives no rows. (Scoping to the user's units is the queryset's job, not this filter's.)"""

    def __init__(self, *args, path_field="unit_path", **kwargs):
        kwargs.setdefault("label", _("under unit"))
        super().__init__(*args, **kwargs)
        self.path_field = path_field

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        unit = Unit.objects.filter(pk=value).only("path").first()
        return qs.filter(**{f"{self.path_field}__startswith": unit.path}) if unit else qs.none()


class UnitFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=UnitKind.choices, label=_("type"))
    parent = IdFilter(field_name="parent_id", label=_("parent unit"))
    under = UnderUnitFilter(path_field="path")

    page_fields = ["q", "kind"]

    class Meta:
        model = Unit
        fields = ["q", "kind", "parent", "under"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(code__istartswith=value) | Q(address__icontains=value)) if value else qs


class GridElementFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=ElementKind.choices, label=_("type"))
    grid = IdFilter(field_name="grid_id", label=_("grid"))
    under = UnderUnitFilter(path_field="unit_path")

    page_fields = ["q", "kind"]

    class Meta:
        model = GridElement
        fields = ["q", "kind", "grid", "under"]

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(name__icontains=value) | Q(address__icontains=value)) if value else qs


class ResponsibleFilterSet(FilterSet):
    unit = IdFilter(field_name="unit_id")
    under = UnderUnitFilter(path_field="unit__path")

    class Meta:
        model = Responsible
        fields = ["unit", "under"]
