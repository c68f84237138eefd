"""Who acts on which case now: "my queue" and the handler match (data first; the rules that use them are in `rules.py`).

A handler's queue is the dispatched or in-progress cases whose *handling unit* lies under a unit where
the user holds a role that handles that kind of case (`HANDLER_KINDS_BY_ROLE`); everything else is
checked against the case's own unit with the usual capability (`rules.STEP_RIGHTS`).
"""

from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Q, Value, When
from django.utils import timezone

from accounts.roles import CHANGE_CASE, DISPATCH_CASE, VERIFY_CASE, VIEW_CASE
from accounts.scope import grants, scope_paths
from cases.models import Case, HandlerKind, late_q
from cases.workflow import CaseState

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

