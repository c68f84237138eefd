"""Named rules: 三重一大 matters, spendings and large-sum thresholds (see deliberation/rules/__init__.py).

The register is read with VIEW_MATTER (auditors hold it) and written with MANAGE_MATTER at the unit; which steps
a matter's or spending's state allows, and the 三重一大 refusals, are the workflow's data and guards."""

from accounts.roles import MANAGE_MATTER, VIEW_MATTER
from accounts.rules import holds, object_predicate
from deliberation.workflow import MatterState, SpendingState


@object_predicate
def matter_is_pending(user, matter) -> bool:
    """Awaiting its decision or decided (not executed or withdrawn)."""
    return matter.state in (MatterState.PROPOSED, MatterState.DECIDED)


@object_predicate
def spending_is_open(user, spending) -> bool:
    """Requested or approved (not paid or refused)."""
    return spending.state in (SpendingState.REQUESTED, SpendingState.APPROVED)


RULES = {
    # the register, a matter, a spending: VIEW_MATTER at the unit (auditors)
    "deliberation.view_register": holds(VIEW_MATTER),
    # register, decide, execute, withdraw: MANAGE_MATTER at the unit; while pending
    "deliberation.change_matter": holds(MANAGE_MATTER) & matter_is_pending,
    # request, approve, refuse, pay: MANAGE_MATTER at the unit; while open
    "deliberation.change_spending": holds(MANAGE_MATTER) & spending_is_open,
    # set a unit's large-sum threshold: MANAGE_MATTER at the unit
    "deliberation.set_funds_threshold": holds(MANAGE_MATTER),
}
