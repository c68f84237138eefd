"""The round's solver (resources.matching.round) on arrays, without the database: the min-cost flow finds
the optimum where greedy does not, matches an exhaustive search on small random instances, respects
capacities, and never assigns a pair the score excludes; scoring in blocks gives the same candidates."""

import itertools

import numpy as np
import pytest

from resources.matching.round import Candidates, candidates, solve_greedy, solve_optimal
from resources.matching.score import WEEK_SLOTS, NeedBlock, ResourceBlock, score


def test_the_flow_finds_the_optimum_where_greedy_takes_the_best_pair_first():
    # need 1 likes X best, but X is need 2's only option: greedy gives X to need 1 and leaves need 2.
    c = Candidates.from_pairs([(1, 10, 0.9), (1, 11, 0.8), (2, 10, 0.85)], free={10: 1, 11: 1})
    greedy, optimal = solve_greedy(c), solve_optimal(c)
    assert greedy.pairs == [(1, 10, 0.9)] and greedy.total == pytest.approx(0.9)
    assert optimal.pairs == [(1, 11, 0.8), (2, 10, 0.85)] and optimal.total == pytest.approx(1.65)
    assert (optimal.assigned, greedy.assigned) == (2, 1)


def test_a_resource_with_two_places_serves_two_needs_and_one_with_none_serves_nobody():
    c = Candidates.from_pairs([(1, 10, 0.9), (2, 10, 0.8), (3, 10, 0.7), (3, 11, 0.95)], free={10: 2, 11: 0})
    for a in (solve_optimal(c), solve_greedy(c)):
        assert a.pairs == [(1, 10, 0.9), (2, 10, 0.8)]


def test_no_edges_give_an_empty_assignment():
    c = Candidates.from_pairs([], free={10: 1}, needs_count=3)
    assert solve_optimal(c).pairs == [] and solve_greedy(c).total == 0


def exhaustive_best(c: Candidates) -> float:
    """The best total by trying every choice for every need (its resources or none)."""
    options = {}
    for n, r, s in zip(c.need.tolist(), c.resource.tolist(), c.score.tolist(), strict=True):
        options.setdefault(n, [(None, 0.0)]).append((r, s))
    best = 0.0
    for choice in itertools.product(*options.values()):
        used = {}
        for r, _ in choice:
            if r is not None:
                used[r] = used.get(r, 0) + 1
        if all(k <= c.free[r] for r, k in used.items()):
            best = max(best, sum(s for _, s in choice))
    return best


def random_instance(rng, needs=5, resources=3, density=0.6) -> Candidates:
    pairs = [
        (n, 100 + r, int(rng.integers(1, 10_000)) / 10_000)  # exact in 1/10,000: the flow's integer costs lose nothing
        for n in range(needs)
        for r in range(resources)
        if rng.random() < density
    ]
    return Candidates.from_pairs(pairs, free={100 + r: int(rng.integers(0, 3)) for r in range(resources)})


@pytest.mark.parametrize("seed", range(12))
def test_the_flow_equals_an_exhaustive_search_and_is_never_below_greedy(seed):
    c = random_instance(np.random.default_rng(seed))
    optimal, greedy = solve_optimal(c), solve_greedy(c)
    assert optimal.total == pytest.approx(exhaustive_best(c), abs=1e-9)
    assert optimal.total >= greedy.total - 1e-9


@pytest.mark.parametrize("seed", range(4))
def test_each_need_gets_at_most_one_resource_and_no_resource_more_than_its_places(seed):
    c = random_instance(np.random.default_rng(100 + seed), needs=40, resources=9, density=0.4)
    offered = {(n, r): s for n, r, s in zip(c.need.tolist(), c.resource.tolist(), c.score.tolist(), strict=True)}
    for a in (solve_optimal(c), solve_greedy(c)):
        needs = [n for n, _, _ in a.pairs]
        assert len(needs) == len(set(needs))
        for r, free in c.free.items():
            assert sum(1 for _, x, _ in a.pairs if x == r) <= free
        assert all(offered[(n, r)] == s for n, r, s in a.pairs)  # only candidate edges, with their scores
    assert solve_optimal(c).total >= solve_greedy(c).total - 1e-9


def random_blocks(rng, m=23, n=17, t=4, g=2, d=2):
    """Needs and resources as arrays, a good share of the pairs infeasible for one reason or another."""
    type_group = np.array([0, 0, 1, 1])
    n_types = rng.random((m, t)) < 0.4
    r_types = rng.random((n, t)) < 0.4

    def groups(types):
        out = np.zeros((len(types), g), dtype=bool)
        for j in range(t):
            out[:, type_group[j]] |= types[:, j]
        return out

    def masks(k):
        out = np.zeros((k, WEEK_SLOTS), dtype=bool)
        for i in range(k):
            lo = int(rng.integers(0, WEEK_SLOTS - 20))
            out[i, lo : lo + int(rng.integers(4, 60))] = True
        return out

    needs = NeedBlock(
        ids=np.arange(1, m + 1), types=n_types, groups=groups(n_types), mask=masks(m),
        lat=31.02 + rng.random(m) * 0.02, lng=121.22 + rng.random(m) * 0.03, people=rng.integers(5, 60, m),
        budget=np.where(rng.random(m) < 0.5, 0.0, 300.0), start=np.full(m, 700_000), end=np.full(m, 700_030),
        district=rng.integers(-1, d, m),
    )  # fmt: skip
    res = ResourceBlock(
        ids=np.arange(101, 101 + n), kinds=np.array(["talent"] * n, dtype=object), types=r_types, groups=groups(r_types), mask=masks(n),
        lat=31.02 + rng.random(n) * 0.02, lng=121.22 + rng.random(n) * 0.03, reach=rng.integers(800, 4000, n).astype(float),
        capacity=rng.integers(5, 60, n), free=rng.integers(0, 3, n), cost=np.where(rng.random(n) < 0.3, 200.0, 0.0),
        asked=rng.integers(0, 4, n), start=np.full(n, 699_990), end=np.full(n, 700_100),
        districts=rng.random((n, d)) < 0.5, restricted=rng.random(n) < 0.3,
    )  # fmt: skip
    return needs, res


@pytest.mark.parametrize("seed", range(3))
def test_candidates_are_each_needs_best_feasible_pairs_whatever_the_block_size(seed):
    needs, res = random_blocks(np.random.default_rng(seed))
    full = score(needs, res)
    assert 0 < full.feasible.sum() < full.feasible.size  # the instance has both kinds of pairs
    k = 3
    whole = candidates(needs, res, k=k, block=len(needs))
    blocked = candidates(needs, res, k=k, block=4)
    assert sorted(zip(whole.need.tolist(), whole.resource.tolist(), strict=True)) == sorted(zip(blocked.need.tolist(), blocked.resource.tolist(), strict=True))
    for i, need_id in enumerate(needs.ids.tolist()):
        feasible = np.flatnonzero(full.feasible[i])
        kept = blocked.resource[blocked.need == need_id]
        assert len(kept) == min(k, len(feasible))
        assert all(full.feasible[i, r - 101] for r in kept.tolist())  # never an infeasible pair
        if len(kept):
            worst_kept = min(full.total[i, r - 101] for r in kept.tolist())
            left_out = [full.total[i, j] for j in feasible if res.ids[j] not in set(kept.tolist())]
            assert all(s <= worst_kept + 1e-12 for s in left_out)
    for a in (solve_optimal(blocked), solve_greedy(blocked)):
        assert all(full.feasible[n - 1, r - 101] for n, r, _ in a.pairs)
        assert all(full.total[n - 1, r - 101] == pytest.approx(s) for n, r, s in a.pairs)
