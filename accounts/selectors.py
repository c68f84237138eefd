"""What accounts adds to org's pages (registered in AccountsConfig.ready): grid workers per grid."""

from accounts.models import RoleAssignment
from org.coverage import per_grid
from org.models import UnitKind

GRID_WORKER = "grid_worker"


def grid_figures(user, root, length) -> dict:
    """The grid workers (distinct users holding the role at a grid), per grid; everyone who sees the grids sees the count."""
    return {"workers": per_grid(RoleAssignment.objects.filter(role=GRID_WORKER, unit__kind=UnitKind.GRID), root, length, count="user_id")}
