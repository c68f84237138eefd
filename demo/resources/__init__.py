"""The demo of issue 7 (三大资源库 and 精准对接), called by `load_demo` after the services demo:

- ~400 社区达人 drawn from the residents of the 22 居民区, skills by age (曲艺, 书画, 舞蹈, 音乐 for older
  residents; 智能手机教学, 教育, 维修 for younger ones), levels, weekly windows, how far they go, consent for
  most; the phone copied from the resident record (core.protect); some applied and awaiting review,
  a few retired or not accepted, each with its review timeline (demo talent `talent` is 高雅 in 白云);
- ~40 共建单位 (机关 11, 事业单位 12, 企业 91) and ~60 公益慈善企业 and social organisations (91, 52, 53)
  with valid unified social credit codes, each charity with 2-5 公益服务项目 (budgets, periods, areas);
- ~120 共享空间: a `services.Room` of kind "shared" (no place, unit = the 居民区) plus its `SharedSpace`,
  offered by a co-building unit or by the 居民区 itself, placed inside the 居民区's grids;
- ~250 needs across the 居民区, from staff, 睦邻点, groups of residents and the demo surveys; most
  open, some agreed, served or closed, a few cancelled; and their matches (demo/resources/matches.py).

Every talent, space and project gets the catalogue row `resources.catalogue.sync` would write (built by its
own field builders, in bulk; the tests check the rows against `sync`); the shared rooms get their slots for
the next SERVICES_SLOT_WEEKS weeks, as `space_create` makes them; one batch round is run (not applied) when
the rounds service exists. The counters `asked` (proposals in the last RESOURCES_ASKED_DAYS days),
`committed` (agreed, not served) and `served` (service records) are set from the matches written.
Idempotent (nothing is added when the subdistrict has talents or organisations) and deterministic for a
seed and `now`."""

import datetime
import importlib.util
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import RoleAssignment, User
from core.protect import decrypt, mask_mobile, protect
from demo.cases import insert_rows, own_timestamps
from demo.geo import coord, point_in_quad
from demo.names import name_pools
from demo.resources import data as D
from demo.services.places import credit_code
from demo.specs import ZHONGSHAN
from doorstep.models import Room, RoomKind
from doorstep.services.bookings import setting
from doorstep.slots import hours_checked, slots_generate
from org.models import SEGMENT, Unit, UnitKind
from people.models import Resident
from resources import catalogue
from resources.models import (
    MatchRound,
    MatchState,
    NeedState,
    Organisation,
    OrganisationKind,
    Project,
    Resource,
    ResourceType,
    SharedSpace,
    Talent,
    TalentSkill,
    TalentSource,
    TalentState,
    TalentTransition,
)

FULL_DISTRICTS = 22  # the counts below are for 22 居民区; a smaller demo scales the organisations down
TALENTS_PER_DISTRICT = (16, 20)
AGE_SHARES = (("old", 0.5), ("mid", 0.35), ("young", 0.15))
TALENT_LIVES = {TalentState.APPLIED: 0.08, TalentState.REJECTED: 0.02, TalentState.RETIRED: 0.04}
CO_BUILDING_COUNT, CHARITY_COUNT, SOCIAL_SHARE = 40, 60, 0.3
DISTRICT_SPACES = (2, 3)
DEMO_TALENT = ("高雅", "13917265480", [("dance", 3, "区老年艺术团舞蹈编导，国家二级社会体育指导员"), ("music", 2, "社区合唱团领唱")])
DEMO_CONTACTS = {"co_building": "郑华", "enterprise": "马丽", "social_org": "林芳"}  # the demo accounts cobuild, charity, socialorg
STEP_COLUMNS = ["action", "from_state", "to_state", "by_id", "at", "note"]


def at(day: datetime.date, rng: Random, hours=(9, 17)) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, rng.randint(*hours), rng.randrange(60)))


def days(n: float) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def pick(rng: Random, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


@dataclass
class World:
    subdistrict: Unit
    districts: list[Unit]
    now: datetime.datetime
    seed: int
    quads: dict = field(default_factory=dict)  # district id → its grids' quadrilaterals
    buildings: dict = field(default_factory=dict)  # path → building
    staff: dict = field(default_factory=dict)  # district id → user ids (secretaries and social workers)
    admin: int | None = None
    users: dict = field(default_factory=dict)  # demo username → user id
    types: dict = field(default_factory=dict)  # type code → id

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def scale(self) -> float:
        return len(self.districts) / FULL_DISTRICTS

    def rng(self, part: str) -> Random:
        return Random(f"{self.seed}:resources:{part}")

    def spot(self, rng: Random, d: Unit) -> tuple[Decimal, Decimal]:
        """A point inside one of the 居民区's grids (its own position when it has none)."""
        quads = self.quads.get(d.pk)
        if quads:
            lng, lat = point_in_quad(rng.choice(quads), rng.uniform(0.15, 0.85), rng.uniform(0.15, 0.85))
        else:
            lat, lng = float(d.lat or self.subdistrict.lat or 31.03) + rng.uniform(-0.002, 0.002), float(d.lng or 121.23) + rng.uniform(-0.002, 0.002)
        return coord(lat), coord(lng)

    def clerk(self, rng: Random, d: Unit) -> int | None:
        return rng.choice(self.staff[d.pk]) if self.staff.get(d.pk) else self.admin

    @classmethod
    def load(cls, subdistrict: Unit, seed: int, now) -> "World":
        districts = list(Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.DISTRICT).order_by("path"))
        w = cls(subdistrict, districts, now, seed)
        by_path = {d.path: d for d in districts}
        plen = len(districts[0].path) if districts else 0
        for g in Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.GRID, boundary__isnull=False).order_by("path"):
            if g.path[:plen] in by_path:
                w.quads.setdefault(by_path[g.path[:plen]].pk, []).append([tuple(p) for p in g.boundary["coordinates"][0][:4]])
        w.buildings = {b.path: b for b in Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.BUILDING).order_by("path")}
        w.users = dict(User.objects.filter(username__in=["admin", "secretary", "socialworker", "talent"]).values_list("username", "id"))
        grants = RoleAssignment.objects.filter(unit_path__startswith=subdistrict.path, role__in=["committee_secretary", "social_worker", "subdistrict_admin"])
        for user_id, role, path in grants.order_by("id").values_list("user_id", "role", "unit_path"):
            if role == "subdistrict_admin":
                w.admin = w.admin or user_id
            elif path[:plen] in by_path and user_id not in w.staff.setdefault(by_path[path[:plen]].pk, []):
                w.staff[by_path[path[:plen]].pk].append(user_id)
        w.admin = w.users.get("admin", w.admin)
        w.types = dict(ResourceType.objects.values_list("code", "id"))
        return w

    def district_of(self, path: str) -> Unit | None:
        plen = len(self.districts[0].path)
        return self._by_path.get(path[:plen])

    @property
    def _by_path(self) -> dict:
        if not hasattr(self, "_paths"):
            self._paths = {d.path: d for d in self.districts}
        return self._paths


def timeline(model, subject: str, rows: list[tuple]) -> None:
    insert_rows(model, [subject, *STEP_COLUMNS], rows)


# --- 社区达人 ---------------------------------------------------------------------------------------------


def age_band(age: int) -> str:
    return "old" if age >= 60 else "mid" if age >= 35 else "young"


def availability(rng: Random, band: str, skill: str) -> dict:
    """Weekly windows: older residents in the daytime, working people in the evenings and at weekends."""
    if rng.random() < 0.08:
        return {}  # by arrangement
    out = {}
    if band == "old":
        for d in sorted(rng.sample(D.WEEKDAYS, rng.randint(2, 4))):
            out[d] = rng.choice([D.MORNING, D.AFTERNOON, D.MORNING + D.AFTERNOON])
        if skill in ("fitness", "dance", "health") and rng.random() < 0.4:
            for d in (*D.WEEKDAYS, D.SAT):
                out[d] = [["06:30", "08:00"], *out.get(d, [])]
    else:
        for d in sorted(rng.sample(D.WEEKDAYS, rng.randint(1, 3))):
            out[d] = D.EVENING
        for d in rng.sample([D.SAT, D.SUN], rng.randint(1, 2)):
            out[d] = rng.choice([D.WEEKEND_MORNING, D.WEEKEND_AFTERNOON, D.WEEKEND_MORNING + D.WEEKEND_AFTERNOON])
    return hours_checked(out)


def skills_for(rng: Random, band: str, gender: str) -> list[tuple[str, int, str]]:
    weights = {k: v * D.GENDER_LEAN.get(k, (1, 1))[0 if gender == "M" else 1] for k, v in D.SKILLS_BY_AGE[band].items()}
    n = pick(rng, {1: 55, 2: 35, 3: 10})
    codes = []
    while len(codes) < n:
        c = pick(rng, {k: v for k, v in weights.items() if k not in codes})
        codes.append(c)
    out = []
    for i, c in enumerate(codes):
        level = pick(rng, D.LEVEL_WEIGHTS) if i == 0 else pick(rng, {1: 45, 2: 40, 3: 15})
        out.append((c, level, rng.choice(D.SKILL_NOTES[c]) if i == 0 or rng.random() < 0.5 else ""))
    return out


def plan_talents(w: World) -> list[tuple[Talent, list, list]]:
    """(talent, skills, timeline steps) for 16-20 adults of each 居民区 with a mobile, half of them 60+."""
    rng, today = w.rng("talents"), w.today
    pools = defaultdict(lambda: defaultdict(list))
    rows = (
        Resident.objects.filter(unit_path__startswith=w.subdistrict.path, birth_date__lte=today - days(18 * 365.25))
        .exclude(mobile_digest="")
        .order_by("id")
        .values_list("id", "unit_path", "birth_date")
    )
    for pk, path, birth in rows:
        d = w.district_of(path)
        if d is not None:
            pools[d.pk][age_band((today - birth).days // 365)].append(pk)
    chosen = []
    for d in w.districts:
        n = rng.randint(*TALENTS_PER_DISTRICT)
        for band, share in AGE_SHARES:
            chosen += rng.sample(pools[d.pk][band], min(len(pools[d.pk][band]), round(n * share)))
    people = {r[0]: r for r in Resident.objects.filter(pk__in=chosen).values_list("id", "name", "gender", "birth_date", "unit_path", "mobile_enc", "user_id")}
    lives = [s for s, share in TALENT_LIVES.items() for _ in range(round(share * len(chosen)))]
    lives += [TalentState.ACTIVE] * (len(chosen) - len(lives))
    rng.shuffle(lives)
    imports = [w.today - days(k) for k in (400, 200)]
    out = []
    for pk, state in zip(chosen, lives, strict=True):
        _pk, name, gender, birth, path, mobile_enc, user_id = people[pk]
        band = age_band((today - birth).days // 365)
        skills = skills_for(rng, band, gender)
        building = w.buildings[path[: -(SEGMENT + 1)]]
        d = w.district_of(path)
        phone = protect(decrypt(mobile_enc), mask_mobile)
        lo, hi = D.SKILL_GROUP[skills[0][0]]
        talent = Talent(
            resident_id=pk, user_id=user_id, name=name, phone_enc=phone.enc, phone_digest=phone.digest, phone_masked=phone.masked,
            unit=building, unit_path=building.path, lat=building.lat, lng=building.lng,
            bio=rng.choice(D.BIO_OPENINGS[band]) + D.BIO_OFFERS[skills[0][0]] + (f"（{skills[0][2]}）" if skills[0][2] else ""),
            availability=availability(rng, band, skills[0][0]), reach_m=rng.randrange(*((500, 2001) if band == "old" else (1000, 5001)), 100),
            group_size=rng.randint(lo, hi), sessions_per_period=rng.randint(2, 4) if band == "old" else rng.randint(1, 3), state=state,
        )  # fmt: skip
        out.append((talent, skills, talent_life(w, rng, talent, d, imports)))
    out.append(demo_talent(w, rng))
    return out


def talent_life(w: World, rng: Random, t: Talent, d: Unit, imports: list) -> list[tuple]:
    """Source, consent, dates and review steps of a talent, ending in its state."""
    clerk, steps = w.clerk(rng, d), []
    if t.state == TalentState.APPLIED:
        t.source, created = TalentSource.APPLICATION, w.now - days(rng.uniform(1, 25))
    else:
        t.source = pick(rng, {TalentSource.STAFF: 60, TalentSource.APPLICATION: 20, TalentSource.IMPORT: 20})
        created = at(rng.choice(imports), rng) if t.source == TalentSource.IMPORT else w.now - days(rng.uniform(30, 720))
    begin = {TalentSource.STAFF: ("create", clerk, "居委会走访登记。"), TalentSource.APPLICATION: ("apply", t.user_id, "居民本人申请。"),
             TalentSource.IMPORT: ("import", w.admin, "Excel导入：社区达人摸底表。")}[t.source]  # fmt: skip
    steps.append((begin[0], "", TalentState.APPLIED, begin[1], created, begin[2]))
    t.created_at = t.updated_at = created
    t.public_consent = rng.random() < (0.85 if t.state != TalentState.APPLIED else 0.7)
    t.consent_at = created if t.public_consent else None
    if t.state == TalentState.APPLIED:
        return steps
    reviewed = created + days(rng.uniform(2, 10))
    if t.state == TalentState.REJECTED:
        t.review_note = rng.choice(D.REJECT_NOTES)
        steps.append(("reject", TalentState.APPLIED, TalentState.REJECTED, clerk, reviewed, t.review_note))
    else:
        steps.append(("approve", TalentState.APPLIED, TalentState.ACTIVE, clerk, reviewed, rng.choice(D.APPROVE_NOTES)))
    if t.state == TalentState.RETIRED:
        retired = min(w.now - days(1), reviewed + days(rng.uniform(60, 300)))
        t.review_note = rng.choice(D.RETIRE_NOTES)
        steps.append(("retire", TalentState.ACTIVE, TalentState.RETIRED, clerk, retired, t.review_note))
    t.updated_at = steps[-1][4]
    return steps


def demo_talent(w: World, rng: Random) -> tuple[Talent, list, list]:
    """高雅, the demo account `talent`, in the first 居民区: an active, listed talent."""
    d = w.districts[0]
    building = next(b for p, b in w.buildings.items() if p.startswith(d.path))
    name, mobile, skills = DEMO_TALENT
    phone = protect(mobile, mask_mobile)
    created = w.now - days(300)
    t = Talent(
        user_id=w.users.get("talent"), name=name, phone_enc=phone.enc, phone_digest=phone.digest, phone_masked=phone.masked, unit=building,
        unit_path=building.path, lat=building.lat, lng=building.lng, bio="退休前是区文化馆舞蹈干部，" + D.BIO_OFFERS["dance"],
        availability=hours_checked({"1": D.MORNING, "3": D.AFTERNOON, "5": D.WEEKEND_MORNING}), reach_m=3000, group_size=30,
        sessions_per_period=4, public_consent=True, consent_at=created, state=TalentState.ACTIVE, source=TalentSource.APPLICATION,
        created_at=created, updated_at=created + days(3),
    )  # fmt: skip
    steps = [("apply", "", TalentState.APPLIED, t.user_id, created, "居民本人申请。"),
             ("approve", TalentState.APPLIED, TalentState.ACTIVE, w.clerk(rng, d), created + days(3), D.APPROVE_NOTES[0])]  # fmt: skip
    return t, skills, steps


def write_talents(w: World, planned) -> list[Talent]:
    with own_timestamps(Talent):
        talents = Talent.objects.bulk_create([t for t, _s, _l in planned])
    TalentSkill.objects.bulk_create([TalentSkill(talent=t, type_id=w.types[c], level=lv, note=note) for t, skills, _ in planned for c, lv, note in skills])
    timeline(TalentTransition, "talent_id", [(t.pk, *s) for t, _s, steps in planned for s in steps])
    return talents


# --- organisations, projects, spaces -----------------------------------------------------------------------


def make_organisations(w: World) -> tuple[list[tuple[Organisation, str]], list[tuple[Organisation, list[str]]]]:
    """The 共建单位 (each paired with a 居民区) and the charities (half attached to a 居民区, half to the
    subdistrict), with valid unified social credit codes, contacts and the 居民区 they serve."""
    rng, pools = w.rng("organisations"), name_pools(w.seed)
    taken = set(Organisation.objects.values_list("name", flat=True))
    codes = set(Organisation.objects.exclude(credit_code="").values_list("credit_code", flat=True))
    n_co = max(4, round(CO_BUILDING_COUNT * w.scale))
    n_ch = max(6, round(CHARITY_COUNT * w.scale))
    firms = [c for c in D.CHARITY if c[1] == "91"]
    socials = [c for c in D.CHARITY if c[1] != "91"]
    n_social = max(2, round(n_ch * SOCIAL_SHARE))
    charities = firms[: n_ch - n_social] + socials[:1] + rng.sample(socials[1:], min(len(socials) - 1, n_social - 1))
    orgs, co, ch, links = [], [], [], []

    def new(kind, name, code_kind, d: Unit | None, about: str, contact: str | None):
        code = credit_code(rng, code_kind, taken=codes)
        home = d or rng.choice(w.districts)
        lat, lng = w.spot(rng, home)
        unit = d or w.subdistrict
        org = Organisation(
            kind=kind, name=name, credit_code=code, unit=unit, unit_path=unit.path, address=f"松江区{rng.choice(D.ROADS)}{rng.randint(1, 900)}号",
            lat=lat, lng=lng, contact_name=contact or pools.person(rng, rng.random() < 0.5), contact_phone=f"021-57{rng.randint(10, 99)}{rng.randint(1000, 9999)}",
            description=about,
        )  # fmt: skip
        orgs.append(org)
        return org, home

    for i, (name, code_kind, category, about) in enumerate(c for c in D.CO_BUILDING if c[0] not in taken):
        if i >= n_co:
            break
        d = w.districts[i % len(w.districts)]
        org, _ = new(OrganisationKind.CO_BUILDING, name, code_kind, d, about, DEMO_CONTACTS["co_building"] if i == 0 else None)
        co.append((org, category))
        k = w.districts.index(d)
        links.append((org, [d, *w.districts[k + 1 : k + 1 + rng.randint(0, 2)]]))
    first = {"91": True, "52": True}
    for name, code_kind, fields in (c for c in charities if c[0] not in taken):
        kind = OrganisationKind.ENTERPRISE if code_kind == "91" else OrganisationKind.SOCIAL_ORG
        contact = DEMO_CONTACTS[kind] if first.pop(code_kind, False) else None
        d = w.districts[0] if contact else rng.choice(w.districts) if rng.random() < 0.5 else None
        org, home = new(kind, name, code_kind, d, rng.choice(D.ORG_ABOUT[code_kind]), contact)
        ch.append((org, fields))
        if rng.random() < 0.6:
            links.append((org, sorted({home, *rng.sample(w.districts, min(len(w.districts), rng.randint(1, 5)))}, key=lambda u: u.path)))
    Organisation.objects.bulk_create(orgs)
    through = Organisation.districts.through
    through.objects.bulk_create([through(organisation_id=o.pk, unit_id=d.pk) for o, ds in links for d in ds])
    return co, ch


def make_projects(w: World, charities) -> list[Project]:
    """2-5 公益服务项目 of each charity from its fields: most run this year, a few ended last year."""
    rng, today = w.rng("projects"), w.today
    projects, type_links, district_links = [], [], []
    served = defaultdict(list)
    for org_id, unit_id in Organisation.districts.through.objects.filter(organisation__in=[o for o, _ in charities]).values_list("organisation_id", "unit_id"):
        served[org_id].append(unit_id)
    for org, fields in charities:
        menu = [p for f in fields for p in D.PROJECTS[f]]
        for name, codes, content, cap, deliveries, budget, cost in rng.sample(menu, min(len(menu), rng.randint(2, 5))):
            life = pick(rng, {"year": 40, "two years": 30, "half": 15, "ended": 15})
            if life in ("year", "two years"):
                start, end = datetime.date(today.year, 1, 1), datetime.date(today.year + (life == "two years"), 12, 31)
            elif life == "half":
                start = today.replace(day=1) - days(rng.randint(0, 120))
                end = start + days(rng.choice([183, 274, 365]))
            else:
                start, end = datetime.date(today.year - 1, 3, 1), datetime.date(today.year - 1, 12, 31)
            p = Project(
                organisation=org, unit_path=org.unit_path, name=name, content=content, capacity=rng.randint(*cap), deliveries=rng.randint(*deliveries),
                budget=Decimal(rng.randrange(budget[0], budget[1] + 1, 1000)), cost_to_requester=Decimal(cost), starts_on=start, ends_on=end,
                availability=hours_checked(rng.choice([{d: D.MORNING + D.AFTERNOON for d in D.WEEKDAYS}, {D.SAT: D.WEEKEND_MORNING + D.WEEKEND_AFTERNOON},
                                                       {**{d: D.AFTERNOON for d in D.WEEKDAYS}, D.SAT: D.WEEKEND_MORNING}])),
                is_active=end >= today,
            )  # fmt: skip
            projects.append(p)
            type_links.append((p, codes))
            if served[org.pk] and rng.random() < 0.4:
                district_links.append((p, rng.sample(served[org.pk], rng.randint(1, len(served[org.pk])))))
    Project.objects.bulk_create(projects)
    Project.types.through.objects.bulk_create([Project.types.through(project_id=p.pk, resourcetype_id=w.types[c]) for p, cs in type_links for c in cs])
    Project.districts.through.objects.bulk_create([Project.districts.through(project_id=p.pk, unit_id=u) for p, us in district_links for u in us])
    return projects


def make_spaces(w: World, co_building) -> list[SharedSpace]:
    """1-3 spaces of each co-building unit in its 居民区, and 2-3 of each 居民区's own."""
    rng = w.rng("spaces")
    by_pk = {d.pk: d for d in w.districts}
    offers = []  # (district, organisation or None, template, name, address, position)
    for org, category in co_building:
        templates = D.SPACES[category]
        for tpl in rng.sample(templates, rng.randint(1, min(len(templates), 3 if category == "school" else 2))):
            pos = (coord(float(org.lat) + rng.uniform(-0.0002, 0.0002)), coord(float(org.lng) + rng.uniform(-0.0002, 0.0002)))
            offers.append((by_pk[org.unit_id], org, tpl, f"{org.name}{tpl[0]}", f"{org.address}（{tpl[0]}）", pos))
    for d in w.districts:
        short = d.name.removesuffix("居民区")
        for tpl in rng.sample(D.SPACES["district"], rng.randint(*DISTRICT_SPACES)):
            offers.append((d, None, tpl, f"{short}{tpl[0]}", f"{d.address or d.name}{tpl[0]}", w.spot(rng, d)))
    rooms, spaces, links = [], [], []
    for d, org, (_name, codes, cap, area, equipment, hours, minutes), name, address, (lat, lng) in offers:
        active = rng.random() > 0.03
        room = Room(
            place=None, unit=d, unit_path=d.path, kind=RoomKind.SHARED, name=name, floor=rng.randint(1, 3) if "场" not in name else 1,
            capacity=rng.randint(*cap), area_m2=rng.randint(*area), equipment=list(equipment), opening_hours=hours_checked(hours),
            bookable=True, slot_minutes=minutes, rules=rng.choice(D.SPACE_RULES), is_active=active,
        )  # fmt: skip
        rooms.append(room)
        fee = Decimal(rng.choice([20, 50, 80, 100])) if org is not None and "sports" in codes and rng.random() < 0.3 else Decimal(0)
        about = f"{org.name}向社区开放，" if org else f"{d.name}自有场地，"
        spaces.append(SharedSpace(room=room, unit_path=d.path, organisation=org, address=address, lat=lat, lng=lng, fee=fee,
                                  description=about + ("公益活动免费使用。" if not fee else f"每次收取场地维护费{fee}元。"),
                                  uses_per_period=rng.randint(4, 12), is_active=active))  # fmt: skip
        links.append(codes)
    Room.objects.bulk_create(rooms)
    for s in spaces:
        s.room_id = s.room.pk
    SharedSpace.objects.bulk_create(spaces)
    through = SharedSpace.types.through
    through.objects.bulk_create([through(sharedspace_id=s.pk, resourcetype_id=w.types[c]) for s, cs in zip(spaces, links, strict=True) for c in cs])
    return spaces


def catalogue_rows(talents: list[Talent], spaces: list[SharedSpace], projects: list[Project], progress: bool) -> int:
    """The catalogue rows `resources.catalogue.sync` would write, in bulk: the same fields (its own field
    builders), types (skills; a space's or project's types) and 居民区 (a project's, else its organisation's)."""
    skills, space_types, project_types, project_districts, org_districts = (defaultdict(list) for _ in range(5))
    for key, rows in (
        (skills, TalentSkill.objects.filter(talent__in=talents).values_list("talent_id", "type_id")),
        (space_types, SharedSpace.types.through.objects.filter(sharedspace__in=spaces).values_list("sharedspace_id", "resourcetype_id")),
        (project_types, Project.types.through.objects.filter(project__in=projects).values_list("project_id", "resourcetype_id")),
        (project_districts, Project.districts.through.objects.filter(project__in=projects).values_list("project_id", "unit_id")),
        (org_districts, Organisation.districts.through.objects.filter(organisation__in={p.organisation_id for p in projects}).values_list("organisation_id", "unit_id")),
    ):  # fmt: skip
        for owner, other in rows.order_by("id"):
            key[owner].append(other)
    rows, types, districts = [], [], []
    with tqdm(total=len(talents) + len(spaces) + len(projects), desc="demo resources", unit="resource", disable=not progress) as bar:
        for t in talents:
            rows.append(Resource(talent=t, **catalogue._fields_talent(t)))
            types.append(skills[t.pk])
            districts.append([])
            bar.update()
        for s in spaces:
            rows.append(Resource(space=s, **catalogue._fields_space(s)))
            types.append(space_types[s.pk])
            districts.append([])
            bar.update()
        for p in projects:
            rows.append(Resource(project=p, **catalogue._fields_project(p)))
            types.append(project_types[p.pk])
            districts.append(project_districts[p.pk] or org_districts[p.organisation_id])
            bar.update()
    Resource.objects.bulk_create(rows, batch_size=1000)
    T, U = Resource.types.through, Resource.districts.through
    T.objects.bulk_create([T(resource_id=r.pk, resourcetype_id=t) for r, ts in zip(rows, types, strict=True) for t in ts], batch_size=5000)
    U.objects.bulk_create([U(resource_id=r.pk, unit_id=u) for r, us in zip(rows, districts, strict=True) for u in us], batch_size=5000)
    return len(rows)


# --- the load --------------------------------------------------------------------------------------------------


def load_demo_resources(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, now=None, progress: bool = True) -> dict:
    """Add the issue 7 demo of the subdistrict, unless it has talents or organisations already."""
    from demo.resources import matches as M

    started = time.monotonic()
    subdistrict = Unit.objects.filter(code=subdistrict_code).first()
    if subdistrict is None or any(m.objects.filter(unit_path__startswith=subdistrict.path).exists() for m in (Talent, Organisation)):
        return {"skipped": True}
    now = timezone.localtime(now or timezone.now())
    with transaction.atomic():
        w = World.load(subdistrict, seed, now)
        if not w.districts:
            return {"skipped": True}
        co_building, charities = make_organisations(w)
        talents = write_talents(w, plan_talents(w))
        spaces = make_spaces(w, co_building)
        rooms = Room.objects.filter(shared_space__in=spaces, is_active=True, bookable=True)
        slots = slots_generate(weeks=setting("SERVICES_SLOT_WEEKS"), now=now, rooms=rooms)
        projects = make_projects(w, charities)
        catalogue_rows(talents, spaces, projects, progress)
        planned = M.plan_needs(w)
        M.write_needs(w, planned)
        matched = M.make_matches(w, planned)
        rounds = demo_round(w)
    result = {
        "talents": len(talents), "talents active": sum(t.state == TalentState.ACTIVE for t in talents), "co-building units": len(co_building),
        "charities": len(charities), "projects": len(projects), "spaces": len(spaces), "space slots": slots.room_slots, "needs": len(planned),
        "needs open": sum(p.need.state == NeedState.OPEN for p in planned), "matches": sum(v for k, v in matched.items() if k in MatchState.values),
        "matches served": matched[MatchState.SERVED], "matches agreed": matched[MatchState.AGREED], "matches declined": matched[MatchState.DECLINED],
        "service records": matched["service records"], "rounds": rounds, "seconds": round(time.monotonic() - started, 1),
    }  # fmt: skip
    from demo.generator import audit_load

    audit_load("load_demo_resources", Counter({k: v for k, v in result.items() if isinstance(v, int)}), {"seed": seed})
    return result


def demo_round(w: World) -> int:
    """One batch round over the subdistrict's open needs, run by the subdistrict admin an hour ago and not
    applied (its optimal and greedy assignments side by side), when the rounds service exists."""
    if importlib.util.find_spec("resources.services.rounds") is None or w.admin is None:
        return 0
    from resources.services.rounds import round_run

    r = round_run(w.subdistrict, User.objects.get(pk=w.admin), f"{w.today.year}年{w.today.month}月精准对接批量轮次")
    MatchRound.objects.filter(pk=r.pk).update(created_at=w.now - datetime.timedelta(hours=1), updated_at=w.now - datetime.timedelta(hours=1))
    return 1
