"""Who acts on which case now: "my queue", the handler match and the steps a user may take (data first).

A handler's queue is the dispatched or in-progress cases whose *handling unit* lies under a unit where
the user holds a role that handles that kind of case (`HANDLER_KINDS_BY_ROLE`); everything else is
checked against the case's own unit with the usual capability (`STEP_PERMS`).
"""

from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, SUPERVISE_CASE, VERIFY_CASE, VIEW_CASE, VIEW_PII
from accounts.scope import grants, scope_paths

from .models import Case, HandlerKind, late_q
from .workflow import CASE_WORKFLOW, CaseState

S = CaseState

# role code -> the kinds of case that role handles (at the unit where the role is held, and below)
HANDLER_KINDS_BY_ROLE: dict[str, frozenset[str]] = {
    "property_company": frozenset({HandlerKind.PROPERTY}),
    "police": frozenset({HandlerKind.POLICE}),
    "committee_secretary": frozenset({HandlerKind.COMMITTEE}),
    "social_worker": frozenset({HandlerKind.COMMITTEE}),
    "grid_worker": frozenset({HandlerKind.GRID}),
    "subdistrict_admin": frozenset({HandlerKind.DEPARTMENT}),  # the office acts for the departments
}

HANDLER_STEPS = frozenset({"start", "complete", "request_extension"})
# step -> the capabilities (any of them) needed on the case itself; handler steps are checked by `may_handle`
STEP_PERMS: dict[str, tuple[str, ...]] = {
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
# who may see a caller's full number to call them back (「以便回电」): those who register cases and make the
# return visit (回访) there, those holding the right to personal data there, and the case's handler
CONTACT_PERMS: tuple[str, ...] = (CHANGE_CASE, VIEW_PII)
# the capability whose holders must act on cases in a state ("my queue"), for states checked on the case's unit
QUEUE_BY_PERM: tuple[tuple[str, str], ...] = (
    (CHANGE_CASE, S.REPORTED),
    (DISPATCH_CASE, S.ACCEPTED),
    (VERIFY_CASE, S.COMPLETED),
)
HANDLER_STATES = (S.DISPATCHED, S.IN_PROGRESS)


def handler_grants(user) -> list[tuple[str, frozenset[str]]]:
    """[(unit path, kinds handled there)] for the user's roles that handle cases."""
    return [(path, HANDLER_KINDS_BY_ROLE[role]) for role, path in grants(user) if role in HANDLER_KINDS_BY_ROLE]


def may_handle(user, case: Case) -> bool:
    """The user handles this case: its handling unit is under a unit where they hold a role of its kind."""
    if not case.handling_unit_id or not case.handler_kind:
        return False
    path = case.handling_unit.path
    return any(path.startswith(p) and case.handler_kind in kinds for p, kinds in handler_grants(user))


def _handler_q(user) -> Q:
    q = Q()
    for path, kinds in handler_grants(user):
        q |= Q(handling_unit__path__startswith=path, handler_kind__in=sorted(kinds))
    return q


def _paths_q(paths) -> Q:
    q = Q()
    for p in paths or ():
        q |= Q(unit_path__startswith=p)
    return q


def visible_q(user) -> Q | None:
    """What the user may see: their VIEW_CASE scope, plus cases dispatched to them outside it."""
    view = scope_paths(user, VIEW_CASE) or []
    q = _paths_q(view)
    for path, kinds in handler_grants(user):
        if not any(path.startswith(v) for v in view):
            q |= Q(handling_unit__path__startswith=path, handler_kind__in=sorted(kinds))
    return q if q else None


def cases_visible_to(user):
    q = visible_q(user)
    return Case.objects.filter(q) if q is not None else Case.objects.none()


def queue_q(user) -> Q | None:
    """The cases waiting for this user to act, by capability (see the module docstring)."""
    q = Q()
    for perm, state in QUEUE_BY_PERM:
        paths = scope_paths(user, perm)
        if paths:
            q |= Q(state=state) & _paths_q(paths)
    handler = _handler_q(user)
    if handler:
        q |= Q(state__in=HANDLER_STATES) & handler
    return q if q else None


def with_lateness(qs, now=None):
    """Annotate `late` (0 overdue, 1 not) so a queue can put overdue cases first."""
    now = now or timezone.now()
    late = SqlCase(When(late_q(now), then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(late=late)


def cases_my_queue(user, now=None):
    """My queue: overdue first, then by due time (none last), newest first."""
    q = queue_q(user)
    if q is None:
        return Case.objects.none()
    return with_lateness(Case.objects.filter(q), now).order_by("late", F("due_at").asc(nulls_last=True), "-id")


def allowed_steps(user, case: Case) -> list[str]:
    """The workflow steps the user may take on the case now (its state and the step's guards allow them, and the user holds the right)."""
    steps = []
    for step in CASE_WORKFLOW.steps_from(case.state):
        if any(guard(case) for guard in step.guards):
            continue
        if step.action in HANDLER_STEPS:
            ok = may_handle(user, case)
        else:
            perms = STEP_PERMS.get(step.action)
            ok = bool(perms) and any(user.has_perm(p, case) for p in perms)
        if ok and step.action not in steps:
            steps.append(step.action)
    return steps


def may_step(user, case: Case, action: str) -> bool:
    """Whether the user holds the right for `action` on this case, whatever its state (403 when not)."""
    if action in HANDLER_STEPS:
        return may_handle(user, case)
    return any(user.has_perm(p, case) for p in STEP_PERMS.get(action, ()))


def may_reveal_contact(user, case: Case) -> bool:
    """Whether the user may see the case's contact number in full (an audited reveal): see `CONTACT_PERMS`."""
    return may_handle(user, case) or any(user.has_perm(p, case) for p in CONTACT_PERMS)
