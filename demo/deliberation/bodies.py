"""The bodies of the deliberation demo and their members: the property companies of the estates, a 1+3+N council
and a 三驾马车 per 居民区, a 党务政务监督小组 for a few, a model 睦邻点's deliberation for a few, a joint meeting per
片区 and 20 网格 self-management groups.

A seat is filled from what the demo already has: the 居民区's secretary (the chair), social worker or 居委会主任,
property manager and police officer (accounts of `demo.cases.staff`), the organisations of the resources library
(the seat's organisation, its contact as the member), and residents holding the fitting community role
(业委会委员, 居民代表, 楼组长, 志愿者, 党员). At the first 居民区 the demo accounts hold the seats they fit."""

from dataclasses import dataclass, field
from random import Random

from demo.cases import own_timestamps
from demo.deliberation.data import PROPERTY_ABOUT, PROPERTY_COMPANIES
from demo.services.places import credit_code
from meetings.models import Body, BodyKind, MemberRole, Membership, Seat
from org.models import Unit
from people.models import CommunityRoleKind
from resources.models import Organisation, OrganisationKind

SELF_GROUPS = 20
SUPERVISION_DISTRICTS = 5
POINT_BODIES = 3


@dataclass(frozen=True)
class Holder:
    """Who holds a seat: an account, a resident, or a name only (a responsible person on record)."""

    name: str
    user_id: int | None = None
    resident_id: int | None = None


@dataclass
class Planned:
    """A body with its seats and their holders, in memory until written."""

    body: Body
    seats: list[Seat] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)

    def chair(self) -> Membership | None:
        return next((m for m in self.members if m.role == MemberRole.CHAIR), self.members[0] if self.members else None)


def person_name(display: str) -> str:
    """ "物业经理 吴磊" → "吴磊"."""
    return display.split()[-1] if display else ""


def ensure_property_companies(subdistrict: Unit, districts: list[Unit], seed: int) -> dict[int, Organisation]:
    """The subdistrict's property companies (get or create by name: the evaluation demo shares them) and the
    estates each manages: a 居民区 without a company gets one, the first 居民区 中山物业. Returns 居民区 id → company."""
    rng = Random(f"{seed}:deliberation:property")
    codes = set(Organisation.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    companies = []
    for name, _share in PROPERTY_COMPANIES:
        org, made = Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": OrganisationKind.PROPERTY, "unit": subdistrict, "unit_path": subdistrict.path, "credit_code": credit_code(rng, "91", taken=codes),
                      "address": f"松江区中山街道{rng.choice(['中山中路', '中山东路', '荣乐东路', '人民北路'])}{rng.randint(1, 600)}号",
                      "contact_name": "", "contact_phone": f"021-57{rng.randint(10, 99)}{rng.randint(1000, 9999)}", "description": PROPERTY_ABOUT},
        )  # fmt: skip
        companies.append(org)
    through = Organisation.districts.through
    managed = dict(through.objects.filter(organisation__in=companies, unit__in=districts).order_by("id").values_list("unit_id", "organisation_id"))
    shares = [c for c, (_n, share) in zip(companies, PROPERTY_COMPANIES, strict=True) for _ in range(share)]
    rng.shuffle(shares)
    new = []
    for i, d in enumerate(districts):
        if d.pk not in managed:
            org = companies[0] if i == 0 else shares[i % len(shares)]
            managed[d.pk] = org.pk
            new.append(through(organisation_id=org.pk, unit_id=d.pk))
    through.objects.bulk_create(new)
    by_pk = {c.pk: c for c in companies}
    return {d: by_pk[o] for d, o in managed.items()}


class Bodies:
    """Plans every body of the demo from the world (`demo.deliberation.World`), then writes them in bulk."""

    def __init__(self, w):
        self.w = w
        self.kinds = {k.code: k for k in BodyKind.objects.prefetch_related("seat_templates")}
        self.planned: list[Planned] = []

    def body(self, kind_code: str, unit: Unit, name: str, *, description: str = "", point=None, room=None) -> Planned:
        kind = self.kinds[kind_code]
        b = Body(
            kind=kind, unit=unit, unit_path=unit.path, name=name, description=description or kind.description, point=point, room=room,
            quorum=kind.quorum, majority=kind.majority, majority_base=kind.majority_base, term_start=self.w.term_start, term_end=self.w.term_end,
            created_at=self.w.created, updated_at=self.w.created,
        )  # fmt: skip
        p = Planned(b)
        self.planned.append(p)
        return p

    def fill(self, p: Planned, holders: dict[str, list], *, chair: str = "", secretary: str = "", party_unit: Unit | None = None) -> None:
        """Seats from the kind's templates; `holders` maps a seat code to (holder, organisation) pairs for its
        seats in order. A seat nobody can hold is left out, unless it must be present (then it stays vacant)."""
        taken_users, taken_residents = set(), set()
        order = 0
        for t in self.kinds[p.body.kind.code].seat_templates.all():
            pool = list(holders.get(t.code, []))
            for k in range(t.count):
                holder, org = pool[k] if k < len(pool) else (None, None)
                if holder is not None and (
                    (holder.user_id and holder.user_id in taken_users) or (holder.resident_id and holder.resident_id in taken_residents)
                ):
                    holder = None
                if holder is None and not t.required:
                    continue
                order += 1
                name = t.name if t.count == 1 else f"{t.name}{k + 1}"
                seat = Seat(body=p.body, template=t, party=t.code, name=name, group=t.group, required=t.required, organisation=org,
                            party_unit=party_unit if t.code in ("party", "committee", "area_office", "grid") else None, order=order)  # fmt: skip
                p.seats.append(seat)
                if holder is None:
                    continue
                taken_users.add(holder.user_id)
                taken_residents.add(holder.resident_id)
                role = MemberRole.CHAIR if t.code == chair else MemberRole.SECRETARY if t.code == secretary else MemberRole.MEMBER
                p.members.append(Membership(seat=seat, body=p.body, unit_path=p.body.unit_path, name=holder.name[:50], role=role, user_id=holder.user_id,
                                            resident_id=holder.resident_id, start=self.w.term_start, created_at=self.w.created, updated_at=self.w.created))  # fmt: skip

    def write(self) -> None:
        with own_timestamps(Body):
            Body.objects.bulk_create([p.body for p in self.planned])
        Seat.objects.bulk_create([s for p in self.planned for s in p.seats])
        with own_timestamps(Membership):
            Membership.objects.bulk_create([m for p in self.planned for m in p.members])

    # --- the bodies ---------------------------------------------------------------------------------------------

    def plan(self) -> None:
        w = self.w
        for i, d in enumerate(w.districts):
            short = d.name.removesuffix("居民区")
            core = self.core_holders(d, i)
            council = self.body("council", d, f"{short}居民区“1+3+N”议事会", room=w.rooms.get(d.pk))
            self.fill(council, core, chair="party", secretary="committee", party_unit=d)
            w.councils.append((d, council))
            troika = self.body("troika", d, f"{short}居民区“三驾马车”联席会议")
            self.fill(troika, {c: core[c] for c in ("committee", "owners", "property")}, chair="committee", party_unit=d)
            if i < SUPERVISION_DISTRICTS:
                supervisors = [(h, None) for h in w.residents(d, CommunityRoleKind.PARTY_MEMBER, 5, "supervision")]
                self.fill(self.body("supervision", d, f"{short}居民区党务政务监督小组"), {"supervisor": supervisors}, chair="supervisor")
        for point in w.points[:POINT_BODIES]:
            d = w.by_pk[point.unit_id]
            host = Holder(point.host_name, resident_id=point.host_id)
            neighbours = [(h, None) for h in w.residents(d, CommunityRoleKind.VOLUNTEER, 4, f"point{point.pk}") if h.resident_id != point.host_id]
            social = self.orgs_for(OrganisationKind.SOCIAL_ORG, [d], 1, f"point{point.pk}")
            p = self.body("point", d, f"{point.name}议事会", point=point, description=f"示范睦邻点“{point.name}”的邻里议事：和睦邻里、议事协商。")
            self.fill(p, {"host": [(host, None)], "resident": neighbours, "social_org": social}, chair="host")
            w.point_bodies.append((d, p))
        for area in w.areas:
            ds = [d for d in w.districts if d.path.startswith(area.path)]
            office = w.staff_holder(area, "area_manager", "片区办公室")
            p = self.body("joint", area, f"{area.name}区域联席会议")
            self.fill(p, {"area_office": [(office, None)] if office else [], "co_building": self.orgs_for(OrganisationKind.CO_BUILDING, ds, 3, f"joint{area.pk}"),
                          "enterprise": self.orgs_for(OrganisationKind.ENTERPRISE, ds, 2, f"joint{area.pk}"),
                          "social_org": self.orgs_for(OrganisationKind.SOCIAL_ORG, ds, 2, f"joint{area.pk}")}, chair="area_office", party_unit=area)  # fmt: skip
            w.joints.append((area, p))
        for g in w.group_grids():
            d = w.district_of(g.path)
            core = self.core_holders(d, w.districts.index(d))
            grid = w.staff_holder(g, "grid_worker", "网格员")
            heads = [(h, None) for h in w.residents(g, CommunityRoleKind.BUILDING_HEAD, 2, f"group{g.pk}")]
            volunteers = [(h, None) for h in w.residents(g, CommunityRoleKind.VOLUNTEER, 2, f"group{g.pk}")]
            if g.pk == w.g1 and w.users.get("volunteer"):
                volunteers = [(w.account("volunteer"), None), *volunteers[:1]]
            owners = [(h, None) for h in w.residents(d, CommunityRoleKind.OWNERS_COMMITTEE, 1, f"group{g.pk}")]
            p = self.body("self_group", g, f"{d.name.removesuffix('居民区')}{g.name}自管共管联合小组")
            self.fill(p, {"grid": [(grid, None)] if grid else [], "property": core["property"], "owners": owners, "building_head": heads, "volunteer": volunteers},
                      chair="grid", party_unit=g)  # fmt: skip
            w.groups.append((g, p))

    def core_holders(self, d: Unit, i: int) -> dict[str, list]:
        """The holders of a 居民区's council seats (the demo accounts at the first 居民区)."""
        w, first = self.w, i == 0
        company = w.companies.get(d.pk)
        secretary = w.staff_holder(d, "committee_secretary", "居委会书记")
        committee = w.staff_holder(d, "social_worker", "") or w.director(d)
        property_ = w.staff_holder(d, "property_company", "物业经理")
        police = w.staff_holder(d, "police", "社区民警")
        owners = w.residents(d, CommunityRoleKind.OWNERS_COMMITTEE, 1, "owners")
        representatives = w.residents(d, CommunityRoleKind.REPRESENTATIVE, 3, "representatives")
        group = w.residents(d, CommunityRoleKind.TALENT, 1, "group") or w.residents(d, CommunityRoleKind.VOLUNTEER, 1, "group")
        if first:
            owners = [w.account("owners")] if w.users.get("owners") else owners
            if w.users.get("representative"):
                representatives = [w.account("representative"), *representatives[:2]]
        co = self.orgs_for(OrganisationKind.CO_BUILDING, [d], 1, f"council{d.pk}")
        social = self.orgs_for(OrganisationKind.SOCIAL_ORG, [d], 1, f"council{d.pk}")
        return {
            "party": [(secretary, None)] if secretary else [], "committee": [(committee, None)] if committee else [],
            "owners": [(h, None) for h in owners], "property": [(property_, company)] if property_ else [],
            "police": [(police, None)] if police else [], "co_building": co, "group": [(h, None) for h in group], "social_org": social,
            "representative": [(h, None) for h in representatives],
        }  # fmt: skip

    def orgs_for(self, kind: str, districts: list[Unit], n: int, part: str) -> list[tuple[Holder, Organisation]]:
        """`n` organisations of `kind` serving one of `districts` (any of the subdistrict's when none does), their
        contacts as members; an organisation whose contact is a demo account comes first, with that account."""
        w = self.w
        rng = w.rng(part)
        serving = [o for o in w.orgs.get(kind, []) if w.org_districts.get(o.pk, set()) & {d.pk for d in districts}]
        pool = serving or w.orgs.get(kind, [])
        first = [o for o in serving if o.contact_name in w.contacts]
        rest = [o for o in pool if o not in first]
        chosen = first + rng.sample(rest, min(n, len(rest)))
        out = []
        for o in chosen[:n]:
            user = w.contacts.get(o.contact_name)
            out.append((Holder(o.contact_name or o.name[:20], user_id=user), o))
        return out
