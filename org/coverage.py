"""Coverage figures (全覆盖, 区域清、权责清、人员清): per grid of a 居民区, per 居民区 of a subdistrict or area.

Every figure is one grouped query over the whole subtree (constant in the number of grids); the
geometry (area, overlaps, gaps) is computed in Python from the boundaries (org.geometry).

The figures of the apps above org (grid workers from accounts, households and residents from people) come
through `GRID_FIGURES`, filled in their AppConfig.ready: fn(user, root, length) -> {figure: [(grid path,
n)]}; a figure left out is one the user may not see (shown as "–")."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from org.geometry import shape_or_none
from org.models import SEGMENT, VIEW_UNIT, GridElement, Responsible, Unit, UnitKind

GRID_FIGURES: list = []


@dataclass
class GridRow:
    unit: Unit
    area_m2: float | None = None  # None: no valid boundary
    has_boundary: bool = False
    boundary_valid: bool = False
    responsibles: int = 0
    workers: int = 0
    households: int | None = None
    residents: int | None = None
    elements: int = 0
    overlaps: list = field(default_factory=list)  # [(other grid, overlap in m²)]

    @property
    def households_per_worker(self):
        return round(self.households / self.workers, 1) if self.households is not None and self.workers else None

    @property
    def residents_per_worker(self):
        return round(self.residents / self.workers, 1) if self.residents is not None and self.workers else None


@dataclass
class DistrictCoverage:
    unit: Unit
    grids: list = field(default_factory=list)
    area_m2: float | None = None  # the district's own boundary
    covered_m2: float | None = None  # the part of it inside its grids
    overlaps: list = field(default_factory=list)  # [(grid, grid, m²)]

    @property
    def gap_m2(self):
        return max(0.0, self.area_m2 - self.covered_m2) if self.area_m2 is not None and self.covered_m2 is not None else None

    @property
    def gap_share(self):
        return self.gap_m2 / self.area_m2 if self.gap_m2 is not None and self.area_m2 else None

    def count(self, attr):
        return sum(1 for g in self.grids if not getattr(g, attr))

    @property
    def without_boundary(self):
        return self.count("boundary_valid")

    @property
    def without_responsible(self):
        return self.count("responsibles")

    @property
    def without_worker(self):
        return self.count("workers")

    def total(self, attr):
        values = [getattr(g, attr) for g in self.grids]
        return None if any(v is None for v in values) and values else sum(v for v in values if v is not None)

    @property
    def households(self):
        return self.total("households")

    @property
    def residents(self):
        return self.total("residents")

    @property
    def workers(self):
        return sum(g.workers for g in self.grids)

    @property
    def households_per_worker(self):
        return round(self.households / self.workers, 1) if self.households is not None and self.workers else None

    @property
    def residents_per_worker(self):
        return round(self.residents / self.workers, 1) if self.residents is not None and self.workers else None


def _grid_prefix(grid_path_length: int):
    return Substr("unit_path", 1, grid_path_length)


def per_grid(qs, root: Unit, length: int, path_field: str = "unit_path", count: str = "id"):
    """[(grid path, n)] of `qs` rows under `root`, grouped by the grid above each row: one grouped query."""
    n = Count(count, distinct=count != "id")
    return qs.filter(**{f"{path_field}__startswith": root.path}).annotate(g=Substr(path_field, 1, length)).values("g").annotate(n=n).values_list("g", "n")


def coverage(user, root: Unit) -> list[DistrictCoverage]:
    """The 居民区 at or under `root` that the user sees, each with its grids' figures."""
    units = Unit.objects.for_user(user, VIEW_UNIT)
    districts = list(units.filter(path__startswith=root.path, kind=UnitKind.DISTRICT).order_by("path").only("id", "name", "code", "path", "boundary", "kind", "depth"))
    if not districts:
        return []
    grids = list(units.filter(path__startswith=root.path, kind=UnitKind.GRID).order_by("path").only("id", "name", "code", "path", "boundary", "parent_id", "kind", "depth"))
    length = len(grids[0].path) if grids else (root.depth + 1) * (SEGMENT + 1)
    figures_of = defaultdict(dict)
    contributed = {
        "responsibles": per_grid(Responsible.objects.filter(unit__kind=UnitKind.GRID), root, length, "unit__path"),
        "elements": per_grid(GridElement.objects.for_user(user, VIEW_UNIT).filter(is_active=True), root, length),
    }
    for fn in GRID_FIGURES:
        contributed.update(fn(user, root, length))
    for key, rows in contributed.items():
        for g, n in rows:
            figures_of[g][key] = n
    see_households, see_residents = "households" in contributed, "residents" in contributed

    by_district = {d.pk: DistrictCoverage(unit=d) for d in districts}
    shapes = {}
    origin = None
    for g in grids:
        figures = figures_of.get(g.path, {})
        row = GridRow(
            unit=g,
            has_boundary=bool(g.boundary),
            responsibles=figures.get("responsibles", 0),
            workers=figures.get("workers", 0),
            elements=figures.get("elements", 0),
            households=figures.get("households", 0) if see_households else None,
            residents=figures.get("residents", 0) if see_residents else None,
        )
        shape = shape_or_none(g.boundary, origin)
        if shape is not None:
            origin = shape.origin_lat
            shapes[g.pk] = shape
            row.boundary_valid, row.area_m2 = True, shape.area
        if g.parent_id in by_district:
            by_district[g.parent_id].grids.append(row)
    for dc in by_district.values():
        rows = [r for r in dc.grids if r.unit.pk in shapes]
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                overlap = shapes[a.unit.pk].intersection_area(shapes[b.unit.pk])
                if overlap > 1.0:  # m²; shared edges give 0 up to rounding
                    dc.overlaps.append((a.unit, b.unit, overlap))
                    a.overlaps.append((b.unit, overlap))
                    b.overlaps.append((a.unit, overlap))
        outline = shape_or_none(dc.unit.boundary, origin)
        if outline is not None:
            dc.area_m2 = outline.area
            inside = sum(outline.intersection_area(shapes[r.unit.pk]) for r in rows)
            dc.covered_m2 = min(outline.area, max(0.0, inside - sum(o for _a, _b, o in dc.overlaps)))
    return list(by_district.values())
