"""Reads of the unit tree.

The apps above org add what they hang on a unit to org's pages through the registries below, filled in
their AppConfig.ready (org imports none of them): `UNIT_COUNTS` (people: households and residents under a
unit), `UNIT_PAGE` (people: the links a unit page offers), `ELEMENT_PAGE` (cases: a shop's cases)."""

from django.db.models import Count

from core.scoping import scope_paths
from org.models import VIEW_UNIT, Unit, UnitKind

UNIT_COUNTS: list = []  # fn(user, unit) -> {name: count}, merged into unit_counts()
UNIT_PAGE: list = []  # fn(user, unit) -> context added to the unit page
ELEMENT_PAGE: list = []  # fn(user, element) -> context added to a shop's or public place's page


def contributed(registry, *args) -> dict:
    out = {}
    for fn in registry:
        out.update(fn(*args))
    return out


def scope_roots(user):
    """The top units of the user's view scope."""
    paths = scope_paths(user, VIEW_UNIT) or []
    return Unit.objects.filter(path__in=paths).order_by("path")


def unit_counts(user, unit: Unit) -> dict:
    """Counts under a unit: sub-units by type, households and residents (each one indexed query)."""
    by_kind = dict(Unit.objects.under(unit, include_self=False).values_list("kind").annotate(n=Count("id")))
    counts = {"units": [(k.label, by_kind.get(k.value, 0)) for k in UnitKind if by_kind.get(k.value)]}
    counts.update(contributed(UNIT_COUNTS, user, unit))
    return counts


def grid_features(user, under: Unit | None = None) -> dict:
    """The grids in the user's scope as a GeoJSON FeatureCollection."""
    from django.urls import reverse

    grids = Unit.objects.for_user(user, VIEW_UNIT).filter(kind=UnitKind.GRID, boundary__isnull=False)
    if under is not None:
        grids = grids.filter(path__startswith=under.path)
    parents = dict(Unit.objects.filter(pk__in=grids.values("parent_id")).values_list("pk", "name"))
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": g["boundary"],
                "properties": {"id": g["pk"], "name": g["name"], "code": g["code"], "district": parents.get(g["parent_id"], ""), "url": reverse("org:unit-detail", args=[g["pk"]])},
            }
            for g in grids.values("pk", "name", "code", "parent_id", "boundary")
        ],
    }
