"""Reads of the unit tree."""

from django.db.models import Count

from accounts.roles import VIEW_HOUSEHOLD, VIEW_RESIDENT, VIEW_UNIT
from core.scoping import scope_paths
from people.models import Household, Resident

from .models import Unit, UnitKind


def scope_roots(user):
    """The top units of the user's view scope."""
    paths = scope_paths(user, VIEW_UNIT) or []
    return Unit.objects.filter(path__in=paths).order_by("path")


def unit_counts(user, unit: Unit) -> dict:
    """Counts under a unit: sub-units by type, households and residents (each one indexed query)."""
    by_kind = dict(Unit.objects.under(unit, include_self=False).values_list("kind").annotate(n=Count("id")))
    counts = {"units": [(k.label, by_kind.get(k.value, 0)) for k in UnitKind if by_kind.get(k.value)]}
    if scope_paths(user, VIEW_HOUSEHOLD):
        counts["households"] = Household.objects.for_user(user, VIEW_HOUSEHOLD).filter(unit_path__startswith=unit.path).count()
    if scope_paths(user, VIEW_RESIDENT):
        counts["residents"] = Resident.objects.for_user(user, VIEW_RESIDENT).filter(unit_path__startswith=unit.path).count()
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
