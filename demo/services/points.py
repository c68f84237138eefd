"""About 150 睦邻点 for the demo (S1.3), 6-7 per 居民区, with hosts (residents), themes, commissioning
organisations and project periods, and their lives on the timeline (`doorstep.workflow.POINT_WORKFLOW`):

- most are active with 2-4 activities a month since the start of last year; ~10 model points (示范睦邻点)
  hold more and draw more people;
- ~15 active points held no or only 1-2 activities in the last 3 months: the daily job
  (`doorstep.inactivity`) flags them; a few are flagged already, some under review, two were reviewed and
  kept lately, a few were retired after review;
- some are proposed (new points being grown), a few were declined, a few new ones were approved lately;
- supervision visits with findings and scores, training / case exchange / showcase records, and last
  year's star ratings from the criteria (`doorstep.rating`), each with its `rate` step on the timeline.

Each point's timeline starts with its `begin` record (propose) and replays through the workflow to its state."""

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from random import Random

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone, translation

from demo.cases import insert_rows, own_timestamps
from demo.geo import coord
from demo.services import data as D
from demo.unique import draw_name
from doorstep import rating
from doorstep.inactivity import flag_note, threshold
from doorstep.models import NeighbourhoodPoint, PointActivity, PointRecord, PointTransition, StarRating, SupervisionVisit
from doorstep.workflow import PointState
from org.models import Unit, UnitKind
from people.models import Resident

P = PointState
# how many points live each life (the rest: ordinary active points)
LIVES = {"proposed": 8, "declined": 3, "retired": 6, "flagged": 3, "under_review": 2, "inactive": 15, "kept": 2, "new": 4, "model": 10}
PER_DISTRICT = (6, 7)
STEP_COLUMNS = ["point_id", "action", "from_state", "to_state", "by_id", "at", "note"]


def at(day: datetime.date, rng: Random, hours=(9, 17)) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, rng.randint(*hours), rng.randrange(60)))


class PointPlanner:
    def __init__(self, world, operators):
        self.w, self.rng, self.today = world, world.rng("points"), world.today
        self.since = self.today - relativedelta(months=3)  # the inactivity window (doorstep.inactivity)
        self.year_start = datetime.date(self.today.year - 1, 1, 1)
        self.operators = [operators[name] for name, _k, _p in D.POINT_OPERATORS]
        self.steps, self.activities, self.visits, self.records = [], [], [], []
        self.recent = {}  # id(point) → activities in the inactivity window

    def lives(self, n: int) -> list[str]:
        out = [life for life, k in LIVES.items() for _ in range(k)]
        out += ["active"] * max(0, n - len(out))
        self.rng.shuffle(out)
        return out[:n]

    def plan(self) -> list[tuple[NeighbourhoodPoint, str]]:
        rng, w = self.rng, self.w
        per = [rng.randint(*PER_DISTRICT) for _ in w.districts]
        while sum(per) < 150 and w.districts:
            per[rng.randrange(len(per))] += 1
        lives = self.lives(sum(per))
        points, k = [], 0
        for d, n in zip(w.districts, per, strict=True):
            buildings = list(Unit.objects.filter(path__startswith=d.path, kind=UnitKind.BUILDING).order_by("path").only("id", "name", "lat", "lng"))
            hosts = list(
                Resident.objects.filter(unit_path__startswith=d.path, birth_date__lte=self.today - datetime.timedelta(days=45 * 365))
                .order_by("id")
                .values_list("id", "name")[:300]
            )
            used = set()
            for _ in range(n):
                theme = rng.choice(D.POINT_THEMES)
                name = draw_name(rng, [f"{n}{theme}睦邻点" for n in D.POINT_NAMES], used, numbered=lambda s, k: s.replace("睦邻点", f"{k}号睦邻点"))
                b = rng.choice(buildings) if buildings else None
                host_id, host_name = rng.choice(hosts) if hosts else (None, "居民")
                lat = float(b.lat) + rng.uniform(-0.0003, 0.0003) if b and b.lat else None
                lng = float(b.lng) + rng.uniform(-0.0003, 0.0003) if b and b.lng else None
                point = NeighbourhoodPoint(
                    name=name, unit=d, unit_path=d.path, host_name=host_name, host_id=host_id,
                    address=f"{d.name}{b.name if b else ''}{rng.choice(D.POINT_PLACES)}", lat=coord(lat) if lat else None, lng=coord(lng) if lng else None,
                    theme=theme, operator=rng.choice(self.operators), state=P.PROPOSED,
                )  # fmt: skip
                points.append((point, lives[k]))
                k += 1
        return points

    def life(self, point: NeighbourhoodPoint, life: str) -> None:
        """The point's state, dates and timeline; its activities and records."""
        rng, today = self.rng, self.today
        secretary = self.w.secretary.get(point.unit_id) or self.w.admin
        admin = self.w.admin
        steps = []

        def step(action, frm, to, by, when, note=""):
            steps.append((action, frm, to, by, when, note))

        if life in ("proposed", "declined"):
            proposed = today - datetime.timedelta(days=rng.randint(10, 60) if life == "proposed" else rng.randint(70, 150))
            step("propose", "", P.PROPOSED, secretary, at(proposed, rng), "居民自发组织，主理人有意愿、有场地，申请新建。")
            point.project_start, point.project_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
            if life == "declined":
                step(
                    "decline",
                    P.PROPOSED,
                    P.DECLINED,
                    admin,
                    at(proposed + datetime.timedelta(days=rng.randint(14, 40)), rng),
                    "活动场地在居民家中，消防与通行条件不具备，建议与附近睦邻点合并开展。",
                )
                point.state = P.DECLINED
            self.steps.append((point, steps))
            return
        if life == "new":
            founded = today - datetime.timedelta(days=rng.randint(20, 80))
        else:
            founded = today - datetime.timedelta(days=rng.randint(420, 1800))
        point.founded_on = founded
        point.project_start, point.project_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        step("propose", "", P.PROPOSED, secretary, at(founded - datetime.timedelta(days=rng.randint(14, 40)), rng), "居民区推荐，社会组织孵化。")
        step("approve", P.PROPOSED, P.ACTIVE, admin, at(founded, rng), "同意设立，纳入年度项目化运营。")
        point.state = P.ACTIVE
        start = max(founded, self.year_start)
        if life == "inactive":  # the daily job will flag these
            self.run(point, start, self.since - datetime.timedelta(days=rng.randint(5, 80)), (2, 4))
            for _ in range(rng.choice([0, 0, 1, 2])):
                self.activity(point, self.since + datetime.timedelta(days=rng.randint(1, (today - self.since).days - 1)), (4, 9))
        elif life in ("flagged", "under_review"):
            flagged = today - datetime.timedelta(days=rng.randint(3, 25))
            self.run(point, start, flagged - relativedelta(months=3) - datetime.timedelta(days=rng.randint(5, 60)), (2, 4))
            step("flag", P.ACTIVE, P.FLAGGED, None, at(flagged, rng, (3, 3)), self.flag_note(0, flagged))
            point.state = P.FLAGGED
            if life == "under_review":
                step("review", P.FLAGGED, P.UNDER_REVIEW, admin, at(flagged + datetime.timedelta(days=2), rng), "联系主理人了解情况，开展实地督导后决定。")
                point.state = P.UNDER_REVIEW
        elif life == "retired":
            point.project_start, point.project_end = datetime.date(today.year - 1, 1, 1), datetime.date(today.year - 1, 12, 31)
            stop = today - datetime.timedelta(days=rng.randint(280, 360))
            self.run(point, start, max(start, stop), (1, 3))
            flagged = stop + datetime.timedelta(days=95)
            step("flag", P.ACTIVE, P.FLAGGED, None, at(flagged, rng, (3, 3)), self.flag_note(0, flagged))
            step("review", P.FLAGGED, P.UNDER_REVIEW, admin, at(flagged + datetime.timedelta(days=3), rng), "实地走访：主理人已搬离，无人接续。")
            retired = flagged + datetime.timedelta(days=rng.randint(10, 30))
            step("retire", P.UNDER_REVIEW, P.RETIRED, admin, at(retired, rng), "连续多月无活动，经审核予以清退；骨干成员推荐加入附近睦邻点。")
            point.state, point.retired_on = P.RETIRED, retired
        elif life == "kept":  # flagged after a quiet spell, reviewed, kept; active again since
            flagged = today - datetime.timedelta(days=rng.randint(70, 85))
            window = flagged - relativedelta(months=3)
            self.run(point, start, window - datetime.timedelta(days=10), (2, 4))
            for k in (20, 50):
                self.activity(point, window + datetime.timedelta(days=k), (4, 9))
            step("flag", P.ACTIVE, P.FLAGGED, None, at(flagged, rng, (3, 3)), self.flag_note(2, flagged))
            step("review", P.FLAGGED, P.UNDER_REVIEW, admin, at(flagged + datetime.timedelta(days=4), rng), "实地督导。")
            kept = flagged + datetime.timedelta(days=12)
            step("keep", P.UNDER_REVIEW, P.ACTIVE, admin, at(kept, rng), "主理人术后康复，活动已恢复，保留并加强督导。")
            self.run(point, kept + datetime.timedelta(days=1), today, (2, 4))
        else:
            cadence = (3, 5) if life == "model" else (2, 4)
            self.run(point, start, today, cadence, attendance=(15, 30) if life == "model" else (6, 22))
            if life == "model":
                made = max(founded + datetime.timedelta(days=200), datetime.date(today.year - 1, 12, 20))
                step("model", P.ACTIVE, P.ACTIVE, admin, at(min(made, today), rng), "年度评选为示范睦邻点，兼作邻里议事协商场所。")
                point.is_model = True
        self.steps.append((point, sorted(steps, key=lambda s: s[4])))

    def flag_note(self, recent: int, flagged: datetime.date) -> str:
        """What the daily job writes on the timeline (in the site's language)."""
        with translation.override(settings.LANGUAGE_CODE):
            return flag_note(recent, flagged - relativedelta(months=3), flagged, threshold())

    def run(self, point, start: datetime.date, stop: datetime.date, cadence, attendance=(6, 22)) -> None:
        rng, day = self.rng, start
        while day <= stop:
            month_end = min(stop, (day.replace(day=1) + relativedelta(months=1)) - datetime.timedelta(days=1))
            span = (month_end - day).days
            for _ in range(rng.randint(*cadence) if span >= 0 else 0):
                self.activity(point, day + datetime.timedelta(days=rng.randint(0, span)), attendance)
            day = month_end + datetime.timedelta(days=1)
        if stop >= self.today:  # a running point holds at least 4 activities in the window
            recent = self.recent.get(id(point), 0)
            for _ in range(max(0, 4 - recent)):
                self.activity(point, self.today - datetime.timedelta(days=rng.randint(0, (self.today - self.since).days - 1)), attendance)

    def activity(self, point, day: datetime.date, attendance) -> None:
        rng = self.rng
        if day > self.today:
            return
        if day >= self.since:
            self.recent[id(point)] = self.recent.get(id(point), 0) + 1
        self.activities.append(PointActivity(
            point=point, date=day, title=rng.choice(D.ACTIVITY_TITLES[point.theme]), attendance=rng.randint(*attendance),
            notes="活动照片与签到表已存档。" if rng.random() < 0.5 else "", recorded_by_id=self.w.secretary.get(point.unit_id),
        ))  # fmt: skip

    def development(self, point, life: str) -> None:
        """Supervision visits and development records over the point's running days (last year and this year)."""
        rng, today = self.rng, self.today
        if point.founded_on is None:
            return
        first = max(point.founded_on, self.year_start)
        last = point.retired_on or today
        if last <= first:
            return
        for _ in range(max(1, (last - first).days // 180)):
            day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            findings, suggestions = D.VISIT_FINDINGS[
                2 if life in ("inactive", "flagged", "under_review", "retired") and day >= self.since else rng.choice([0, 1, 3, 4, 5])
            ]
            score = rng.randint(88, 98) if life == "model" else rng.randint(55, 72) if life in ("flagged", "under_review", "retired") else rng.randint(70, 92)
            self.visits.append(SupervisionVisit(point=point, date=day, visitor_id=self.w.admin, findings=findings, suggestions=suggestions, score=score))
        kinds = ["training", "exchange", "showcase"] if life != "model" else ["training", "exchange", "showcase", "training"]
        for kind in rng.sample(kinds, rng.randint(1, len(kinds))) if life != "model" else kinds:
            day = first + datetime.timedelta(days=rng.randint(0, (last - first).days))
            self.records.append(PointRecord(point=point, kind=kind, date=day, title=rng.choice(D.RECORD_TITLES[kind])))
        if life == "model":  # a model point took part in every kind of development last year
            year_end = datetime.date(today.year - 1, 12, 15)
            if first <= year_end:
                for kind in ("training", "exchange", "showcase", "survey"):
                    day = first + datetime.timedelta(days=rng.randint(0, (year_end - first).days))
                    self.records.append(
                        PointRecord(
                            point=point,
                            kind=kind,
                            date=day,
                            title=rng.choice(D.RECORD_TITLES[kind]),
                            notes="线下问卷，汇总见活动台账。" if kind == "survey" else "",
                        )
                    )


def suggested_scores(point, year: int, activities, visits, records) -> dict:
    """`doorstep.rating.suggest` computed from the rows in memory (the same measures: 24 activities a
    year, 15 people an activity, the visits' average score, 4 kinds of record; no survey: None)."""
    acts = [a for a in activities if a.date.year == year]
    scores = [v.score for v in visits if v.date.year == year and v.score is not None]
    measures = {
        "activity": min(1.0, len(acts) / 24),
        "participation": min(1.0, sum(a.attendance for a in acts) / len(acts) / 15) if acts else 0.0,
        "satisfaction": None,
        "supervision": max(0.0, min(1.0, sum(scores) / len(scores) / 100)) if scores else None,
        "records": min(1.0, len({r.kind for r in records if r.date.year == year}) / 4),
    }
    return {
        c.code: None if measures[c.code] is None else (Decimal(str(measures[c.code])) * c.points).quantize(rating.ONE_PLACE, ROUND_HALF_UP)
        for c in rating.CRITERIA
    }


def state_at(planner: PointPlanner, point, when: datetime.datetime) -> str:
    """The point's state at a moment of its planned timeline."""
    state = ""
    for p, steps in planner.steps:
        if p is point:
            for _action, _frm, to, _by, at_, _note in steps:
                if at_ <= when:
                    state = to
    return state


def rate_last_year(planner: PointPlanner, points: list[tuple[NeighbourhoodPoint, str]]) -> list[StarRating]:
    """星级评选 of last year for the points that ran all or most of it, from the criteria's suggestions;
    where the records say nothing (no survey answered) staff give the score."""
    rng, today = planner.rng, planner.today
    year = today.year - 1
    rated_on = datetime.date(today.year, 1, 15) if today >= datetime.date(today.year, 1, 20) else today
    by_point = {p.pk: ([], [], []) for p, _ in points}
    for rows, k in ((planner.activities, 0), (planner.visits, 1), (planner.records, 2)):
        for r in rows:
            by_point[r.point_id][k].append(r)
    ratings = []
    for point, life in points:
        if point.founded_on is None or point.founded_on > datetime.date(year, 6, 30) or (point.retired_on and point.retired_on.year < year):
            continue
        suggested = suggested_scores(point, year, *by_point[point.pk])
        scores = {}
        for c in rating.CRITERIA:
            value = suggested[c.code]
            if value is None:
                value = round(c.points * (rng.uniform(0.9, 1.0) if life == "model" else rng.uniform(0.6, 0.9)), 1)
            scores[c.code] = str(value)
        total = rating.total_of(scores)
        stars = rating.stars_for(total)
        when = at(rated_on + datetime.timedelta(days=rng.randint(0, 4)), rng)
        ratings.append(StarRating(point=point, year=year, scores=scores, total=total, stars=stars, rated_by_id=planner.w.admin, rated_at=when))
        state = state_at(planner, point, when)
        planner.steps.append((point, [("rate", state, state, planner.w.admin, when, f"{year}: {stars} stars ({total} points)")]))
    with own_timestamps(StarRating):
        return StarRating.objects.bulk_create(ratings)


def load(world, operators) -> Counter:
    planner = PointPlanner(world, operators)
    points = planner.plan()
    for point, life in points:
        planner.life(point, life)
    with own_timestamps(NeighbourhoodPoint):
        for point, _life in points:
            first = next(s for p, ss in planner.steps if p is point for s in ss)
            point.created_at = first[4]
            point.updated_at = max(s[4] for p, ss in planner.steps if p is point for s in ss)
        NeighbourhoodPoint.objects.bulk_create([p for p, _ in points])
    for point, life in points:
        planner.development(point, life)
    for rows in (planner.activities, planner.visits, planner.records):
        for r in rows:
            r.point_id = r.point.pk
    PointActivity.objects.bulk_create(planner.activities, batch_size=5000)
    SupervisionVisit.objects.bulk_create(planner.visits, batch_size=5000)
    PointRecord.objects.bulk_create(planner.records, batch_size=5000)
    ratings = rate_last_year(planner, points)
    rows = [(p.pk, *s) for p, ss in planner.steps for s in ss]
    insert_rows(PointTransition, STEP_COLUMNS, [(pk, a, f, t, by, when, note) for pk, a, f, t, by, when, note in rows])
    lives = Counter(life for _, life in points)
    return Counter({
        "points": len(points), "points active": sum(1 for p, _ in points if p.state == P.ACTIVE), "model points": lives["model"],
        "points inactive (to be flagged)": lives["inactive"], "point activities": len(planner.activities), "supervision visits": len(planner.visits),
        "development records": len(planner.records), "star ratings": len(ratings), "point steps": len(rows),
    })  # fmt: skip
