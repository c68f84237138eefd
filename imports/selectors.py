"""Reads for the import/export page: the user's jobs, the units they may export, the rows of an export."""

import datetime

from django.db.models import Q
from django.utils import timezone

from accounts.roles import EXPORT_UNIT
from accounts.scope import scope_paths
from imports.models import ImportJob
from imports.spec import BUILDINGS, HOUSEHOLDS, KINDS, RESIDENTS, RESPONSIBLES, SPECS, UNIT_KINDS, UNITS
from org.models import Responsible, Unit, UnitKind
from people.models import Household, Resident

RECENT = 15
RECENT_DAYS = 7
EXPORT_MENU_KINDS = (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT)


def importable_kinds(user) -> list[str]:
    return [k for k in KINDS if all(scope_paths(user, perm) for perm in SPECS[k].import_perms)]


def exportable_kinds(user) -> list[str]:
    if not scope_paths(user, EXPORT_UNIT):
        return []
    return [k for k in UNIT_KINDS if scope_paths(user, SPECS[k].view_perm)]


def user_jobs(user):
    return ImportJob.objects.filter(by=user).defer("errors")


def recent_jobs(user, status=None, now=None):
    """The user's latest jobs; with `status` (?status=failed on the page, the staff home's link), only those of
    the last RECENT_DAYS days in that status."""
    if status is None:
        return user_jobs(user)[:RECENT]
    since = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    return user_jobs(user).filter(status=status, created_at__gte=since)[:RECENT]


def export_units(user):
    """Units a user may export from: the roots of their export scope and the 片区/居民区 under them."""
    roots = scope_paths(user, EXPORT_UNIT) or []
    return Unit.objects.for_user(user, EXPORT_UNIT).filter(Q(path__in=roots) | Q(kind__in=EXPORT_MENU_KINDS)).only("id", "name", "code", "depth", "path")


def export_unit_by_code(user, code: str) -> Unit | None:
    return Unit.objects.for_user(user, EXPORT_UNIT).filter(code=code).first()


def export_unit(user, pk: int) -> Unit | None:
    return Unit.objects.for_user(user, EXPORT_UNIT).filter(pk=pk).first()


def export_rows(kind: str, user, root: Unit):
    """The rows of one export, in tree order, as tuples; personal identifiers only in masked form."""
    perm = SPECS[kind].view_perm
    if kind == UNITS:
        qs = Unit.objects.for_user(user, perm).filter(path__startswith=root.path, kind__in=[UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID])
        return qs.order_by("path").values_list("parent__code", "kind", "code", "name", "address", "contact_phone")
    if kind == BUILDINGS:
        qs = Unit.objects.for_user(user, perm).filter(path__startswith=root.path, kind=UnitKind.BUILDING)
        return qs.order_by("path").values_list("parent__code", "code", "name", "address")
    if kind == RESPONSIBLES:
        qs = Responsible.objects.for_user(user, perm).filter(unit__path__startswith=root.path)
        return qs.order_by("unit__path", "id").values_list("unit__code", "name", "title", "duty", "phone", "user__username")
    if kind == HOUSEHOLDS:
        qs = Household.objects.for_user(user, perm).filter(unit_path__startswith=root.path)
        return qs.order_by("unit_path", "id").values_list(
            "house__parent__code", "house__name", "house__exclusive_area", "house__area_source", "number", "tenure", "address"
        )
    if kind == RESIDENTS:
        qs = Resident.objects.for_user(user, perm).filter(unit_path__startswith=root.path)
        return qs.order_by("unit_path", "id").values_list("household__number", "name", "id_number_masked", "mobile_masked", "relation", "gender", "address")
    raise ValueError(kind)
