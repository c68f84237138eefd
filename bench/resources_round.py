"""A batch round of 5,000 needs against 5,000 resources (`make bench-resources`, second half).

Makes its own benchmark subdistrict (`BENCH-ROUND`, 22 居民区) with bench/resources_rank.py's builders:
5,000 catalogue rows (80% talents, 10% spaces, 10% projects) with few services per period, so capacity
is scarce and the assignment matters, and 5,000 open needs. Then `resources.matching.round.run_round`,
as the round pages and `manage.py match_round` run it, timed in its parts:

- loading the rows into arrays (resources.matching.load),
- building the candidate edges: the needs scored in blocks against every resource
  (resources.matching.score), each need keeping its RESOURCES_ROUND_CANDIDATES best feasible ones,
- the optimal assignment (OR-tools min-cost flow) and the greedy one, over the same edges;

and prints the total score of each, their ratio, and the needs each assigns. Two checks: on a small
instance of the same data (60 needs × 60 resources) the optimum is at least the greedy total, and on
small random instances (arrays only) the flow equals an exhaustive search. The rows are deleted at the
end (and at the start, if a previous run was interrupted).

Environment: BENCH_ROUND_NEEDS (5000), BENCH_ROUND_RESOURCES (5000), BENCH_SEED (7).
"""

import itertools
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import resources_rank as world  # noqa: E402  the builders and the clean-up

NEEDS = int(os.environ.get("BENCH_ROUND_NEEDS", 5000))
RESOURCES = int(os.environ.get("BENCH_ROUND_RESOURCES", 5000))
SEED = int(os.environ.get("BENCH_SEED", 7))
CODE = "BENCH-ROUND"


def exhaustive_checks(instances: int = 30) -> tuple[int, int]:
    """Small random instances solved by the flow and by trying every choice: (instances, how many agree)."""
    import numpy as np

    from resources.matching.round import Candidates, solve_greedy, solve_optimal

    agree = 0
    for seed in range(instances):
        rng = np.random.default_rng(seed)
        pairs = [(n, 100 + r, int(rng.integers(1, 10_000)) / 10_000) for n in range(6) for r in range(3) if rng.random() < 0.6]
        c = Candidates.from_pairs(pairs, free={100 + r: int(rng.integers(0, 3)) for r in range(3)})
        options = {}
        for n, r, s in pairs:
            options.setdefault(n, [(None, 0.0)]).append((r, s))
        best = 0.0
        for choice in itertools.product(*options.values()):
            used = [r for r, _ in choice if r is not None]
            if all(used.count(r) <= c.free[r] for r in set(used)):
                best = max(best, sum(s for _, s in choice))
        opt = solve_optimal(c).total
        agree += abs(opt - best) < 1e-9 and opt >= solve_greedy(c).total - 1e-9
    return instances, agree


def main() -> None:
    world.start()
    from django.conf import settings
    from django.db import connection

    from resources.matching.round import run_round
    from resources.models import Need, NeedState, Resource

    rng = random.Random(SEED)
    world.cleanup(CODE)
    try:
        t = time.perf_counter()
        subdistrict, districts = world.make_units(CODE)
        made = world.make_resources(rng, subdistrict, districts, RESOURCES, tight=True)
        needs = world.make_needs(rng, districts, NEEDS)
        with connection.cursor() as c:
            c.execute("ANALYZE resources_resource; ANALYZE resources_resource_types; ANALYZE resources_need; ANALYZE resources_need_types")
        print(f"made {made:,} resources and {len(needs):,} needs in {time.perf_counter() - t:.0f} s")
        need_qs = Need.objects.filter(unit_path__startswith=subdistrict.path, state=NeedState.OPEN)
        res_qs = Resource.objects.filter(unit_path__startswith=subdistrict.path, is_active=True)
        free = sum(max(0, p - c) for p, c in res_qs.values_list("capacity_per_period", "committed"))
        t = time.perf_counter()
        r = run_round(need_qs, res_qs)
        wall = time.perf_counter() - t
        small_needs = need_qs.filter(pk__in=[n.pk for n in needs[:60]])
        small_res = res_qs.filter(pk__in=list(res_qs.order_by("id").values_list("id", flat=True)[:: max(1, RESOURCES // 60)][:60]))
        small = run_round(small_needs, small_res)
    finally:
        world.cleanup(CODE)
    instances, agree = exhaustive_checks()
    k = settings.RESOURCES_ROUND_CANDIDATES
    print(
        f"{r.needs_count:,} open needs x {r.resources_count:,} resources ({free:,} free places); {r.edges_count:,} candidate pairs (each need's {k} best feasible)\n"
    )
    print("| step | seconds |")
    print("|---|---:|")
    print(f"| load rows into arrays | {r.load_seconds:.2f} |")
    print(f"| candidate edges (scored in blocks) | {r.candidate_seconds:.2f} |")
    print(f"| optimal: min-cost flow (OR-tools) | {r.optimal.seconds:.2f} |")
    print(f"| greedy: best pairs first | {r.greedy.seconds:.2f} |")
    print(f"| the whole round | {wall:.2f} |")
    print("\n| assignment | total score | needs assigned | mean score |")
    print("|---|---:|---:|---:|")
    for name, a in (("optimal", r.optimal), ("greedy", r.greedy)):
        print(f"| {name} | {a.total:.2f} | {a.assigned:,} | {a.total / max(a.assigned, 1):.3f} |")
    print(f"\ntotal score ratio, optimal : greedy = {r.optimal.total / r.greedy.total:.4f} : 1" if r.greedy.total else "\nno pair assigned")
    ok_small = small.optimal.total >= small.greedy.total - 1e-9
    print(
        f"small instance ({small.needs_count} needs x {small.resources_count} resources): optimal {small.optimal.total:.3f} >= greedy {small.greedy.total:.3f}: {ok_small}"
    )
    print(f"random instances (6 needs x 3 resources): the flow equals an exhaustive search and is >= greedy in {agree} of {instances}")
    if not ok_small or agree != instances or r.optimal.total < r.greedy.total - 1e-6:
        sys.exit("WRONG: the optimal assignment fell below greedy or an exhaustive search")


if __name__ == "__main__":
    main()
