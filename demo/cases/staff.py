"""The people who work the demo cases: one account per role and unit that handles cases.

The demo accounts (`demo.accounts`) cover the first 居民区; every other 居民区 gets its 居委会书记,
property manager and community police officer, every grid its 网格长 and every 片区 its committee, named
after the unit's responsible person where there is one. These accounts cannot sign in (no password):
they are the names on the timelines and the recipients of notices.
"""

from dataclasses import dataclass, field
from random import Random

from accounts.models import RoleAssignment, User
from accounts.services import role_assign
from demo.names import name_pools
from org.models import Responsible, Unit, UnitKind

# role → (the unit kind it sits at, username suffix, responsible title to take the name of, display title)
STAFF_ROLES = {
    "committee_secretary": (UnitKind.DISTRICT, "secretary", "居委会书记", "居委会书记"),
    "property_company": (UnitKind.DISTRICT, "property", "", "物业经理"),
    "police": (UnitKind.DISTRICT, "police", "", "社区民警"),
    "grid_worker": (UnitKind.GRID, "grid", "网格长", "网格长"),
    "area_manager": (UnitKind.AREA, "area", "片区管委会主任", "片区管委会"),
}


@dataclass
class Staff:
    """user ids by (unit id, role); `admin` holds subdistrict_admin at the subdistrict."""

    by_unit: dict[tuple[int, str], int] = field(default_factory=dict)
    admin: int | None = None
    social: dict[int, int] = field(default_factory=dict)  # district id → a social worker, where one exists

    def at(self, unit_id: int, role: str) -> int | None:
        return self.by_unit.get((unit_id, role))


def ensure_case_staff(subdistrict: Unit, seed: int = 2021) -> tuple[Staff, int]:
    """The staff of every unit under `subdistrict`, created where missing; returns (staff, accounts created)."""
    rng, pools = Random(f"{seed}:case-staff"), name_pools(seed)
    units = list(Unit.objects.filter(path__startswith=subdistrict.path, kind__in=[UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID]).order_by("path"))
    held = {}
    for user_id, role, unit_id in (
        RoleAssignment.objects.filter(unit_path__startswith=subdistrict.path).order_by("id").values_list("user_id", "role", "unit_id")
    ):
        held.setdefault((unit_id, role), user_id)
    responsibles = {(r.unit_id, r.title): r for r in Responsible.objects.filter(unit__in=units).order_by("id")}
    staff, created = Staff(), 0
    prefix = subdistrict.code.rsplit("-", 1)[-1].lower()
    for unit in units:
        for role, (kind, suffix, title, display) in STAFF_ROLES.items():
            if unit.kind != kind:
                continue
            if (unit.pk, role) not in held:
                who = responsibles.get((unit.pk, title))
                name = who.name if who else pools.person(rng, rng.random() < 0.6)
                username = f"{prefix}-{unit.code[len(subdistrict.code) + 1:].lower()}-{suffix}"
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(username=username, display_name=f"{display} {name}")
                    user.set_unusable_password()
                    user.save()
                    created += 1
                role_assign(user=user, role=role, unit=unit)
                if who is not None and who.user_id is None:
                    Responsible.objects.filter(pk=who.pk).update(user=user)
                held[(unit.pk, role)] = user.pk
            staff.by_unit[(unit.pk, role)] = held[(unit.pk, role)]
        if unit.kind == UnitKind.DISTRICT and (unit.pk, "social_worker") in held:
            staff.social[unit.pk] = held[(unit.pk, "social_worker")]
    staff.admin = held.get((subdistrict.pk, "subdistrict_admin"))
    return staff, created
