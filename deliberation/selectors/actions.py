"""Reads of resolutions' actions and the resolutions board.

A resolution's progress is the weighted mean of its actions' progress (a done action counts 100, a cancelled one
not at all: Decidim's accountability), computed in the database by a correlated subquery per row of the page
(`with_progress`), so a page of decisions costs the same few queries however many actions there are."""

import datetime
import functools
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value, When, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.models import RoleAssignment
from accounts.roles import ROLES, VIEW_BODY
from core.scoping import scope_paths
from deliberation.models import Action, ActionTransition
from deliberation.workflow import ACTION_WORKFLOW, OPEN_ACTION_STATES, ActionState
from meetings.models import Decision
from meetings.workflow import DecisionState
from org.models import Unit, UnitKind

ACTION_RELATED = ("unit", "responsible_unit", "responsible_user", "case", "escalated_to", "decision__meeting__body")


def _paths_q(paths, field: str = "unit_path") -> Q:
    q = Q(pk__in=[])
    for p in paths or ():
        q |= Q(**{f"{field}__startswith": p})
    return q


STAFF_ROLES = tuple(code for code, role in ROLES.items() if VIEW_BODY in role.perms)


def staff_unit_ids(user) -> list[int]:
    """The units where the user works with deliberation (a role granting VIEW_BODY held there): the units whose
    actions are theirs to follow up. Kept on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_deliberation_staff_units", None)
    if cached is None:
        cached = user._deliberation_staff_units = list(RoleAssignment.objects.filter(user=user, role__in=STAFF_ROLES).values_list("unit_id", flat=True))
    return cached


def actions_visible(user):
    """Actions under the user's VIEW_BODY scope, and the actions the user (or a unit they work at) is responsible for."""
    if not getattr(user, "is_authenticated", False):
        return Action.objects.none()
    q = _paths_q(scope_paths(user, VIEW_BODY)) | Q(responsible_user=user)
    units = staff_unit_ids(user)
    if units:
        q |= Q(responsible_unit_id__in=units)
    return Action.objects.filter(q)


def overdue_q(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(state__in=OPEN_ACTION_STATES, deadline__lt=today)


def my_actions(user):
    """Open actions the user or one of their units answers for."""
    q = Q(responsible_user=user)
    units = staff_unit_ids(user)
    if units:
        q |= Q(responsible_unit_id__in=units)
    return Action.objects.filter(q, state__in=OPEN_ACTION_STATES)


def action_timeline(action):
    return list(ActionTransition.objects.filter(item=action).select_related("by").order_by("at", "id"))


# --- a resolution's progress ------------------------------------------------------------------------------


def _effective_progress():
    """An action's progress as it counts: a done action 100, otherwise its reported progress."""
    return Case(When(state=ActionState.DONE, then=Value(100)), default=F("progress"), output_field=IntegerField())


def _weighted_mean(wp: int, w: int) -> int:
    """Σ(weight × progress) / Σ weight, rounded half up, in integers."""
    return (2 * wp + w) // (2 * w)


def _counted(**filters):
    return Action.objects.filter(decision=OuterRef("pk"), **filters).exclude(state=ActionState.CANCELLED).order_by().values("decision")


def with_progress(decisions, today=None):
    """Annotate `progress` (0-100, None without actions; the weighted mean, rounded), `n_actions` (not cancelled),
    `n_open` and `n_overdue`: one correlated subquery each, run for the page's rows only."""
    today = today or timezone.localdate()
    effective = _effective_progress()
    weighted = _counted().annotate(v=(Sum(F("weight") * effective) * 2 + Sum("weight")) / (Sum("weight") * 2)).values("v")
    count = _counted().annotate(n=Count("id")).values("n")
    still_open = _counted(state__in=OPEN_ACTION_STATES).annotate(n=Count("id")).values("n")
    late = _counted(state__in=OPEN_ACTION_STATES, deadline__lt=today).annotate(n=Count("id")).values("n")
    return decisions.annotate(
        progress=Subquery(weighted, output_field=IntegerField()),
        n_actions=Coalesce(Subquery(count, output_field=IntegerField()), 0),
        n_open=Coalesce(Subquery(still_open, output_field=IntegerField()), 0),
        n_overdue=Coalesce(Subquery(late, output_field=IntegerField()), 0),
    )


def attach_progress(decisions, today=None) -> list:
    """The same figures as `with_progress` for a page of decisions already fetched, in ONE grouped query over their
    actions (cheaper to build and run than four correlated subqueries per row): sets `progress`, `n_actions`,
    `n_open`, `n_overdue` on each and returns the list."""
    decisions = list(decisions)
    today = today or timezone.localdate()
    effective = _effective_progress()
    rows = (
        (
            Action.objects.filter(decision_id__in=[d.pk for d in decisions])
            .exclude(state=ActionState.CANCELLED)
            .order_by()
            .values("decision_id")
            .annotate(
                w=Sum("weight"),
                wp=Sum(F("weight") * effective),
                n=Count("id"),
                n_open=Count("id", filter=Q(state__in=OPEN_ACTION_STATES)),
                n_overdue=Count("id", filter=Q(state__in=OPEN_ACTION_STATES, deadline__lt=today)),
            )
        )
        if decisions
        else []
    )
    by_id = {r["decision_id"]: r for r in rows}
    for d in decisions:
        r = by_id.get(d.pk)
        d.progress = _weighted_mean(r["wp"], r["w"]) if r else None
        d.n_actions, d.n_open, d.n_overdue = (r["n"], r["n_open"], r["n_overdue"]) if r else (0, 0, 0)
    return decisions


def resolution_progress(decision) -> int | None:
    """One decision's progress (the same computation, for a single page)."""
    return with_progress(Decision.objects.filter(pk=decision.pk)).values_list("progress", flat=True).first()


# --- the resolutions board ------------------------------------------------------------------------------------

BOARD_STATES = ("no_actions", "in_progress", "done")


def board_filter(decisions, *, under=None, body=None, state="", overdue=False, today=None):
    today = today or timezone.localdate()
    if under is not None:
        decisions = decisions.filter(unit_path__startswith=under.path)
    if body is not None:
        decisions = decisions.filter(meeting__body=body)
    live = Action.objects.filter(decision=OuterRef("pk")).exclude(state=ActionState.CANCELLED)
    if state == "no_actions":
        decisions = decisions.filter(~Exists(live))
    elif state == "in_progress":
        decisions = decisions.filter(Exists(live.filter(state__in=OPEN_ACTION_STATES)))
    elif state == "done":
        decisions = decisions.filter(Exists(live)).filter(~Exists(live.filter(state__in=OPEN_ACTION_STATES)))
    if overdue:
        decisions = decisions.filter(Exists(live.filter(overdue_q(today))))
    return decisions


ACTIONS_SHOWN = 8  # per decision on the board (the count of all is annotated): a page holds at most 160 actions
BOARD_DECISION_FIELDS = (
    "id", "unit_path", "state", "text", "mode", "votes_for", "votes_against", "votes_abstain", "is_public", "meeting__id", "meeting__title",
    "meeting__starts_at", "meeting__body__id", "meeting__body__name", "meeting__body__unit__id", "meeting__body__unit__name",
)  # fmt: skip


def api_actions():
    """Every action of a decision, with what the API's action rows carry."""
    return Action.objects.select_related("unit", "case").order_by("deadline", "id")


def board_decisions(user, *, public_only: bool = False, actions=None):
    """Adopted decisions in the user's VIEW_BODY scope, newest first, with their meeting and body. A page of them is
    made ready by `board_rows` once cut (its first actions and figures, one query); with `actions`, those actions
    are prefetched as `decision.board_actions` instead (the API's rows, whose figures `attach_progress` adds)."""
    return board_page_of(Decision.objects.for_user(user, VIEW_BODY).filter(state=DecisionState.ADOPTED), public_only=public_only, actions=actions)


def board_page_of(decisions, *, public_only: bool = False, actions=None):
    if public_only:
        decisions = decisions.filter(is_public=True)
    decisions = decisions.select_related("meeting__body__unit").only(*BOARD_DECISION_FIELDS).order_by("-id")
    if actions is None:
        return decisions
    if public_only:
        actions = actions.filter(is_public=True)
    return decisions.prefetch_related(Prefetch("actions", queryset=actions, to_attr="board_actions"))


@dataclass(slots=True)
class BoardAction:
    """An action as a board row shows it (read as a `values_list()` row: a page holds up to 160 of them, and
    building model instances for them cost more than the queries)."""

    pk: int
    title: str
    responsible_name: str
    deadline: object
    progress: int
    state: str
    escalated_to_name: str | None

    workflow = ACTION_WORKFLOW  # the state badge reads its labels and tones

    def get_state_display(self) -> str:
        return str(self.workflow.label(self.state))


def _flag(q: Q):
    return Case(When(q, then=Value(1)), default=Value(0), output_field=IntegerField())


_ID, _TODAY, _TODAY_TEXT = object(), object(), object()  # where a page's ids and today (as a date, or text on SQLite) go
_SENTINEL_DAY = datetime.date(1901, 2, 3)


@functools.cache
def _board_rows_sql(n: int, public_only: bool, vendor: str) -> tuple[str, list]:
    """The query of `board_rows` for `n` decisions, compiled by the ORM once per process and shape (building it,
    six window functions of conditional sums, costs ten times what the database takes to run it): its SQL and its
    parameters, with `_ID` and `_TODAY` where the page's ids and today go."""
    ids, today = [-1_000_001 - k for k in range(n)], _SENTINEL_DAY  # ids no decision has
    live = ~Q(state=ActionState.CANCELLED)
    counted = Case(When(live, then=F("weight")), default=Value(0), output_field=IntegerField())
    effective = _effective_progress()
    mine = {"partition_by": [F("decision_id")]}
    numbered = [F("decision_id"), F("is_public")] if public_only else [F("decision_id")]
    qs = (
        Action.objects.filter(decision_id__in=ids)
        .annotate(
            rn=Window(RowNumber(), partition_by=numbered, order_by=[F("deadline").asc(nulls_last=True), F("id").asc()]),
            w=Window(Sum(counted), **mine),
            wp=Window(Sum(counted * effective), **mine),
            n=Window(Sum(_flag(live)), **mine),
            n_open=Window(Sum(_flag(Q(state__in=OPEN_ACTION_STATES))), **mine),
            n_overdue=Window(Sum(_flag(overdue_q(today))), **mine),
        )
        .filter(rn__lte=ACTIONS_SHOWN)
        .order_by("decision_id", "rn", "is_public")
        .values_list(
            "decision_id", "id", "title", "responsible_name", "deadline", "progress", "state", "escalated_to__name", "is_public",
            "w", "wp", "n", "n_open", "n_overdue",
        )
    )  # fmt: skip
    sql, params = qs.query.sql_with_params()
    marked = [_ID if p in ids else _TODAY if p == today else _TODAY_TEXT if p == today.isoformat() else p for p in params]
    if marked.count(_ID) != n or not ({_TODAY, _TODAY_TEXT} & set(marked)):
        raise AssertionError("board_rows: the page's ids or today were not found among the query's parameters")
    return sql, marked


def board_rows(decisions, *, public_only: bool = False, today=None) -> list:
    """A page of decisions, already fetched, made ready for the board in ONE query over their actions: each gets
    `board_actions` (the first ACTIONS_SHOWN by deadline, as `BoardAction`; public ones only with `public_only`)
    and the figures of `attach_progress` (`progress`, `n_actions`, `n_open`, `n_overdue`, over all of their actions
    that are not cancelled, public or not). Row numbers and figures are window functions over the page's actions;
    the first rows are kept in the database (Django wraps a filter on a window function in an outer query). The
    query is compiled once per page size (`_board_rows_sql`)."""
    decisions = list(decisions)
    today = today or timezone.localdate()
    for d in decisions:
        d.board_actions, d.progress, d.n_actions, d.n_open, d.n_overdue = [], None, 0, 0, 0
    if not decisions:
        return decisions
    ids = [d.pk for d in decisions]
    with connection.cursor() as cursor:
        sql, params = _board_rows_sql(len(ids), public_only, connection.vendor)
        cursor.execute(sql, [ids.pop(0) if p is _ID else today if p is _TODAY else today.isoformat() if p is _TODAY_TEXT else p for p in params])
        rows = cursor.fetchall()
    text_dates = connection.vendor == "sqlite"  # a raw SQLite cursor gives dates as text
    by_id = {d.pk: d for d in decisions}
    for decision_id, pk, title, who, deadline, progress, state, escalated, is_public, w, wp, n, n_open, n_overdue in rows:
        d = by_id[decision_id]
        if w:
            d.progress = _weighted_mean(wp, w)
        d.n_actions, d.n_open, d.n_overdue = n, n_open, n_overdue
        if is_public or not public_only:
            if text_dates and isinstance(deadline, str):
                deadline = datetime.date.fromisoformat(deadline)
            d.board_actions.append(BoardAction(pk, title, who, deadline, progress, state, escalated))
    return decisions


def home_district_paths(user) -> list[str]:
    """The paths of the 居民区 a resident lives in (their resident roles' houses)."""
    if not getattr(user, "is_authenticated", False):
        return []
    homes = RoleAssignment.objects.filter(user=user, role="resident").values_list("unit_path", flat=True)
    ancestors = {p[: i + 1] for p in homes for i, ch in enumerate(p) if ch == "."}
    return list(Unit.objects.filter(path__in=ancestors, kind=UnitKind.DISTRICT).values_list("path", flat=True)) if ancestors else []


def resident_board(user):
    """The public adopted decisions of the resident's own 居民区, with their public actions and progress."""
    paths = home_district_paths(user)
    return board_page_of(Decision.objects.filter(_paths_q(paths), state=DecisionState.ADOPTED), public_only=True)


def overdue_actions(user, now=None):
    """Open actions past their deadline in the user's VIEW_BODY scope (the work item), escalated or not."""
    today = timezone.localtime(now).date() if now else timezone.localdate()
    return Action.objects.for_user(user, VIEW_BODY).filter(overdue_q(today))
