"""The case system's named rules (django-rules): who may take which step, see a caller's number, act on their own case.

Object predicates say who someone is to a case; phase predicates say where the case is; the named
permissions compose them with the capability predicates of `accounts.rules` (a capability held at the
case's unit or above). Pages, API and services ask the same names:
`user.has_perm("cases.step_dispatch", case)`, `user.has_perm("cases.reveal_contact", case)`.
Which steps a state allows, and their guards (a reopening period, one rating), are the workflow's data
(`cases.workflow`); a `cases.step_*` permission is the right to take the step at all (403 without it).

Registered here (the guard test in `cases/tests/test_rules.py` checks this list):
"""

import rules

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, SUPERVISE_CASE, VERIFY_CASE, VIEW_CASE, VIEW_PII
from accounts.rules import holds, object_predicate
from cases.queues import handler_grants
from cases.workflow import CASE_WORKFLOW, CaseState, within_reopen_period

S = CaseState

# --- who someone is to a case ---------------------------------------------------------------------


@object_predicate
def is_case_handler(user, case) -> bool:
    """The case's handling unit lies under a unit where the user holds a role that handles its kind (`queues.HANDLER_KINDS_BY_ROLE`)."""
    if not case.handling_unit_id or not case.handler_kind:
        return False
    path = case.handling_unit.path
    return any(path.startswith(p) and case.handler_kind in kinds for p, kinds in handler_grants(user))


@object_predicate
def is_case_reporter(user, case) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and case.reporter_id == user.pk


@object_predicate
def is_case_follower(user, case) -> bool:
    """The reporter, or a follower (a reporter of a case merged into it, or someone who said "me too")."""
    if not getattr(user, "is_authenticated", False):
        return False
    return case.reporter_id == user.pk or case.followers.filter(pk=user.pk).exists()


# --- where the case is ------------------------------------------------------------------------------


@object_predicate
def case_is_open(user, case) -> bool:
    return case.is_open


@object_predicate
def case_awaits_dispatch(user, case) -> bool:
    """Accepted (立案) and not dispatched yet: what a bulk dispatch takes."""
    return case.state == S.ACCEPTED


@object_predicate
def case_is_completed(user, case) -> bool:
    return case.state == S.COMPLETED


@object_predicate
def case_is_closed(user, case) -> bool:
    return case.state == S.CLOSED


@object_predicate
def case_is_not_rated(user, case) -> bool:
    return not case.rating


@object_predicate
def case_is_within_reopen_period(user, case) -> bool:
    return within_reopen_period(case) is None


# --- named permissions -----------------------------------------------------------------------------

# the handler's steps: by whoever handles the case (its kind, at its handling unit)
HANDLER_STEPS = ("start", "complete", "request_extension")
# step -> the capabilities (any of them) needed on the case itself
STEP_RIGHTS: dict[str, tuple[str, ...]] = {
    "accept": (CHANGE_CASE,),
    "reject": (CHANGE_CASE,),
    "merge": (CHANGE_CASE,),
    "dispatch": (DISPATCH_CASE,),
    "verify_pass": (VERIFY_CASE,),
    "verify_fail": (VERIFY_CASE,),
    "rate": (CHANGE_CASE,),  # 回访: staff record the reporter's rating after calling back
    "supervise": (SUPERVISE_CASE,),
    "approve_extension": (DISPATCH_CASE, SUPERVISE_CASE),  # 延期审批: the staff who dispatch or supervise
    "refuse_extension": (DISPATCH_CASE, SUPERVISE_CASE),
    "reopen": (CHANGE_CASE, SUPERVISE_CASE),
}


def step_perm(action: str) -> str:
    """The named permission of a workflow step: `cases.step_<action>`."""
    return f"cases.step_{action}"


def _any_of(perms):
    predicate = holds(perms[0])
    for perm in perms[1:]:
        predicate = predicate | holds(perm)
    return predicate


STEP_RULES = {step_perm(a): is_case_handler for a in HANDLER_STEPS} | {step_perm(a): _any_of(p) for a, p in STEP_RIGHTS.items()}

RULES = {
    **STEP_RULES,
    # see the caller's full number to call them back (「以便回电」): those who register cases and make the
    # return visit there, those holding the right to personal data there, and the case's handler
    "cases.reveal_contact": is_case_handler | holds(CHANGE_CASE) | holds(VIEW_PII),
    # a reporter's own steps on the resident pages (核查, 评价, 重新打开): 403 for anyone else
    "cases.act_as_reporter": is_case_reporter,
    "cases.verify_own_case": is_case_reporter & case_is_completed,
    "cases.rate_own_case": is_case_reporter & case_is_closed & case_is_not_rated,
    "cases.reopen_own_case": is_case_reporter & case_is_closed & case_is_within_reopen_period,
    # the notes and photos of a case: its followers, and staff who see cases there
    "cases.see_case_notes": is_case_follower,
    "cases.view_case_photo": is_case_follower | holds(VIEW_CASE),
    # "this is my problem too": an open case only
    "cases.follow_case": case_is_open,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)


def allowed_steps(user, case) -> list[str]:
    """The workflow steps the user may take on the case now: its state and the step's guards allow them
    (the workflow's data), and the user holds the step's named permission."""
    steps = []
    for step in CASE_WORKFLOW.steps_from(case.state):
        if any(guard(case) for guard in step.guards):
            continue
        if step.action not in steps and step_perm(step.action) in RULES and user.has_perm(step_perm(step.action), case):
            steps.append(step.action)
    return steps

