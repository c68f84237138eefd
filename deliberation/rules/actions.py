"""Named rules: resolutions' actions (see deliberation/rules/__init__.py).

Who someone is to an action: its responsible person, or staff of its responsible unit (a role granting VIEW_BODY
held at that unit itself). Those, and staff holding MANAGE_ACTION at the action's unit, follow it up (progress,
finish); only MANAGE_ACTION holders assign, cancel or open a case from it. The steps the state allows are the
workflow's data."""

from accounts.roles import MANAGE_ACTION, VIEW_BODY
from accounts.rules import holds, object_predicate
from deliberation.selectors.actions import staff_unit_ids
from deliberation.workflow import OPEN_ACTION_STATES


@object_predicate
def is_action_owner(user, action) -> bool:
    """The action's responsible person, or staff of its responsible unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if action.responsible_user_id and action.responsible_user_id == user.pk:
        return True
    if not action.responsible_unit_id:
        return False
    return action.responsible_unit_id in staff_unit_ids(user)


@object_predicate
def action_is_open(user, action) -> bool:
    """To do or in progress (not done or cancelled)."""
    return action.state in OPEN_ACTION_STATES


@object_predicate
def action_has_no_case(user, action) -> bool:
    return not action.case_id


follows_up = is_action_owner | holds(MANAGE_ACTION)

RULES = {
    # see an action: VIEW_BODY at its unit, or being its owner
    "deliberation.view_action": holds(VIEW_BODY) | is_action_owner,
    # progress and finish: its owner, or MANAGE_ACTION at its unit; while open
    "deliberation.progress_action": follows_up & action_is_open,
    "deliberation.finish_action": follows_up & action_is_open,
    # cancel: MANAGE_ACTION at its unit; while open
    "deliberation.cancel_action": holds(MANAGE_ACTION) & action_is_open,
    # open a case in one step: MANAGE_ACTION at its unit; while open and without a case
    "deliberation.open_case_from_action": holds(MANAGE_ACTION) & action_is_open & action_has_no_case,
    # assign actions (object: the unit or the decision): MANAGE_ACTION there
    "deliberation.assign_action": holds(MANAGE_ACTION),
}
