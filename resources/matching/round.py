"""A batch round (精准对接, S2.3): many open needs against many resources at once, assigned so that the
total score is as high as possible under each resource's free capacity, beside the greedy assignment.

1. Candidates. The needs are scored against every resource with resources.matching.score, a block of
   needs at a time (about CELLS_PER_BLOCK pairs per block: never the whole M×N matrix with all its
   factor arrays), and each need keeps its `k` best *feasible* resources (k =
   settings.RESOURCES_ROUND_CANDIDATES). These pairs are the candidate edges; an infeasible pair (wrong
   type, out of reach, no common time, over budget, outside the 居民区 served, no capacity left) is
   never an edge, so it is never assigned.
2. Optimal. A min-cost flow (OR-tools `SimpleMinCostFlow`): every need node has a supply of 1 and the
   sink a demand of M; need → resource (capacity 1, cost -round(score × 10,000)), need → sink
   (capacity 1, cost 0: the need stays unassigned) and resource → sink (capacity = free places,
   capacity_per_period - committed, cost 0). The cheapest flow is the assignment with the largest
   total score, each need at most one resource and each resource at most its free places.

   What it is optimal over: the candidate edges only (each need's k best feasible resources), with the
   scores rounded to 1/10,000 (so the true total is within M × 0.00005 of the best over those edges).
   Against all feasible pairs it can fall short only where every one of a need's k best resources
   is better used by other needs while one of its lower-ranked resources is still free. An
   unassigned need is allowed: no need is forced onto a resource.
3. Greedy. The same candidate edges in descending score (ties: lower need id, then lower resource
   id), a pair taken when the need is still unassigned and the resource has a place left. Both work on
   the same edges, so the optimal total is never below the greedy one.
"""

import dataclasses
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from ortools.graph.python import min_cost_flow

from resources.matching.load import Columns, need_block, resource_block
from resources.matching.score import NeedBlock, ResourceBlock, score

COST_SCALE = 10_000  # integer costs: round(score × COST_SCALE)
CELLS_PER_BLOCK = 500_000  # pairs scored at once (a block of needs × all resources)


@dataclass
class Candidates:
    """The candidate edges: parallel arrays over E pairs, plus every resource's free places.

    `need` and `resource` are ids (as stored); `free` maps a resource id to its free places."""

    need: np.ndarray  # E int64
    resource: np.ndarray  # E int64
    score: np.ndarray  # E float64, > 0
    free: dict
    needs_count: int = 0
    resources_count: int = 0
    seconds: float = 0.0

    def __len__(self):
        return len(self.need)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, int, float]], free: dict, needs_count: int | None = None) -> "Candidates":
        """Edges given by hand (tests, small instances): [(need_id, resource_id, score)]."""
        rows = list(pairs)
        need = np.array([r[0] for r in rows], dtype=np.int64)
        return cls(
            need=need,
            resource=np.array([r[1] for r in rows], dtype=np.int64),
            score=np.array([r[2] for r in rows], dtype=np.float64),
            free=dict(free),
            needs_count=len(set(need.tolist())) if needs_count is None else needs_count,
            resources_count=len(free),
        )


@dataclass
class Assignment:
    """[(need_id, resource_id, score)] sorted by need id, its total, how many needs it assigns, and the seconds it took."""

    pairs: list
    total: float
    assigned: int
    seconds: float

    @classmethod
    def of(cls, pairs: list, seconds: float) -> "Assignment":
        pairs = sorted(pairs)
        return cls(pairs=pairs, total=float(sum(p[2] for p in pairs)), assigned=len(pairs), seconds=seconds)


@dataclass
class RoundResult:
    optimal: Assignment
    greedy: Assignment
    needs_count: int
    resources_count: int
    edges_count: int
    candidate_seconds: float
    load_seconds: float

    @property
    def seconds(self) -> float:
        return self.load_seconds + self.candidate_seconds + self.optimal.seconds + self.greedy.seconds


def block_size(n_resources: int, cells: int = CELLS_PER_BLOCK) -> int:
    return max(1, cells // max(1, n_resources))


def _rows(nb: NeedBlock, sl: slice) -> NeedBlock:
    """Needs `sl` of a NeedBlock (every per-need array sliced along its first axis)."""
    return dataclasses.replace(nb, **{f.name: getattr(nb, f.name)[sl] for f in dataclasses.fields(nb)})


def candidates(nb: NeedBlock, rb: ResourceBlock, k: int | None = None, block: int | None = None, progress: Callable | None = None) -> Candidates:
    """Each need's `k` best feasible resources, scoring `block` needs at a time.

    `progress`, when given, wraps the iterable of blocks (e.g. tqdm) to show how far it is."""
    started = time.perf_counter()
    k = int(k or settings.RESOURCES_ROUND_CANDIDATES)
    m, n = len(nb), len(rb)
    block = block or block_size(n)
    starts = range(0, m, block)
    if progress is not None:
        starts = progress(starts)
    needs, resources, scores = [], [], []
    for lo in starts:
        if n == 0:
            continue
        part = _rows(nb, slice(lo, lo + block))
        s = score(part, rb)
        total = np.where(s.feasible, s.total, -np.inf)
        if n > k:
            top = np.argpartition(-total, k - 1, axis=1)[:, :k]
        else:
            top = np.broadcast_to(np.arange(n), (len(part), n))
        rows = np.repeat(np.arange(len(part)), top.shape[1])
        cols = top.reshape(-1)
        vals = total[rows, cols]
        keep = np.isfinite(vals) & (vals > 0)
        needs.append(part.ids[rows[keep]])
        resources.append(rb.ids[cols[keep]])
        scores.append(vals[keep])
    cat = lambda parts, dtype: np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)  # noqa: E731
    return Candidates(
        need=cat(needs, np.int64),
        resource=cat(resources, np.int64),
        score=cat(scores, np.float64),
        free={int(r): max(0, int(f)) for r, f in zip(rb.ids, rb.free, strict=True)},
        needs_count=m,
        resources_count=n,
        seconds=time.perf_counter() - started,
    )


def solve_optimal(c: Candidates) -> Assignment:
    """The assignment with the largest total (rounded) score over the candidate edges: min-cost flow."""
    started = time.perf_counter()
    keep = np.array([c.free.get(int(r), 0) > 0 for r in c.resource], dtype=bool) if len(c) else np.zeros(0, dtype=bool)
    need_ids, need_idx = np.unique(c.need[keep], return_inverse=True)
    res_ids, res_idx = np.unique(c.resource[keep], return_inverse=True)
    scores = c.score[keep]
    if not len(scores):
        return Assignment.of([], time.perf_counter() - started)
    m, r = len(need_ids), len(res_ids)
    sink = m + r
    cost = -np.rint(scores * COST_SCALE).astype(np.int64)
    free = np.array([c.free[int(x)] for x in res_ids], dtype=np.int64)
    tails = np.concatenate([need_idx, np.arange(m), m + np.arange(r)]).astype(np.int32)
    heads = np.concatenate([m + res_idx, np.full(m, sink), np.full(r, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(len(scores)), np.ones(m), free]).astype(np.int64)
    costs = np.concatenate([cost, np.zeros(m + r)]).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.concatenate([np.ones(m), np.zeros(r), [-m]]).astype(np.int64)
    smcf.set_nodes_supplies(np.arange(m + r + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:  # cannot happen: every need may go straight to the sink
        raise RuntimeError(f"min-cost flow failed: {status}")
    flows = smcf.flows(np.asarray(arcs[: len(scores)], dtype=np.int32))
    chosen = np.flatnonzero(np.asarray(flows) > 0)
    pairs = [(int(need_ids[need_idx[e]]), int(res_ids[res_idx[e]]), float(scores[e])) for e in chosen]
    return Assignment.of(pairs, time.perf_counter() - started)


def solve_greedy(c: Candidates) -> Assignment:
    """Pairs in descending score, each taken when its need is unassigned and its resource has a place."""
    started = time.perf_counter()
    order = np.lexsort((c.resource, c.need, -c.score))
    left = dict(c.free)
    taken, pairs = set(), []
    for e in order:
        need, res = int(c.need[e]), int(c.resource[e])
        if need in taken or left.get(res, 0) <= 0:
            continue
        taken.add(need)
        left[res] -= 1
        pairs.append((need, res, float(c.score[e])))
    return Assignment.of(pairs, time.perf_counter() - started)


def run_round(needs, resources, *, k: int | None = None, block: int | None = None, progress: Callable | None = None) -> RoundResult:
    """Score `needs` (a Need queryset) against `resources` (a Resource queryset: the active ones the round
    may use), build the candidate edges and solve them both ways."""
    started = time.perf_counter()
    cols = Columns.build()
    nb = need_block(needs, cols)
    rb = resource_block(resources, cols)
    load_seconds = time.perf_counter() - started
    c = candidates(nb, rb, k=k, block=block, progress=progress)
    return RoundResult(
        optimal=solve_optimal(c),
        greedy=solve_greedy(c),
        needs_count=len(nb),
        resources_count=len(rb),
        edges_count=len(c),
        candidate_seconds=c.seconds,
        load_seconds=load_seconds,
    )
