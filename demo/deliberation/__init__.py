"""The demo of issue 16 (议事协商), called by `load_demo` after the resources demo:

- the property companies of the estates (5, spread over the 22 居民区; shared by name with the evaluation demo);
- per 居民区 a 1+3+N council (the secretary in the chair, the 居委会, the owners' committee, the property
  company, the police officer, a co-building unit, a 群众团队, a social organisation and three 居民代表) and a
  三驾马车; a 党务政务监督小组 for the first five; a deliberation body at three model 睦邻点; a joint meeting per
  片区; 20 自管共管联合小组 on grids (demo/deliberation/bodies.py). At the first 居民区 the demo accounts
  secretary (chair), owners, property, police, representative, socialorg and cobuild hold seats;
- a year of monthly council meetings per 居民区 and quarterly joint and 睦邻点 meetings, each with agenda items,
  sign-in (two not quorate), decisions by recorded vote or consensus, published minutes and each decision's
  actions (done on time, done late, escalated to the 片区, in progress), some items from recurring cases with
  the actions linked to a case; next week's council meeting at the first 居民区 in its station's 议事室
  (demo/deliberation/meetings.py);
- three 约请 threads and four 三重一大 matters with their spendings (demo/deliberation/threads.py).

Every object starts its timeline as `core.workflow.begin` does and replays the workflow's steps to its state.
Idempotent (nothing is added when the subdistrict has a council) and deterministic for a seed and `now`."""

import datetime
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from random import Random

from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import RoleAssignment, User
from cases.models import Case, CaseCategory
from demo.cases.staff import ensure_case_staff
from demo.deliberation import data as D
from demo.deliberation.bodies import SELF_GROUPS, Bodies, Holder, ensure_property_companies, person_name
from demo.deliberation.meetings import Book, ItemPlan, Planner, at, days, months_back, weekday_on_or_after
from demo.specs import ZHONGSHAN
from doorstep.models import NeighbourhoodPoint, Room, RoomKind
from meetings.models import Body, ItemSource, MajorMatter, Meeting
from org.models import Responsible, Unit, UnitKind
from people.models import CommunityRole
from resources.models import Organisation, OrganisationKind

DEMO_CONTACTS = {"郑华": "cobuild", "马丽": "charity", "林芳": "socialorg"}  # demo/resources: the organisations' contacts who are demo accounts
MONTHS = 12
JOINT_MONTHS = (11, 8, 5, 2)
POINT_MONTHS = (9, 6, 3)
NOT_QUORATE = ((3, 5), (10, 8))  # (居民区 index, months back): the meetings that were not quorate
CLUSTER_MONTH = 3  # the council meeting that took up each 居民区's most recurring cases


@dataclass
class World:
    subdistrict: Unit
    districts: list[Unit]
    areas: list[Unit]
    grids: list[Unit]
    now: datetime.datetime
    seed: int
    staff: object = None
    users: dict = field(default_factory=dict)  # demo username → id
    names: dict = field(default_factory=dict)  # user id → display name
    contacts: dict = field(default_factory=dict)  # contact name → demo user id
    roles: dict = field(default_factory=dict)  # kind → [(resident id, name, the resident's unit path)]
    orgs: dict = field(default_factory=dict)  # kind → organisations
    org_districts: dict = field(default_factory=dict)  # organisation id → {居民区 ids}
    companies: dict = field(default_factory=dict)  # 居民区 id → property company
    rooms: dict = field(default_factory=dict)  # 居民区 id → its station's 议事室
    points: list = field(default_factory=list)
    directors: dict = field(default_factory=dict)  # 居民区 id → 居委会主任 (name, user id)
    councils: list = field(default_factory=list)  # (居民区, Planned)
    point_bodies: list = field(default_factory=list)
    joints: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    g1: int | None = None

    @property
    def today(self) -> datetime.date:
        return timezone.localdate(self.now)

    @property
    def term_start(self) -> datetime.date:
        return datetime.date(self.today.year - 2, 1, 1)

    @property
    def term_end(self) -> datetime.date:
        return datetime.date(self.today.year + 2, 12, 31)

    @property
    def created(self) -> datetime.datetime:
        return at(self.term_start, 10)

    def rng(self, part: str) -> Random:
        return Random(f"{self.seed}:deliberation:{part}")

    @property
    def by_pk(self) -> dict:
        return {u.pk: u for u in [self.subdistrict, *self.areas, *self.districts, *self.grids]}

    def district_of(self, path: str) -> Unit | None:
        return next((d for d in self.districts if path.startswith(d.path)), None)

    def account(self, username: str) -> Holder:
        uid = self.users[username]
        return Holder(person_name(self.names[uid]), user_id=uid)

    def staff_holder(self, unit: Unit, role: str, _title: str) -> Holder | None:
        uid = self.staff.social.get(unit.pk) if role == "social_worker" else self.staff.at(unit.pk, role)
        return Holder(person_name(self.names.get(uid, "")), user_id=uid) if uid else None

    def director(self, d: Unit) -> Holder | None:
        row = self.directors.get(d.pk)
        return Holder(row[0], user_id=row[1]) if row else None

    def residents(self, unit: Unit, kind: str, n: int, part: str) -> list[Holder]:
        pool = [r for r in self.roles.get(kind, []) if r[2].startswith(unit.path)]
        return [Holder(name, resident_id=pk) for pk, name, _path in self.rng(f"{part}:{kind}").sample(pool, min(n, len(pool)))]

    def clerk(self, unit: Unit) -> int | None:
        """Who keys things in for a unit's body: the 居民区's secretary, the 片区's manager, else the admin."""
        d = self.district_of(unit.path)
        if d is not None:
            return self.staff.at(d.pk, "committee_secretary") or self.staff.admin
        return self.staff.at(unit.pk, "area_manager") or self.users.get("admin") or self.staff.admin

    def escalation_target(self, unit: Unit) -> Unit:
        return self.by_pk.get(unit.parent_id, self.subdistrict)

    def group_grids(self) -> list[Unit]:
        """SELF_GROUPS grids spread over the subdistrict, the first 居民区's first grid among them."""
        n = min(SELF_GROUPS, len(self.grids))
        return [self.grids[round(k * len(self.grids) / n)] for k in range(n)] if n else []

    @classmethod
    def load(cls, subdistrict: Unit, seed: int, now) -> "World":
        units = list(Unit.objects.filter(path__startswith=subdistrict.path, kind__in=[UnitKind.AREA, UnitKind.DISTRICT, UnitKind.GRID]).order_by("path"))
        w = cls(subdistrict, [u for u in units if u.kind == UnitKind.DISTRICT], [u for u in units if u.kind == UnitKind.AREA],
                [u for u in units if u.kind == UnitKind.GRID], now, seed)  # fmt: skip
        w.staff, _made = ensure_case_staff(subdistrict, seed)
        w.g1 = next((g.pk for g in w.grids if g.code == f"{subdistrict.code}-D01-G1"), None)
        w.names = dict(RoleAssignment.objects.filter(unit_path__startswith=subdistrict.path).values_list("user_id", "user__display_name"))
        w.users = dict(User.objects.filter(username__in=["admin", "secretary", "owners", "property", "police", "representative", "socialorg", "cobuild",
                                                          "charity", "volunteer"]).values_list("username", "id"))  # fmt: skip
        w.names.update(User.objects.filter(pk__in=w.users.values()).values_list("id", "display_name"))
        w.contacts = {name: w.users[u] for name, u in DEMO_CONTACTS.items() if u in w.users}
        kinds = ["representative", "owners_committee", "building_head", "volunteer", "party_member", "talent"]
        rows = CommunityRole.objects.filter(unit_path__startswith=subdistrict.path, kind__in=kinds).order_by("id")
        seen = set()
        for kind, pk, name, path in rows.values_list("kind", "resident_id", "resident__name", "resident__unit_path"):
            if (kind, pk) not in seen:
                seen.add((kind, pk))
                w.roles.setdefault(kind, []).append((pk, name, path))
        kinds = [OrganisationKind.CO_BUILDING, OrganisationKind.ENTERPRISE, OrganisationKind.SOCIAL_ORG]
        for o in Organisation.objects.filter(unit_path__startswith=subdistrict.path, kind__in=kinds, is_active=True).order_by("name"):
            w.orgs.setdefault(o.kind, []).append(o)
        for o, u in Organisation.districts.through.objects.filter(unit__in=w.districts).values_list("organisation_id", "unit_id"):
            w.org_districts.setdefault(o, set()).add(u)
        for room in Room.objects.filter(kind=RoomKind.DELIBERATION, unit_path__startswith=subdistrict.path, is_active=True).order_by("id"):
            d = w.district_of(room.unit_path)
            if d is not None:
                w.rooms.setdefault(d.pk, room)
        first = w.districts[0].path if w.districts else ""
        points = NeighbourhoodPoint.objects.filter(unit_path__startswith=subdistrict.path, is_model=True).order_by("unit_path", "id")
        w.points = sorted(points, key=lambda p: (not p.unit_path.startswith(first), p.unit_path, p.pk))
        for unit_id, name, user_id in (
            Responsible.objects.filter(unit__in=w.districts, title="居委会主任").order_by("id").values_list("unit_id", "name", "user_id")
        ):
            w.directors.setdefault(unit_id, (name, user_id))
        return w


def case_clusters(w: World) -> dict[int, tuple]:
    """Per 居民区, its most recurring category in one grid over the three months before the cluster meeting:
    (category id, category name, grid id, grid name, case ids)."""
    month = months_back(w.today, CLUSTER_MONTH)
    since = at(month, 0) - days(90)
    rows = (
        Case.objects.filter(unit_path__startswith=w.subdistrict.path, created_at__gte=since, created_at__lt=at(month, 0), grid__isnull=False)
        .filter(merged_into__isnull=True)
        .order_by("id")
        .values_list("id", "category_id", "grid_id", "unit_path")
    )
    groups = defaultdict(list)
    for pk, cat, grid, path in rows:
        groups[(path[: len(w.districts[0].path)], grid, cat)].append(pk)
    best = {}
    for (dpath, grid, cat), ids in groups.items():
        if len(ids) >= 3 and len(ids) > len(best.get(dpath, (0, 0, 0, ()))[3]):
            best[dpath] = (cat, grid, dpath, ids)
    names = dict(CaseCategory.objects.filter(pk__in=[b[0] for b in best.values()]).values_list("id", "name"))
    grids = {g.pk: g.name for g in w.grids}
    out = {}
    for d in w.districts:
        if d.path in best:
            cat, grid, _p, ids = best[d.path]
            out[d.pk] = (cat, names.get(cat, ""), grid, grids.get(grid, ""), ids[-5:])
    return out


def council_items(w: World, rng: Random, i: int, k: int, clusters: dict) -> list[ItemPlan]:
    """2-3 topics of a council meeting, with the first 居民区's special items at their months."""
    items = [ItemPlan(t, desc, owner, acts) for t, desc, owner, acts in rng.sample(D.COUNCIL_TOPICS, rng.randint(2, 3))]
    d = w.districts[i]
    if k == CLUSTER_MONTH and d.pk in clusters:
        cat, cat_name, grid, grid_name, ids = clusters[d.pk]
        items.insert(0, ItemPlan(f"{grid_name}{cat_name}问题反复发生", f"近三个月{grid_name}{cat_name}类案件{len(ids)}件以上，由案件系统提示列入议题。", "property",
                                 [(f"联合处置{grid_name}{cat_name}问题并回访居民", 30, 2)], source=ItemSource.CASE_CLUSTER, cases=tuple(ids),
                                 case_category_id=cat, case_place_id=grid))  # fmt: skip
    special = {
        (0, 1): ("summons-met", 0),
        (0, 6): ("matter-funds", 0),
        (0, 2): ("matter-project", 1),
        (min(1, len(w.districts) - 1), 4): ("matter-personnel", 2),
    }
    if (i, k) in special:
        tag, index = special[(i, k)]
        if tag.startswith("summons"):
            frm, to, subject, description, _answer = D.SUMMONS_THREADS[index]
            items.insert(0, ItemPlan(f"约请：{subject}", description, to, [("按会商意见制定整改计划并公示", 20, 2), ("完成整改并向业委会书面报告", 50, 3)],
                                     source=ItemSource.SUMMONS, adopt=True, tag=tag))  # fmt: skip
        else:
            kind, title, description, _amount, item_title = D.MATTERS[index]
            items.insert(0, ItemPlan(item_title, D.MATTER_DESCRIPTIONS[item_title], "committee", [(f"落实：{title}", 60, 2)], major=kind, adopt=True, tag=tag))
    return items


def plan_meetings(w: World, bodies: Bodies, progress: bool) -> Book:
    book = Book()
    planner = Planner(w, book)
    clusters = case_clusters(w)
    not_quorate = {(min(i, len(w.districts) - 1), k) for i, k in NOT_QUORATE}
    total = len(w.councils) * MONTHS + len(w.joints) * len(JOINT_MONTHS) + len(w.point_bodies) * len(POINT_MONTHS) + 1
    with tqdm(total=total, desc="demo deliberation", unit="meeting", disable=not progress) as bar:
        for i, (d, p) in enumerate(w.councils):
            rng = w.rng(f"council{d.pk}")
            evening = rng.random() < 0.4
            for k in range(MONTHS, 0, -1):
                day = weekday_on_or_after(months_back(w.today, k) + days(rng.randint(7, 24)))
                items = council_items(w, rng, i, k, clusters)
                quorate = (i, k) not in not_quorate or any(ip.tag for ip in items)
                start = at(day, 19 if evening else 14, 0 if evening else 30)
                planner.meeting(p, d, start, items, rng=rng, title=f"{day.year}年{day.month}月{p.body.name}例会", quorate=quorate)
                bar.update()
        if w.councils:
            d, p = w.councils[0]
            rng = w.rng("upcoming")
            day = weekday_on_or_after(w.today + days(7))
            items = [ItemPlan(t, desc, owner, acts) for t, desc, owner, acts in rng.sample(D.COUNCIL_TOPICS, 2)]
            frm, to, subject, description, _answer = D.SUMMONS_THREADS[1]
            items.append(ItemPlan(f"约请：{subject}", description, to, [], source=ItemSource.SUMMONS, tag="summons-upcoming"))
            items.append(
                ItemPlan(
                    "小区公共收益分配方案",
                    "审议广告位和停车位公共收益的年度分配方案（三重一大）。",
                    "owners",
                    [],
                    major=MajorMatter.DECISION,
                    tag="matter-pending",
                )
            )
            room = w.rooms.get(d.pk)
            day = free_day(room, day, at) if room else day
            m = planner.meeting(p, d, at(day, 14, 30), items, rng=rng, title=f"{day.year}年{day.month}月{p.body.name}例会", upcoming=True, room=room)
            book.upcoming.append(m)
            bar.update()
        for area, p in w.joints:
            rng = w.rng(f"joint{area.pk}")
            for k in JOINT_MONTHS:
                day = weekday_on_or_after(months_back(w.today, k) + days(rng.randint(10, 20)))
                items = [ItemPlan(t, desc, "area_office", acts) for t, desc, acts in rng.sample(D.JOINT_TOPICS, 2)]
                quarter = (day.month - 1) // 3 + 1
                planner.meeting(
                    p, area, at(day, 9, 30), items, rng=rng, title=f"{day.year}年第{quarter}季度{p.body.name}", location=f"{area.name}片区党群服务站"
                )
                bar.update()
        for d, p in w.point_bodies:
            rng = w.rng(f"point{p.body.point_id}")
            for k in POINT_MONTHS:
                day = weekday_on_or_after(months_back(w.today, k) + days(rng.randint(5, 25)))
                items = [ItemPlan(t, desc, "host", acts) for t, desc, acts in rng.sample(D.POINT_TOPICS, rng.randint(1, 2))]
                planner.meeting(p, d, at(day, 15), items, rng=rng, title=f"{day.year}年{day.month}月{p.body.name}")
                bar.update()
    return book


def hold_rooms(meetings, now) -> None:
    """The upcoming meetings' rooms booked through the booking engine (`meeting_hold_room`), by who called each. A room
    that is not free then (no free day was found) is named as the place instead, unbooked."""
    from django.core.exceptions import ValidationError

    from meetings.services.meetings import meeting_hold_room

    for m in meetings:
        if not m.room_id:
            continue
        try:
            meeting_hold_room(meeting=m, by=User.objects.get(pk=m.called_by_id), now=now)
        except ValidationError:
            Meeting.objects.filter(pk=m.pk).update(room=None, location=m.room.name)


def free_day(room, first: datetime.date, at) -> datetime.date:
    """The first weekday of the next four weeks (a finite list: the slots the demo made) from `first` on when every
    slot of the room from 14:30 to 16:30 is open and free, else `first` (the meeting then keeps the room's name as its
    place without a booking)."""
    from doorstep.models import Slot

    for k in range(28):
        day = first + datetime.timedelta(days=k)
        if day.weekday() >= 5:
            continue
        start, end = at(day, 14, 30), at(day, 16, 30)
        slots = list(Slot.objects.filter(room=room, start__lt=end, end__gt=start).values_list("start", "end", "booked", "capacity"))
        covered = slots and min(s for s, *_ in slots) <= start and max(e for _s, e, *_ in slots) >= end
        if covered and all(b < c for _s, _e, b, c in slots):
            return day
    return first


def load_demo_deliberation(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, now=None, progress: bool = True) -> dict:
    """Add the issue 16 demo of the subdistrict, unless it has a council already."""
    from demo.deliberation.threads import make_matters, make_summons

    started = time.monotonic()
    subdistrict = Unit.objects.filter(code=subdistrict_code).first()
    if subdistrict is None or Body.objects.filter(unit_path__startswith=subdistrict.path, kind__code="council").exists():
        return {"skipped": True}
    now = timezone.localtime(now or timezone.now())
    with transaction.atomic():
        w = World.load(subdistrict, seed, now)
        if not w.districts:
            return {"skipped": True}
        w.companies = ensure_property_companies(subdistrict, w.districts, seed)
        bodies = Bodies(w)
        bodies.plan()
        bodies.write()
        book = plan_meetings(w, bodies, progress)
        book.write()
        hold_rooms(book.upcoming, now)
        councils = {p.body.pk: p for _d, p in w.councils}
        summons = make_summons(w, w.councils[0][1], book.tagged)
        matters, spendings = make_matters(w, councils, book.tagged)
    kinds = Counter(p.body.kind.code for p in bodies.planned)
    result = {
        "property companies": len(set(w.companies.values())), "bodies": len(bodies.planned), "councils": kinds["council"], "troikas": kinds["troika"],
        "joint bodies": kinds["joint"], "self groups": kinds["self_group"], "point bodies": kinds["point"], "supervision": kinds["supervision"],
        "members": sum(len(p.members) for p in bodies.planned), "meetings": len(book.meetings), "not quorate": book.not_quorate, "items": len(book.items),
        "decisions": len(book.decisions), "votes": len(book.votes), "actions": len(book.actions),
        "actions linked to cases": sum(a.case_id is not None for a in book.actions), "summons": len(summons), "matters": len(matters),
        "spendings": len(spendings), "seconds": round(time.monotonic() - started, 1),
    }  # fmt: skip
    from demo.generator import audit_load

    audit_load("load_demo_deliberation", Counter({k: v for k, v in result.items() if isinstance(v, int)}), {"seed": seed})
    return result
