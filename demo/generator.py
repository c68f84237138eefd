"""Generation of whole subdistricts, shared by `load_demo` and `generate_scale`.

Idempotent by code: a subdistrict or 片区 that exists is reused, a 居民区 that exists is skipped.
Each 居民区 is inserted in its own transaction with everything under it (units, households,
residents, owners, roles, responsible persons), so a 居民区 is either complete or absent and an
interrupted run resumes where it stopped.
"""

from collections import Counter
from collections.abc import Callable
from random import Random

from django.db import reset_queries, transaction

from audit.models import AuditAction
from audit.services import audit_record
from demo.geo import centroid, coord
from demo.identity import IdNumbers
from demo.names import AREA_DUTIES, name_pools
from demo.plan import SubdistrictSpec, UnitSpec, plan_district
from demo.population import populate
from demo.tree import ensure_unit, insert_subtree
from org.models import Responsible, Unit, UnitKind


def audit_load(command: str, counts: Counter, options: dict) -> None:
    """Bulk inserts bypass the audit signals, so one record tells what the load created."""
    if any(counts.values()):
        changes = {"created": dict(counts), "options": options}
        audit_record(action=AuditAction.IMPORT, object_type=f"demo.{command}", object_repr=f"manage.py {command}", changes=changes, path="")


def describe(counts: Counter) -> str:
    order = ["units", "households", "residents", "ownerships", "community_roles", "responsibles", "users"]
    return ", ".join(f"{counts[k]:,} {k.replace('_', ' ')}" for k in order if k in counts) or "nothing"


def missing_districts(spec: SubdistrictSpec) -> list[int]:
    codes = [spec.district_code(i) for i in range(spec.districts)]
    have = set(Unit.objects.filter(code__in=codes).values_list("code", flat=True))
    return [i for i, c in enumerate(codes) if c not in have]


def is_complete(spec: SubdistrictSpec) -> bool:
    codes = spec.unit_codes()
    return Unit.objects.filter(code__in=codes).count() == len(codes)


def pending_households(spec: SubdistrictSpec) -> int:
    return sum(spec.household_count(i) for i in missing_districts(spec))


class Generator:
    def __init__(self, seed: int = 2021, advance: Callable[[int], object] = lambda n: None):
        self.seed = seed
        self.pools = name_pools(seed)
        self.used_ids: set[str] = set()
        self.advance = advance
        self.counts: Counter = Counter()

    def subdistrict(self, spec: SubdistrictSpec) -> Unit:
        ids = IdNumbers(spec.id_slot, spec.id_slots, self.used_ids)
        with transaction.atomic():
            top, areas = self.top_units(spec)
        for i in missing_districts(spec):
            with transaction.atomic():
                district = plan_district(spec, i)
                self.counts["units"] += insert_subtree(areas[spec.area_of(i)], district)
                self.counts += populate(district, self.pools, ids, self.seed, spec.first_head if i == 0 else None, spec.resident_count(i))
            reset_queries()  # DEBUG keeps every query; a million residents would fill the memory
            self.advance(spec.household_count(i))
        return top

    def top_units(self, spec: SubdistrictSpec) -> tuple[Unit, list[Unit]]:
        lattice = spec.lattice()
        lat, lng = spec.center
        top, created = ensure_unit(None, UnitSpec(UnitKind.SUBDISTRICT, spec.code, spec.name, {"lat": coord(lat), "lng": coord(lng)}))
        self.counts["units"] += created
        areas = []
        for a in range(min(spec.areas, spec.districts)):
            cells = [c for i in range(spec.districts) if spec.area_of(i) == a for c in range(spec.first_cell(i), spec.first_cell(i + 1))]
            a_lng, a_lat = centroid([centroid(lattice.quad(c)) for c in cells])
            fields = {"lat": coord(a_lat), "lng": coord(a_lng), "duties": AREA_DUTIES}
            area, created = ensure_unit(top, UnitSpec(UnitKind.AREA, spec.area_code(a), spec.area_name(a), fields))
            if created:
                self.counts["units"] += 1
                self.counts["responsibles"] += 1
                name = self.pools.person(Random(f"{self.seed}:{area.code}"), True)
                Responsible.objects.bulk_create([Responsible(unit=area, name=name, title="片区管委会主任", duty="统筹片区服务、管理与资源协调")])
            areas.append(area)
        return top, areas
