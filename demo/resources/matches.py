"""Needs and matches of the issue 7 demo (demo/resources.py): ~250 needs across the 居民区 from staff, 睦邻点,
groups of residents and the demo surveys, and their matches, proposed in the order things happened and
scored by `resources.matching` against the catalogue as it stood then; declines, agreements (对接协议),
service records rated from both sides, and the catalogue's counters set from what was written.

A few showcase needs in the first 居民区 go to the demo accounts' own resources (高雅 the talent, the
co-building unit's space, the charity's and the social organisation's projects), so they have something to see."""

import dataclasses
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from random import Random

import numpy as np
from django.conf import settings
from django.utils import timezone

from demo.cases import own_timestamps
from demo.resources import DEMO_CONTACTS, World, at, days, pick, timeline
from demo.resources import data as D
from doorstep.models import NeighbourhoodPoint, PointState
from doorstep.slots import hours_checked
from resources.matching.load import Columns, need_block, resource_block
from resources.matching.score import pair_reasons, score
from resources.models import Match, MatchState, MatchTransition, Need, NeedSource, NeedState, NeedTransition, Resource, ServiceRecord
from surveys.models import Response, Survey

NEED_AGE_DAYS = {
    NeedState.OPEN: (0.2, 45),
    NeedState.MATCHED: (15, 60),
    NeedState.SERVED: (45, 150),
    NeedState.CLOSED: (150, 330),
    NeedState.CANCELLED: (20, 200),
}
NEEDS_PER_DISTRICT = (10, 13)
NEED_LIVES = {NeedState.MATCHED: 0.14, NeedState.SERVED: 0.12, NeedState.CLOSED: 0.11, NeedState.CANCELLED: 0.05}
WEEKDAY_NAMES = "一二三四五六日"


@dataclass
class PlannedNeed:
    need: Need
    types: list[str]
    life: str  # the state it should reach
    agreed: datetime.datetime | None = None
    records: list = field(default_factory=list)  # dates of service records
    ended: datetime.datetime | None = None  # closed or cancelled at
    forced: int | None = None  # a showcase need: the resource it goes to


def plan_needs(w: World) -> list[PlannedNeed]:
    rng = w.rng("needs")
    points = defaultdict(list)
    for p in NeighbourhoodPoint.objects.filter(unit_path__startswith=w.subdistrict.path, state=PointState.ACTIVE).order_by("id"):
        points[p.unit_id].append(p)
    surveys = list(Survey.objects.filter(unit_path__startswith=w.subdistrict.path, purpose__in=["needs", "satisfaction"]).order_by("purpose", "id"))
    answers = Counter(Response.objects.filter(survey__in=surveys).values_list("survey_id", flat=True))
    total = sum(rng.randint(*NEEDS_PER_DISTRICT) for _ in w.districts)
    lives = [s for s, share in NEED_LIVES.items() for _ in range(round(share * total))]
    lives = lives + [NeedState.OPEN] * (total - len(lives))
    rng.shuffle(lives)
    per = [total // len(w.districts) + (1 if i < total % len(w.districts) else 0) for i in range(len(w.districts))]
    out, k = [], 0
    for d, n in zip(w.districts, per, strict=True):
        buildings = [b for p, b in w.buildings.items() if p.startswith(d.path)]
        for _ in range(n):
            survey = next((s for s in surveys if d.path.startswith(s.unit_path)), None)
            source = pick(
                rng, {NeedSource.POINT: 20 if points[d.pk] else 0, NeedSource.SURVEY: 7 if survey else 0, NeedSource.RESIDENTS: 25, NeedSource.STAFF: 48}
            )
            lat, lng = w.spot(rng, d)
            need = Need(unit=d, unit_path=d.path, source=source, lat=lat, lng=lng, created_by_id=w.clerk(rng, d), place=f"{d.name}活动室")
            if source == NeedSource.POINT:
                point = rng.choice(points[d.pk])
                codes, ask = D.POINT_NEEDS.get(point.theme, (["leisure"], "活动支持"))
                need.point, need.title, need.requester = point, f"{point.name}需要{ask}", f"{point.name}（主理人 {point.host_name}）"
                need.description = f"睦邻点每月开展{point.theme}活动，参与居民十余人，希望对接{ask}。"
                need.people, window, need.place = rng.randint(8, 20), rng.choice(["weekday_morning", "weekday_afternoon", "weekend"]), point.address
                if point.lat is not None:
                    need.lat, need.lng = point.lat, point.lng
            elif source == NeedSource.SURVEY:
                title, codes, people = rng.choice(D.SURVEY_NEEDS)
                need.survey, need.title, need.requester = survey, title, survey.title
                need.description = D.SURVEY_NOTE.format(n=max(3, answers[survey.pk] // rng.randint(2, 5)))
                need.people, window = rng.randint(*people), rng.choice(["weekday_afternoon", "weekend"])
            else:
                title, codes, requesters, people, budget, description, window = rng.choice(D.NEEDS)
                need.title, need.description, need.people = title, description, rng.randint(*people)
                if source == NeedSource.RESIDENTS and buildings:
                    need.requester = f"{rng.choice(buildings).name}{rng.choice(requesters)}"
                else:
                    need.requester = rng.choice([*requesters, *D.STAFF_REQUESTERS])
                need.budget = Decimal(rng.randrange(budget[0], budget[1] + 1, 100)) if budget and rng.random() < 0.7 else None
            need.time_windows = hours_checked(D.WINDOWS[window])
            out.append(need_life(w, rng, PlannedNeed(need, list(codes), lives[k])))
            k += 1
    return out + showcase_needs(w, rng)


def showcase_needs(w: World, rng: Random) -> list[PlannedNeed]:
    """Needs of the first 居民区 that go to the demo accounts' resources: 高雅 (`talent`) served, the
    co-building unit's space (`cobuild`) served, the charity's project (`charity`) agreed and the social
    organisation's project (`socialorg`) proposed."""
    d, today = w.districts[0], w.today
    live = Resource.objects.filter(is_active=True).order_by("id")
    project = live.filter(kind="project", organisation__unit=d, available_from__lte=today, available_to__gte=today + days(14))
    found = [
        (live.filter(kind="talent", talent__user_id=w.users.get("talent")).first() if w.users.get("talent") else None, "广场舞队排练指导", NeedState.SERVED),
        (live.filter(kind="space", space__organisation__contact_name=DEMO_CONTACTS["co_building"], unit=d).first(), "居民议事会场地", NeedState.SERVED),
        (project.filter(organisation__contact_name=DEMO_CONTACTS["enterprise"]).first(), None, NeedState.MATCHED),
        (project.filter(organisation__contact_name=DEMO_CONTACTS["social_org"]).first(), None, NeedState.OPEN),
    ]
    out = []
    for res, title, life in found:
        if res is None:
            continue
        code = res.types.order_by("id").values_list("code", flat=True).first()
        day, periods = next(iter(sorted(res.availability.items())), (None, None))
        lat, lng = w.spot(rng, d)
        need = Need(
            unit=d, unit_path=d.path, source=NeedSource.STAFF, lat=lat, lng=lng, created_by_id=w.users.get("secretary", w.clerk(rng, d)),
            title=title or f"引进“{res.name}”项目", requester=rng.choice(D.STAFF_REQUESTERS), people=max(1, min(res.capacity, 20)),
            description=f"居民希望开展{res.name}相关活动。", place=f"{d.name}活动室", time_windows={day: periods[:1]} if day else {},
        )  # fmt: skip
        out.append(need_life(w, rng, PlannedNeed(need, [code], life, forced=res.pk)))
    return out


def need_life(w: World, rng: Random, pn: PlannedNeed) -> PlannedNeed:
    """Dates of the need and of its agreement, services and ending, as its life asks."""
    n, now, today = pn.need, w.now, w.today
    life = pn.life
    created = now - days(rng.uniform(*NEED_AGE_DAYS[life]))
    n.created_at = created
    n.start_date = timezone.localdate(created) + days(rng.randint(3, 14))
    n.end_date = n.start_date + days(rng.randint(30, 90))
    if life in (NeedState.MATCHED, NeedState.SERVED, NeedState.CLOSED):
        pn.agreed = created + days(rng.uniform(3, 12))
        n.start_date = max(n.start_date, timezone.localdate(pn.agreed) + days(1))
    if life == NeedState.MATCHED:
        n.end_date = max(n.end_date, today + days(rng.randint(14, 60)))
    elif life == NeedState.SERVED:
        n.end_date = max(n.start_date + days(rng.randint(45, 120)), today + days(rng.randint(0, 40)))
        last = min(n.end_date, today - days(1))
        pn.records = sorted(n.start_date + days(rng.randint(0, max(0, (last - n.start_date).days))) for _ in range(rng.randint(1, 3)))
    elif life == NeedState.CLOSED:
        n.end_date = n.start_date + days(rng.randint(20, 60))
        pn.records = sorted(n.start_date + days(rng.randint(0, (n.end_date - n.start_date).days)) for _ in range(rng.randint(2, 4)))
        pn.ended = at(min(today, n.end_date + days(rng.randint(1, 10))), rng)
    elif life == NeedState.CANCELLED:
        pn.ended = min(now - days(1), created + days(rng.uniform(5, 30)))
    n.state = life
    return pn


def when_text(windows: dict) -> str:
    if not windows:
        return "时间双方商定"
    groups = defaultdict(list)
    for day, periods in sorted(windows.items()):
        groups[tuple(tuple(p) for p in periods)].append(WEEKDAY_NAMES[int(day)])
    return "；".join(f"每周{'、'.join(ds)} " + "、".join(f"{a}-{b}" for a, b in periods) for periods, ds in groups.items())


def session_at(windows: dict, day: datetime.date, rng: Random, forward: bool = True) -> datetime.datetime:
    """The first window on or after (before, if not `forward`) `day`: a weekday the need names, at its start."""
    for k in range(7):
        d = day + days(k if forward else -k)
        periods = windows.get(str(d.weekday())) if windows else [["09:00", "11:00"]]
        if periods:
            h, m = periods[0][0].split(":")
            return timezone.make_aware(datetime.datetime(d.year, d.month, d.day, int(h), int(m)))
    return at(day, rng)


# --- matches -------------------------------------------------------------------------------------------------


class Matcher:
    """Proposes resources for the needs in the order things happened, scoring each need against the
    catalogue as it stood then: `asked` counts the proposals of the RESOURCES_ASKED_DAYS before,
    `free` the places left once the agreements still open at the end are counted."""

    def __init__(self, w: World, planned: list[PlannedNeed]):
        self.w, self.rng = w, w.rng("matches")
        cols = Columns.build()
        self.needs = need_block(Need.objects.filter(pk__in=[p.need.pk for p in planned]), cols)
        self.row = {int(pk): i for i, pk in enumerate(self.needs.ids)}
        resources = Resource.objects.filter(unit_path__startswith=w.subdistrict.path, is_active=True)
        self.res = resource_block(resources, cols)
        self.objects = {r.pk: r for r in resources}
        self.col = {int(pk): j for j, pk in enumerate(self.res.ids)}
        self.proposed = defaultdict(list)  # column → times proposed
        self.committed = np.zeros(len(self.res), dtype=np.int64)
        self.cap = self.res.free.copy()
        self.window = days(settings.RESOURCES_ASKED_DAYS)

    def candidates(self, need: Need, when: datetime.datetime, only: int | None = None) -> list[tuple[int, float, list]]:
        i = self.row[need.pk]
        one = dataclasses.replace(self.needs, **{f.name: getattr(self.needs, f.name)[i : i + 1] for f in dataclasses.fields(self.needs)})
        asked = np.zeros(len(self.res), dtype=np.int64)
        for j, times in self.proposed.items():
            asked[j] = sum(1 for t in times if when - self.window < t <= when)
        res = dataclasses.replace(self.res, asked=asked, free=self.cap - self.committed)
        s = score(one, res)
        if only is not None:
            order = [j for j in [self.col.get(only)] if j is not None and s.feasible[0, j]]
        else:
            order = [j for j in np.argsort(-s.total[0], kind="stable") if s.feasible[0, j]][:6]
        return [(int(j), float(s.total[0, j]), pair_reasons(s, 0, int(j), one, res)) for j in order]

    def choose(self, need: Need, when: datetime.datetime, keep: bool, avoid=(), only=None) -> tuple[Resource, float, list] | None:
        found = (only is not None and self.candidates(need, when, only)) or [c for c in self.candidates(need, when) if int(self.res.ids[c[0]]) not in avoid]
        if not found:
            return None
        j, total, reasons = found[min(len(found) - 1, pick(self.rng, {0: 60, 1: 25, 2: 15}))]
        self.proposed[j].append(when)
        if keep:
            self.committed[j] += 1
        return self.objects[int(self.res.ids[j])], total, reasons


def make_matches(w: World, planned: list[PlannedNeed]) -> Counter:
    """Proposals, declines, agreements and service records for the needs; needs nothing fits go back to open."""
    m = Matcher(w, planned)
    rng, now = m.rng, w.now
    matches, steps, records, need_steps = [], [], [], []
    counts = Counter()

    def propose(pn, when, keep=False, avoid=()):
        found = m.choose(pn.need, when, keep, avoid, only=pn.forced)
        if found is None:
            return None
        res, total, reasons = found
        match = Match(need=pn.need, resource=res, unit_path=pn.need.unit_path, score=round(total, 4), reasons=reasons, state=MatchState.PROPOSED,
                      created_by_id=pn.need.created_by_id, created_at=when, updated_at=when)  # fmt: skip
        matches.append(match)
        steps.append((match, "create", "", MatchState.PROPOSED, pn.need.created_by_id, when, ""))
        return match

    def step(match, action, frm, to, when, note=""):
        match.state, match.updated_at = to, when
        steps.append((match, action, frm, to, match.created_by_id, when, note))

    for pn in sorted(planned, key=lambda p: p.need.created_at):
        n = pn.need
        clerk = n.created_by_id
        need_steps.append((n, "create", "", NeedState.OPEN, clerk, n.created_at, ""))
        first = n.created_at + days(rng.uniform(0.5, 3))
        if pn.life in (NeedState.MATCHED, NeedState.SERVED, NeedState.CLOSED):
            declined = None
            if pn.forced is None and rng.random() < 0.2 and (declined := propose(pn, first)) is not None:
                step(declined, "decline", MatchState.PROPOSED, MatchState.DECLINED, first + days(rng.uniform(0.5, 2)), rng.choice(D.DECLINE_NOTES))
            match = propose(pn, first + days(0.2), keep=pn.life == NeedState.MATCHED, avoid={declined.resource_id} if declined else ())
            if match is None:
                pn.life = n.state = NeedState.OPEN
                counts["needs nothing fitted"] += 1
                continue
            agreed = max(pn.agreed, match.created_at + days(0.5))
            step(match, "agree", MatchState.PROPOSED, MatchState.AGREED, agreed, rng.choice(D.AGREE_NOTES))
            match.agreed_at = agreed
            need_steps.append((n, "agree", NeedState.OPEN, NeedState.MATCHED, clerk, agreed, f"与{match.resource.name}达成对接协议。"))
            terms(match, rng)
            if pn.life == NeedState.MATCHED:
                match.scheduled_for = session_at(n.time_windows, max(w.today + days(1), n.start_date), rng)
                continue
            for k, day in enumerate(pn.records):
                served = session_at(n.time_windows, day, rng)
                if served > now - days(0.2):
                    served = session_at(n.time_windows, day, rng, forward=False)
                served = max(served, agreed + days(1))
                if k == 0:
                    match.scheduled_for = served
                    step(match, "serve", MatchState.AGREED, MatchState.SERVED, served + datetime.timedelta(hours=3))
                records.append(service_record(match, served, rng))
                need_steps.append(
                    (n, "serve", NeedState.MATCHED if k == 0 else NeedState.SERVED, NeedState.SERVED, clerk, served + datetime.timedelta(hours=3), "")
                )
            if pn.life == NeedState.CLOSED:
                ended = max(pn.ended, records[-1].created_at + days(1))
                need_steps.append((n, "close", NeedState.SERVED, NeedState.CLOSED, clerk, ended, "服务完成，需求办结。"))
        elif pn.life == NeedState.CANCELLED:
            if rng.random() < 0.3 and (match := propose(pn, first)) is not None:
                step(match, "cancel", MatchState.PROPOSED, MatchState.CANCELLED, pn.ended - days(0.1), "需求撤销。")
            need_steps.append((n, "cancel", NeedState.OPEN, NeedState.CANCELLED, clerk, pn.ended, rng.choice(D.CANCEL_NOTES)))
        else:
            open_life(pn, propose, step, need_steps, rng, now)
    write_matches(w, planned, matches, steps, records, need_steps)
    counts.update(Counter(m.state for m in matches))
    counts["service records"] = len(records)
    return counts


def open_life(pn: PlannedNeed, propose, step, need_steps, rng: Random, now) -> None:
    """An open need: a third have proposals waiting, a few a declined one, two in a hundred an agreement that fell through."""
    n = pn.need
    roll = rng.random()
    first = min(now - days(0.05), n.created_at + days(rng.uniform(0.3, 3)))
    if pn.forced is not None:
        propose(pn, first)
        return
    if roll < 0.03 and (match := propose(pn, first)) is not None:
        agreed = min(now - days(0.04), first + days(1))
        step(match, "agree", MatchState.PROPOSED, MatchState.AGREED, agreed, rng.choice(D.AGREE_NOTES))
        terms(match, rng)
        match.agreed_at = agreed
        need_steps.append((n, "agree", NeedState.OPEN, NeedState.MATCHED, n.created_by_id, agreed, f"与{match.resource.name}达成对接协议。"))
        cancelled = min(now - days(0.03), agreed + days(rng.uniform(1, 5)))
        step(match, "cancel", MatchState.AGREED, MatchState.CANCELLED, cancelled, rng.choice(D.CANCEL_MATCH_NOTES))
        need_steps.append((n, "reopen", NeedState.MATCHED, NeedState.OPEN, n.created_by_id, cancelled, "对接协议取消，重新对接。"))
    elif roll < 0.1 and (match := propose(pn, first)) is not None:
        step(match, "decline", MatchState.PROPOSED, MatchState.DECLINED, min(now - days(0.01), first + days(1)), rng.choice(D.DECLINE_NOTES))
    elif roll < 0.4:
        taken = set()
        for k in range(rng.randint(1, 2)):
            if (match := propose(pn, first + days(0.01 * k), avoid=taken)) is not None:
                taken.add(match.resource_id)


def terms(match: Match, rng: Random) -> None:
    n, res = match.need, match.resource
    cost = "免费" if not res.cost else f"{res.cost}元/次"
    place = res.name if res.kind == "space" else n.place or n.unit.name
    match.terms = D.TERMS.format(title=n.title, when=when_text(n.time_windows), place=place, cost=cost)


def service_record(match: Match, served: datetime.datetime, rng: Random) -> ServiceRecord:
    n, res = match.need, match.resource
    requester = pick(rng, {5: 60, 4: 30, 3: 10})
    provider = pick(rng, {5: 65, 4: 35})
    return ServiceRecord(
        match=match, unit_path=n.unit_path, served_on=timezone.localdate(served), people_served=max(1, min(res.capacity, round(n.people * rng.uniform(0.7, 1.1)))),
        hours=Decimal(rng.choice(["1.5", "2.0", "2.5", "3.0"])), summary=rng.choice(D.SUMMARIES[res.kind]).format(name=res.name),
        requester_rating=requester, requester_comment=rng.choice(D.REQUESTER_COMMENTS[requester]) if rng.random() < 0.7 else "",
        provider_rating=provider, provider_comment=rng.choice(D.PROVIDER_COMMENTS[provider]) if rng.random() < 0.5 else "",
        recorded_by_id=n.created_by_id, created_at=served + datetime.timedelta(hours=3), updated_at=served + datetime.timedelta(hours=3),
    )  # fmt: skip


def write_matches(w: World, planned, matches, steps, records, need_steps) -> None:
    for pn in planned:
        pn.need.updated_at = max([pn.need.created_at] + [s[5] for s in need_steps if s[0] is pn.need])
    Need.objects.bulk_update([p.need for p in planned], ["state", "updated_at"])
    timeline(NeedTransition, "need_id", [(n.pk, *rest) for n, *rest in need_steps])
    with own_timestamps(Match):
        Match.objects.bulk_create(matches)
    timeline(MatchTransition, "match_id", [(m.pk, *rest) for m, *rest in steps])
    for r in records:
        r.match_id = r.match.pk
    with own_timestamps(ServiceRecord):
        ServiceRecord.objects.bulk_create(records)
    since = w.now - days(settings.RESOURCES_ASKED_DAYS)
    asked, committed, served = Counter(), Counter(), Counter()
    for m in matches:
        asked[m.resource_id] += m.created_at > since
        committed[m.resource_id] += m.state == MatchState.AGREED
    for r in records:
        served[r.match.resource_id] += 1
    touched = list(Resource.objects.filter(pk__in=set(asked) | set(served)))
    for r in touched:
        r.asked, r.committed, r.served = asked[r.pk], committed[r.pk], served[r.pk]
    Resource.objects.bulk_update(touched, ["asked", "committed", "served"])


def write_needs(w: World, planned: list[PlannedNeed]) -> None:
    for p in planned:
        p.need.updated_at = p.need.created_at
    with own_timestamps(Need):
        Need.objects.bulk_create([p.need for p in planned])
    through = Need.types.through
    through.objects.bulk_create([through(need_id=p.need.pk, resourcetype_id=w.types[c]) for p in planned for c in dict.fromkeys(p.types)])
