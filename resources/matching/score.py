"""The matching score (精准对接), for many needs against many resources at once (numpy).

Every pair (need, resource) gets five factors in [0, 1], weighted by settings.RESOURCES_WEIGHTS:

- type: 1 when the resource offers a type the need asks for, 0.5 when only one of the same group;
  otherwise the pair is infeasible.
- distance: 1 - d / reach, d the straight-line distance between the need's place and the
  resource, reach the resource's (a talent's own, RESOURCES_SPACE_REACH_M for spaces,
  RESOURCES_PROJECT_REACH_M for projects); beyond reach infeasible; 0.5 when a place is unknown.
- time: the share of the need's weekly half-hours that the resource is available in; none in
  common, or date ranges that do not overlap, is infeasible. An empty week means any time (a need
  at any time fits fully any resource available at some time).
- capacity: 0.5 + 0.5 * people / capacity when the resource takes everyone (1 = exactly the size
  needed, a hall of 200 for 10 people scores near 0.5), 0.5 * capacity / people when it takes only
  part (a talent teaching 10 of 20 people); infeasible when it has no service left this period.
- load: 1 / (1 + asked), asked = matches proposed to it in the last RESOURCES_ASKED_DAYS days,
  so that the same few resources are not asked again and again.

Also infeasible: a cost above the need's budget (no budget: only free resources), and a resource
that serves only some 居民区 other than the need's. The total is the weighted sum, 0 when infeasible.

`NeedBlock` and `ResourceBlock` hold plain arrays (built by resources.matching.load); `score`
returns every factor, so the same code ranks one need (M = 1), scores a round, and explains a pair.
"""

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

FACTORS = ("type", "distance", "time", "capacity", "load")
SLOTS_PER_DAY = 48  # half-hours
WEEK_SLOTS = 7 * SLOTS_PER_DAY
M_PER_DEG_LAT = 110_540.0
M_PER_DEG_LNG_EQUATOR = 111_320.0
NO_DATE_MIN = datetime.date.min.toordinal()
NO_DATE_MAX = datetime.date.max.toordinal()


def week_mask(windows: dict | None) -> np.ndarray:
    """Weekly windows {"0": [["09:00", "11:30"]], ...} as 336 half-hour flags; empty means any time.

    A window covers the half-hours it overlaps ("09:15"-"10:00" covers 09:00-09:30 and 09:30-10:00)."""
    mask = np.zeros(WEEK_SLOTS, dtype=bool)
    if not windows:
        mask[:] = True
        return mask
    for day, periods in windows.items():
        base = int(day) * SLOTS_PER_DAY
        for start, end in periods or []:
            a = _minutes(start) // 30
            b = -(-_minutes(end) // 30)  # ceiling
            mask[base + a : base + max(a, b)] = True
    return mask


def _minutes(hhmm: str) -> int:
    h, m = str(hhmm).split(":")
    return int(h) * 60 + int(m)


def date_ordinal(value: datetime.date | None, default: int) -> int:
    return value.toordinal() if value else default


@dataclass
class NeedBlock:
    """M needs. `types`: M×T bool over the type columns; `groups`: M×G bool; `mask`: M×336 bool."""

    ids: np.ndarray
    types: np.ndarray
    groups: np.ndarray
    mask: np.ndarray
    lat: np.ndarray  # NaN when unknown
    lng: np.ndarray
    people: np.ndarray
    budget: np.ndarray  # 0 when the need has no money
    start: np.ndarray  # date ordinals
    end: np.ndarray
    district: np.ndarray  # column of the need's 居民区 in `ResourceBlock.districts`, -1 when none

    def __len__(self):
        return len(self.ids)


@dataclass
class ResourceBlock:
    """N resources, with the same type, group and district columns as the needs they are scored against."""

    ids: np.ndarray
    kinds: np.ndarray  # "talent" | "space" | "project"
    types: np.ndarray  # N×T bool
    groups: np.ndarray  # N×G bool
    mask: np.ndarray  # N×336 bool
    lat: np.ndarray
    lng: np.ndarray
    reach: np.ndarray  # metres
    capacity: np.ndarray  # people at once
    free: np.ndarray  # services left this period (capacity_per_period - committed)
    cost: np.ndarray
    asked: np.ndarray
    start: np.ndarray  # date ordinals; NO_DATE_MIN / NO_DATE_MAX when open
    end: np.ndarray
    districts: np.ndarray  # N×D bool: the 居民区 it serves only
    restricted: np.ndarray  # N bool: it serves only those

    def __len__(self):
        return len(self.ids)


@dataclass
class Scores:
    """M×N arrays: the weighted `total` (0 where not feasible), `feasible`, each factor's value, and
    what explains them (`distance_m`, `overlap_slots`, `exact_type`)."""

    total: np.ndarray
    feasible: np.ndarray
    factors: dict = field(default_factory=dict)
    distance_m: np.ndarray | None = None
    overlap_slots: np.ndarray | None = None
    need_slots: np.ndarray | None = None
    exact_type: np.ndarray | None = None
    over_budget: np.ndarray | None = None
    outside_districts: np.ndarray | None = None
    no_time: np.ndarray | None = None
    out_of_reach: np.ndarray | None = None
    no_capacity: np.ndarray | None = None


def weights() -> dict:
    w = settings.RESOURCES_WEIGHTS
    return {f: float(w[f]) for f in FACTORS}


def distance_factor(lat1, lng1, lat2, lng2, reach):
    """(metres, factor, beyond reach) for broadcastable arrays: equirectangular, exact enough within a
    subdistrict; an unknown place (NaN) gives 0.5 and is never beyond reach."""
    cos = np.cos(np.radians(np.where(np.isnan(lat1), 31.0, lat1)))
    dx = (lng1 - lng2) * M_PER_DEG_LNG_EQUATOR * cos
    dy = (lat1 - lat2) * M_PER_DEG_LAT
    dist = np.sqrt(dx * dx + dy * dy)
    unknown = np.isnan(dist)
    reach = np.asarray(reach, dtype=np.float64)
    value = np.where(unknown, 0.5, np.clip(1.0 - np.nan_to_num(dist) / np.maximum(reach, 1.0), 0.0, 1.0))
    return dist, value, ~unknown & (dist > reach)


def capacity_factor(people, capacity):
    people = np.maximum(np.asarray(people, dtype=np.float64), 1.0)
    cap = np.maximum(np.asarray(capacity, dtype=np.float64), 1.0)
    return np.where(cap >= people, 0.5 + 0.5 * people / cap, 0.5 * cap / people)


def load_factor(asked):
    return 1.0 / (1.0 + np.asarray(asked, dtype=np.float64))


def score(needs: NeedBlock, res: ResourceBlock) -> Scores:
    """Score every need against every resource (M×N); memory grows with M×N, so callers score a
    round in blocks of needs."""
    w = weights()
    # type: exact, else same group
    exact = (needs.types.astype(np.float32) @ res.types.T.astype(np.float32)) > 0
    group = (needs.groups.astype(np.float32) @ res.groups.T.astype(np.float32)) > 0
    type_v = np.where(exact, 1.0, np.where(group, 0.5, 0.0))
    dist, dist_v, out_of_reach = distance_factor(needs.lat[:, None], needs.lng[:, None], res.lat[None, :], res.lng[None, :], res.reach[None, :])
    # time: half-hours in common over the need's, and dates that overlap
    need_slots = needs.mask.sum(axis=1).astype(np.float64)
    overlap = needs.mask.astype(np.float32) @ res.mask.T.astype(np.float32)
    any_time = need_slots[:, None] >= WEEK_SLOTS  # a need with no times asks for any time: any overlap fits fully
    time_v = np.where(any_time, (overlap > 0).astype(np.float64), overlap / np.maximum(need_slots[:, None], 1.0))
    dates_ok = (needs.start[:, None] <= res.end[None, :]) & (res.start[None, :] <= needs.end[:, None])
    no_time = (overlap <= 0) | ~dates_ok
    # capacity
    cap_v = capacity_factor(needs.people[:, None], res.capacity[None, :])
    no_capacity = np.broadcast_to(res.free[None, :] <= 0, type_v.shape)
    load_v = np.broadcast_to(load_factor(res.asked[None, :]), type_v.shape)
    # rules that exclude a pair outright
    over_budget = res.cost[None, :] > needs.budget[:, None]
    has_district = needs.district >= 0
    in_districts = np.zeros((len(needs), len(res)), dtype=bool)
    if res.districts.shape[1]:
        cols = np.where(has_district, needs.district, 0)
        in_districts = res.districts[:, cols].T & has_district[:, None]
    outside = res.restricted[None, :] & ~in_districts
    feasible = (type_v > 0) & ~out_of_reach & ~no_time & ~no_capacity & ~over_budget & ~outside
    total = w["type"] * type_v + w["distance"] * dist_v + w["time"] * time_v + w["capacity"] * cap_v + w["load"] * load_v
    total = np.where(feasible, total, 0.0)
    return Scores(
        total=total,
        feasible=feasible,
        factors={"type": type_v, "distance": dist_v, "time": time_v, "capacity": cap_v, "load": load_v},
        distance_m=dist,
        overlap_slots=overlap,
        need_slots=need_slots,
        exact_type=exact,
        over_budget=over_budget,
        outside_districts=outside,
        no_time=no_time,
        out_of_reach=out_of_reach,
        no_capacity=no_capacity,
    )


def pair_reasons(s: Scores, i: int, j: int, needs: NeedBlock, res: ResourceBlock) -> list[dict]:
    """The reasons for one pair, as stored on a Match: [{"factor", "value", "weight", "params"}] with
    the rules that excluded it (factor "excluded") first; resources.matching.reasons renders them."""
    w = weights()
    out = []
    for rule, arr in (("out_of_reach", s.out_of_reach), ("no_time", s.no_time), ("no_capacity", s.no_capacity),
                      ("over_budget", s.over_budget), ("outside_districts", s.outside_districts)):  # fmt: skip
        if bool(arr[i, j]):
            out.append({"factor": "excluded", "value": 0.0, "weight": 0.0, "params": {"rule": rule}})
    if not s.factors["type"][i, j]:
        out.append({"factor": "excluded", "value": 0.0, "weight": 0.0, "params": {"rule": "no_type"}})
    dist = s.distance_m[i, j]
    params = {
        "type": {"exact": bool(s.exact_type[i, j])},
        "distance": {"metres": None if np.isnan(dist) else round(float(dist)), "reach": int(res.reach[j])},
        "time": {"hours": float(s.overlap_slots[i, j]) / 2, "needed_hours": float(s.need_slots[i]) / 2},
        "capacity": {"capacity": int(res.capacity[j]), "people": int(needs.people[i])},
        "load": {"asked": int(res.asked[j])},
    }
    for f in FACTORS:
        out.append({"factor": f, "value": round(float(s.factors[f][i, j]), 4), "weight": w[f], "params": params[f]})
    return out
