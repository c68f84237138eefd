"""What to generate: a subdistrict described by a few numbers, planned down to every house.

The plan of a 居民区 depends only on the spec and the 居民区's code, so a run that stopped half
way and a run with more 居民区 plan the same units for the codes they share.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from demo.geo import Lattice, centroid, coord, point_in_quad
from demo.names import AREA_NAMES, DISTRICT_DUTIES, DISTRICT_NAMES, GRID_DUTIES
from org.models import AreaSource, Unit, UnitKind

HOUSES_PER_BUILDING = 33
WALKUP_FLOORS, WALKUP_PER_FLOOR = 6, 2
HIGHRISE_PER_FLOOR = 4


@dataclass
class UnitSpec:
    kind: str
    code: str
    name: str
    fields: dict = field(default_factory=dict)
    children: list["UnitSpec"] = field(default_factory=list)
    unit: Unit | None = None  # set once inserted

    def walk(self, kind: str):
        if self.kind == kind:
            yield self
            return
        for c in self.children:
            yield from c.walk(kind)


@dataclass(frozen=True)
class KnownPerson:
    """Someone the demo's instructions name: the head of the first household."""

    name: str
    id_number: str
    mobile: str


@dataclass(frozen=True)
class SubdistrictSpec:
    code: str
    name: str
    center: tuple[float, float]  # lat, lng
    areas: int = 4
    districts: int = 22
    households: int = 20_000
    residents: int | None = None  # exactly this many residents; None: what the households hold (~2.5 each)
    grids_per_district: int | None = None  # None: 4 or 5, about 100 grids for 22 districts
    district_names: tuple[str, ...] = tuple(DISTRICT_NAMES)
    first_head: KnownPerson | None = None  # heads the first household of the first 居民区 (张三丰 in the demo)
    seed: int = 2021
    id_slot: int = 0  # ID sequence numbers used: those equal to id_slot modulo id_slots
    id_slots: int = 1

    def area_code(self, a: int) -> str:
        return f"{self.code}-A{a + 1}"

    def area_name(self, a: int) -> str:
        return AREA_NAMES[a] if a < len(AREA_NAMES) else f"第{a + 1}片区"

    def area_of(self, i: int) -> int:
        """Districts are split evenly over the areas, in order."""
        return i * min(self.areas, self.districts) // self.districts

    def district_code(self, i: int) -> str:
        return f"{self.code}-D{i + 1:02d}"

    def district_short(self, i: int) -> str:
        n = len(self.district_names)
        return self.district_names[i % n] + (str(i // n + 1) if i >= n else "")

    def grid_count(self, i: int) -> int:
        return self.grids_per_district or (5 if i % 11 < 6 else 4)

    def first_cell(self, i: int) -> int:
        return sum(self.grid_count(k) for k in range(i))

    def household_count(self, i: int) -> int:
        base, extra = divmod(self.households, self.districts)
        return base + (1 if i < extra else 0)

    def resident_count(self, i: int) -> int | None:
        if self.residents is None:
            return None
        base, extra = divmod(self.residents, self.districts)
        return base + (1 if i < extra else 0)

    def lattice(self) -> Lattice:
        return Lattice.around(self.center, self.first_cell(self.districts), seed=self.code)

    def unit_codes(self) -> list[str]:
        areas = [self.area_code(a) for a in range(min(self.areas, self.districts))]
        return [self.code, *areas, *(self.district_code(i) for i in range(self.districts))]


def plan_district(spec: SubdistrictSpec, i: int) -> UnitSpec:
    code, short = spec.district_code(i), spec.district_short(i)
    rng = Random(f"{spec.seed}:{code}:units")
    lattice, first = spec.lattice(), spec.first_cell(i)
    quads = [lattice.quad(first + j) for j in range(spec.grid_count(i))]
    grids = []
    for j, quad in enumerate(quads):
        lng, lat = centroid(quad)
        grids.append(UnitSpec(UnitKind.GRID, f"{code}-G{j + 1}", f"{short}{j + 1}号网格",
                              {"boundary": lattice.polygon(first + j), "lat": coord(lat), "lng": coord(lng), "duties": GRID_DUTIES}))
    households = spec.household_count(i)
    n_buildings = max(1, round(households / HOUSES_PER_BUILDING))
    for b in range(n_buildings):
        g = b % len(grids)
        lng, lat = point_in_quad(quads[g], rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85))
        bcode = f"{code}-B{b + 1:02d}"
        building = UnitSpec(UnitKind.BUILDING, bcode, f"{b + 1}号楼", {"lat": coord(lat), "lng": coord(lng)})
        n_houses = households // n_buildings + (1 if b < households % n_buildings else 0)
        building.children = plan_houses(rng, bcode, n_houses)
        grids[g].children.append(building)
    lng, lat = centroid([centroid(q) for q in quads])
    fields = {
        "lat": coord(lat), "lng": coord(lng), "address": f"{short}路{rng.randint(1, 300)}号", "duties": DISTRICT_DUTIES,
        "contact_phone": f"021-57{rng.randint(700, 899)}{rng.randrange(1000):03d}",
    }
    return UnitSpec(UnitKind.DISTRICT, code, f"{short}居民区", fields, grids)


def plan_houses(rng: Random, bcode: str, n: int) -> list[UnitSpec]:
    """A six-storey walk-up (2 flats a floor per entrance) or a high-rise (4 flats a floor)."""
    walkup = rng.random() < 0.6
    per_entrance = WALKUP_FLOORS * WALKUP_PER_FLOOR
    entrances = math.ceil(n / per_entrance) if walkup else 1
    houses = []
    for k in range(n):
        if walkup:
            entrance, rest = divmod(k, per_entrance)
            floor, flat = divmod(rest, WALKUP_PER_FLOOR)
            entrance, floor, flat = entrance + 1, floor + 1, flat + 1
            size = rng.uniform(48, 96)
        else:
            entrance, (floor, flat) = 1, divmod(k, HIGHRISE_PER_FLOOR)
            floor, flat = floor + 1, flat + 1
            size = rng.uniform(72, 145)
        name = (f"{entrance}单元" if entrances > 1 else "") + f"{floor}{flat:02d}室"
        x = rng.random()
        source = AreaSource.REGISTRY if x < 0.88 else AreaSource.SURVEY if x < 0.96 else AreaSource.CONTRACT
        houses.append(UnitSpec(UnitKind.HOUSE, f"{bcode}-{entrance}{floor:02d}{flat:02d}", name,
                               {"exclusive_area": Decimal(f"{size:.2f}"), "area_source": source}))
    return houses
