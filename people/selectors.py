"""What people adds to org's pages (registered in PeopleConfig.ready; org imports no app above it):
households and residents under a unit, per grid on the coverage page, and a unit page's links."""

from accounts.roles import CHANGE_RESIDENT, VIEW_HOUSEHOLD, VIEW_RESIDENT
from core.scoping import has_perm_anywhere
from org.coverage import per_grid
from org.models import UnitKind
from people.models import Household, Resident


def unit_counts(user, unit) -> dict:
    counts = {}
    if has_perm_anywhere(user, VIEW_HOUSEHOLD):
        counts["households"] = Household.objects.for_user(user, VIEW_HOUSEHOLD).filter(unit_path__startswith=unit.path).count()
    if has_perm_anywhere(user, VIEW_RESIDENT):
        counts["residents"] = Resident.objects.for_user(user, VIEW_RESIDENT).filter(unit_path__startswith=unit.path).count()
    return counts


def unit_page(user, unit) -> dict:
    return {
        "can_add_resident": unit.kind == UnitKind.HOUSE and user.has_perm(CHANGE_RESIDENT, unit),
        "can_view_households": user.has_perm(VIEW_HOUSEHOLD, unit),
    }


def grid_figures(user, root, length) -> dict:
    figures = {}
    if has_perm_anywhere(user, VIEW_HOUSEHOLD):
        figures["households"] = per_grid(Household.objects.for_user(user, VIEW_HOUSEHOLD), root, length)
    if has_perm_anywhere(user, VIEW_RESIDENT):
        figures["residents"] = per_grid(Resident.objects.for_user(user, VIEW_RESIDENT), root, length)
    return figures
