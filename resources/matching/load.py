"""Reading needs and resources into the arrays resources.matching.score works on: a fixed number of
queries whatever the number of rows (one for the rows, one for their types, one for their districts)."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from org.models import Unit, UnitKind
from resources.matching.score import NO_DATE_MAX, NO_DATE_MIN, WEEK_SLOTS, NeedBlock, ResourceBlock, date_ordinal, week_mask
from resources.models import Need, Resource, ResourceType


@dataclass
class Columns:
    """The shared column order: type ids, groups and 居民区 (by id and by path)."""

    type_col: dict
    group_col: dict
    type_group: dict  # type id → group column
    district_col: dict  # unit id → column
    district_paths: list  # [(path, column)], to find the 居民区 a deeper unit lies in

    @classmethod
    def build(cls) -> "Columns":
        types = list(ResourceType.objects.order_by("id").values_list("id", "group"))
        groups = sorted({g for _, g in types})
        group_col = {g: i for i, g in enumerate(groups)}
        districts = list(Unit.objects.filter(kind=UnitKind.DISTRICT).order_by("path").values_list("id", "path"))
        return cls(
            type_col={t: i for i, (t, _) in enumerate(types)},
            group_col=group_col,
            type_group={t: group_col[g] for t, g in types},
            district_col={u: i for i, (u, _) in enumerate(districts)},
            district_paths=[(p, i) for i, (_, p) in enumerate(districts)],
        )

    def district_of(self, unit_id: int | None, path: str) -> int:
        if unit_id in self.district_col:
            return self.district_col[unit_id]
        for p, col in self.district_paths:
            if path.startswith(p):
                return col
        return -1

    def multi_hot(self, rows: Iterable[tuple[int, int]], index: dict, n: int, width: int, col_of) -> np.ndarray:
        out = np.zeros((n, width), dtype=bool)
        for row, key in rows:
            c = col_of(key)
            if row in index and c is not None:
                out[index[row], c] = True
        return out


def _float(values, default=np.nan) -> np.ndarray:
    return np.array([default if v is None else float(v) for v in values], dtype=np.float64)


RESOURCE_FIELDS = ("id", "kind", "lat", "lng", "reach_m", "capacity", "capacity_per_period", "committed", "cost", "asked",
                   "availability", "available_from", "available_to")  # fmt: skip


def resource_block(qs, cols: Columns | None = None) -> ResourceBlock:
    """The resources of `qs` (a Resource queryset) as arrays, in the order of their ids."""
    cols = cols or Columns.build()
    rows = list(qs.order_by("id").values_list(*RESOURCE_FIELDS))
    n = len(rows)
    index = {r[0]: i for i, r in enumerate(rows)}
    ids = qs.order_by().values("id")
    type_links = Resource.types.through.objects.filter(resource_id__in=ids).values_list("resource_id", "resourcetype_id")
    district_links = list(Resource.districts.through.objects.filter(resource_id__in=ids).values_list("resource_id", "unit_id"))
    type_links = list(type_links)
    restricted = np.zeros(n, dtype=bool)
    for rid, _ in district_links:
        restricted[index[rid]] = True
    mask = np.zeros((n, WEEK_SLOTS), dtype=bool)
    for i, r in enumerate(rows):
        mask[i] = week_mask(r[10])
    col = list(zip(*rows, strict=True)) if rows else [[] for _ in RESOURCE_FIELDS]
    return ResourceBlock(
        ids=np.array(col[0], dtype=np.int64),
        kinds=np.array(col[1], dtype=object),
        types=cols.multi_hot(type_links, index, n, len(cols.type_col), cols.type_col.get),
        groups=cols.multi_hot(type_links, index, n, len(cols.group_col), cols.type_group.get),
        mask=mask,
        lat=_float(col[2]),
        lng=_float(col[3]),
        reach=np.array(col[4], dtype=np.float64),
        capacity=np.array(col[5], dtype=np.int64),
        free=np.array(col[6], dtype=np.int64) - np.array(col[7], dtype=np.int64),
        cost=_float(col[8], 0.0),
        asked=np.array(col[9], dtype=np.int64),
        start=np.array([date_ordinal(d, NO_DATE_MIN) for d in col[11]], dtype=np.int64),
        end=np.array([date_ordinal(d, NO_DATE_MAX) for d in col[12]], dtype=np.int64),
        districts=cols.multi_hot(district_links, index, n, len(cols.district_col), cols.district_col.get),
        restricted=restricted,
    )


NEED_FIELDS = ("id", "unit_id", "unit_path", "lat", "lng", "people", "budget", "start_date", "end_date", "time_windows")


def need_block(qs, cols: Columns | None = None) -> NeedBlock:
    """The needs of `qs` (a Need queryset, or a list of needs) as arrays, in the order of their ids.

    A need with no place of its own is placed at its 居民区 (the unit's lat/lng)."""
    cols = cols or Columns.build()
    if not hasattr(qs, "values_list"):
        qs = Need.objects.filter(pk__in=[n.pk for n in qs])
    rows = list(qs.order_by("id").values_list(*NEED_FIELDS, "unit__lat", "unit__lng"))
    n = len(rows)
    index = {r[0]: i for i, r in enumerate(rows)}
    type_links = list(Need.types.through.objects.filter(need_id__in=[r[0] for r in rows]).values_list("need_id", "resourcetype_id"))
    mask = np.zeros((n, WEEK_SLOTS), dtype=bool)
    for i, r in enumerate(rows):
        mask[i] = week_mask(r[9])
    return NeedBlock(
        ids=np.array([r[0] for r in rows], dtype=np.int64),
        types=cols.multi_hot(type_links, index, n, len(cols.type_col), cols.type_col.get),
        groups=cols.multi_hot(type_links, index, n, len(cols.group_col), cols.type_group.get),
        mask=mask,
        lat=_float([r[3] if r[3] is not None else r[10] for r in rows]),
        lng=_float([r[4] if r[4] is not None else r[11] for r in rows]),
        people=np.array([r[5] for r in rows], dtype=np.int64),
        budget=_float([r[6] for r in rows], 0.0),
        start=np.array([r[7].toordinal() for r in rows], dtype=np.int64),
        end=np.array([r[8].toordinal() for r in rows], dtype=np.int64),
        district=np.array([cols.district_of(r[1], r[2]) for r in rows], dtype=np.int64),
    )
