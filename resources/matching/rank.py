"""Ranking the resources for one need (精准对接, S2.3): the best talents, spaces and charity projects,
each with its score and the reasons for it.

    rank(need, kinds=None, limit=20) -> [Suggestion]  # per kind, best first; .resource loaded in one query

It stays fast on a large catalogue in three steps, and returns exactly what scoring every resource
would (resources.matching.score is the one definition of the score):

1. SQL keeps only what could fit: active resources of the need's subdistrict whose types share a
   group with the need's, with a service left this period, within the budget, available in the
   need's dates, and not already live-matched to it.
2. One light query reads those rows' numbers (no weekly times), one more which of them offer a type
   asked exactly; numpy drops those beyond their reach and computes for each an upper bound of its
   score: every factor exactly as `score` does except time, taken as 1.
3. Per kind, the rows with the best bounds are loaded with `load.resource_block` and scored for real,
   a block at a time, until the `limit`-th best score beats the next row's bound. Usually one block.
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.db.models import F, Q

from org.models import SEGMENT
from resources.matching.load import Columns, need_block, resource_block
from resources.matching.score import capacity_factor, distance_factor, load_factor, pair_reasons, score, weights
from resources.models import Match, Need, Resource, ResourceKind
from resources.workflow import LIVE_MATCH_STATES

KINDS = tuple(ResourceKind.values)  # talent, space, project: the order of the page's sections
FIRST_BLOCK = 200  # rows per kind scored in the first block; each further block is 4 times larger
MAX_BLOCK = 3000  # rows per kind in one block (keeps `pk IN (...)` well inside the databases' limits)
EPS = 1e-9


@dataclass
class Suggestion:
    """One ranked resource: `reasons` as stored on a Match (score.pair_reasons), `resource` loaded."""

    resource_id: int
    kind: str
    score: float
    reasons: list = field(default_factory=list)
    resource: Resource | None = None

    @property
    def factors(self) -> dict:
        return {r["factor"]: r for r in self.reasons if r["factor"] != "excluded"}


def rank(need: Need, kinds=None, limit: int = 20) -> list[Suggestion]:
    """The `limit` best feasible resources of each kind for `need` (all kinds when `kinds` is None),
    kind by kind in KINDS order, best first (ties: the lower resource id first)."""
    wanted = {kinds} if isinstance(kinds, str) else set(kinds or ())
    kinds = [k for k in KINDS if not wanted or k in wanted] if kinds is None or wanted else []
    limit = max(0, int(limit))
    if not kinds or not limit:
        return []
    cols = Columns.build()
    nb = need_block(Need.objects.filter(pk=need.pk), cols)
    if not len(nb):
        return []
    need_types = [t for t, c in cols.type_col.items() if nb.types[0, c]]
    if not need_types:
        return []
    qs = candidates(need, nb, cols, need_types, kinds)
    bounds = _bounds(qs, nb, need_types)
    if bounds is None:
        return []
    picked = _best(nb, cols, bounds, kinds, limit)
    return _with_resources(picked)


def subdistrict_path(need: Need) -> str:
    return need.unit_path[: SEGMENT + 1]


def candidates(need: Need, nb, cols: Columns, need_types: list[int], kinds) -> "QuerySet[Resource]":  # noqa: F821
    """Step 1: the resources that could fit `need`, by SQL conditions on their own columns and types."""
    groups = {cols.type_group[t] for t in need_types}
    group_types = [t for t, g in cols.type_group.items() if g in groups]
    budget = float(nb.budget[0])
    start, end = (datetime.date.fromordinal(int(d[0])) for d in (nb.start, nb.end))  # as stored
    qs = Resource.objects.filter(
        Q(available_from__isnull=True) | Q(available_from__lte=end),
        Q(available_to__isnull=True) | Q(available_to__gte=start),
        kind__in=kinds,
        is_active=True,
        unit_path__startswith=subdistrict_path(need),
        committed__lt=F("capacity_per_period"),
        cost__lte=budget,
        pk__in=Resource.types.through.objects.filter(resourcetype_id__in=group_types).values("resource_id"),
    ).exclude(pk__in=Match.objects.filter(need_id=need.pk, state__in=LIVE_MATCH_STATES).values("resource_id"))
    return qs


@dataclass
class _Bounds:
    ids: np.ndarray
    kinds: np.ndarray
    upper: np.ndarray  # the best score each row could have (its time factor taken as 1)


def _bounds(qs, nb, need_types) -> _Bounds | None:
    """Step 2: the candidates' numbers (two queries); every factor but time exactly as `score` has it."""
    rows = list(qs.order_by().values_list("id", "kind", "lat", "lng", "reach_m", "capacity", "asked"))
    if not rows:
        return None
    exact_ids = set(Resource.types.through.objects.filter(resourcetype_id__in=need_types).values_list("resource_id", flat=True))
    ids, kinds, lat, lng, reach, capacity, asked = (list(c) for c in zip(*rows, strict=True))
    exact = [i in exact_ids for i in ids]
    lat = np.array([np.nan if v is None else float(v) for v in lat])
    lng = np.array([np.nan if v is None else float(v) for v in lng])
    reach = np.array(reach, dtype=np.float64)
    w = weights()
    _, dist_v, beyond = distance_factor(nb.lat[0], nb.lng[0], lat, lng, reach)
    cap_v = capacity_factor(nb.people[0], capacity)
    load_v = load_factor(asked)
    type_v = np.where(np.array(exact, dtype=bool), 1.0, 0.5)
    upper = w["type"] * type_v + w["distance"] * dist_v + w["time"] * 1.0 + w["capacity"] * cap_v + w["load"] * load_v
    upper = np.where(beyond, -1.0, upper)  # beyond reach: never feasible
    keep = upper >= 0
    return _Bounds(ids=np.array(ids, dtype=np.int64)[keep], kinds=np.array(kinds, dtype=object)[keep], upper=upper[keep])


def _best(nb, cols, b: _Bounds, kinds, limit) -> list[tuple[str, float, int, list]]:
    """Step 3: score blocks of the best-bounded rows until no unscored row could enter the top `limit`."""
    order = {}
    for k in kinds:
        idx = np.flatnonzero(b.kinds == k)
        order[k] = idx[np.lexsort((b.ids[idx], -b.upper[idx]))]  # best bound first, then lower id
    pos = dict.fromkeys(kinds, 0)
    done = {k: len(order[k]) == 0 for k in kinds}
    best = {k: [] for k in kinds}  # [(score, id, reasons)]
    size = max(FIRST_BLOCK, 4 * limit)
    while not all(done.values()):
        chunk = []
        for k in kinds:
            if not done[k]:
                take = order[k][pos[k] : pos[k] + min(size, MAX_BLOCK)]
                pos[k] += len(take)
                chunk.extend(int(i) for i in b.ids[take])
        rb = resource_block(Resource.objects.filter(pk__in=chunk), cols)
        s = score(nb, rb)
        for j in np.flatnonzero(s.feasible[0]):
            kind = str(rb.kinds[j])
            best[kind].append((float(s.total[0, j]), int(rb.ids[j]), pair_reasons(s, 0, int(j), nb, rb)))
        for k in kinds:
            if done[k]:
                continue
            best[k].sort(key=lambda t: (-t[0], t[1]))
            del best[k][limit:]
            left = len(order[k]) - pos[k]
            full = len(best[k]) >= limit
            done[k] = left == 0 or (full and best[k][-1][0] > b.upper[order[k][pos[k]]] + EPS)
        size *= 4
    return [(k, sc, rid, reasons) for k in kinds for sc, rid, reasons in best[k]]


def _with_resources(picked) -> list[Suggestion]:
    ids = [rid for _, _, rid, _ in picked]
    found = Resource.objects.select_related("unit", "organisation").prefetch_related("types").in_bulk(ids)
    return [Suggestion(resource_id=rid, kind=k, score=round(sc, 4), reasons=reasons, resource=found.get(rid)) for k, sc, rid, reasons in picked]


def score_pair(need: Need, resource: Resource) -> Suggestion:
    """The score and reasons of one pair, computed afresh (when staff confirm a suggestion); the score
    is 0 when a rule excludes it, and the reasons say which."""
    cols = Columns.build()
    nb = need_block(Need.objects.filter(pk=need.pk), cols)
    rb = resource_block(Resource.objects.filter(pk=resource.pk), cols)
    s = score(nb, rb)
    return Suggestion(
        resource_id=resource.pk, kind=resource.kind, score=round(float(s.total[0, 0]), 4), reasons=pair_reasons(s, 0, 0, nb, rb), resource=resource
    )
