"""Reads of the 三重一大 register: matters with their decision, spendings, thresholds."""

from decimal import Decimal

from django.conf import settings
from django.db.models import Q

from accounts.roles import MANAGE_MATTER, VIEW_MATTER
from core.scoping import scope_paths
from deliberation.models import FundsThreshold, Matter, MatterTransition, Spending, SpendingTransition
from meetings.models import Body
from org.models import Unit, UnitKind

MATTER_RELATED = ("unit", "body", "decision__meeting", "proposed_by")
SPENDING_RELATED = ("unit", "matter", "requested_by")
MANAGED_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID)


def matters_visible(user):
    return Matter.objects.for_user(user, VIEW_MATTER).select_related(*MATTER_RELATED)


def spendings_visible(user):
    return Spending.objects.for_user(user, VIEW_MATTER).select_related(*SPENDING_RELATED)


def matter_timeline(matter):
    return list(MatterTransition.objects.filter(matter=matter).select_related("by").order_by("at", "id"))


def spending_timeline(spending):
    return list(SpendingTransition.objects.filter(spending=spending).select_related("by").order_by("at", "id"))


def _under(paths, field="path") -> Q:
    q = Q(pk__in=[])
    for p in paths or ():
        q |= Q(**{f"{field}__startswith": p})
    return q


def managed_units(user):
    """The units (街道 to 网格) where the user may register matters, request spendings and set thresholds."""
    return Unit.objects.filter(_under(scope_paths(user, MANAGE_MATTER)), kind__in=MANAGED_KINDS).order_by("path")


def competent_bodies(user):
    """Bodies sitting at or below the user's MANAGE_MATTER units, or above them (a 片区's joint meeting, a 街道's)."""
    paths = scope_paths(user, MANAGE_MATTER) or []
    q = _under(paths, "unit_path")
    for p in paths:
        q |= Q(unit_path__in=[p[: i + 1] for i, ch in enumerate(p) if ch == "."])
    return Body.objects.filter(q, is_active=True).select_related("unit").order_by("unit_path", "id")


def thresholds_for(units) -> list[tuple]:
    """(unit, its own threshold or None, the threshold in force) for each unit: one query for every threshold on
    the units and above them, resolved nearest-first in Python."""
    units = list(units)
    paths = {u.path[: i + 1] for u in units for i, ch in enumerate(u.path) if ch == "."}
    by_path = dict(FundsThreshold.objects.filter(unit__path__in=paths).values_list("unit__path", "amount")) if paths else {}
    default = Decimal(str(settings.DELIBERATION_FUNDS_THRESHOLD))
    out = []
    for u in units:
        above = sorted((p for p in by_path if u.path.startswith(p)), key=len, reverse=True)
        out.append((u, by_path.get(u.path), by_path[above[0]] if above else default))
    return out
