"""The 物业服务评价 demo (issue 16 item 9): four quarters of property-service evaluation for every 居民区 of
the subdistrict, with a ranking.

Five property companies share the 22 居民区 (get_or_create by name, so the deliberation demo and this one
agree; a 居民区 no company manages yet is given one in turn). Each quarter: a satisfaction survey per 居民区
answered by its residents with accounts (their answers lean on the company's level of service, one company
improving and one slipping over the year), ratings by the council members and residents' representatives
where there are any, then the period is run over the subdistrict: the case, alarm and 约请 indicators come
from the demo's own records. The three older quarters are published (a score under the threshold opens a
rectification action), the latest is left computed for the administrator to publish.

`load_evaluation_demo(subdistrict_code, now=...)` is called by `load_demo` after the deliberation demo."""

import datetime
import time
from random import Random

from django.db import transaction
from django.utils import timezone

from demo.specs import ZHONGSHAN

COMPANIES = [  # name, level of service (mean answer 1-5 before noise), change per quarter
    ("上海中山物业管理有限公司", 4.3, 0.0),
    ("松江绿城物业服务有限公司", 4.0, 0.1),
    ("上海万科物业服务有限公司", 4.5, 0.0),
    ("上海永升物业管理有限公司", 3.3, -0.25),
    ("上海佳乐物业管理有限公司", 2.9, 0.3),
]


def last_quarters(today: datetime.date, n: int = 4) -> list[tuple[int, int]]:
    """The `n` complete quarters before today, oldest first."""
    y, q = today.year, (today.month - 1) // 3 + 1
    out = []
    for _ in range(n):
        y, q = (y - 1, 4) if q == 1 else (y, q - 1)
        out.append((y, q))
    return out[::-1]


def ensure_companies(subdistrict, districts) -> dict:
    """{district id: company}: the five companies, each 居民区 managed by one of them."""
    from resources.models import Organisation

    companies = []
    for name, _level, _trend in COMPANIES:
        org, _ = Organisation.objects.get_or_create(
            name=name, defaults={"kind": "property", "unit": subdistrict, "unit_path": subdistrict.path, "description": "物业服务企业"}
        )
        companies.append(org)
    managed = {}
    for org in companies:
        for d in org.districts.filter(pk__in=[d.pk for d in districts]):
            managed.setdefault(d.pk, org)
    for i, d in enumerate(districts):
        if d.pk not in managed:
            managed[d.pk] = companies[i % len(companies)]
            managed[d.pk].districts.add(d)
    return managed


def _survey(estate, year, quarter, respondents, mean, rng, starts):
    from surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyState

    opens = starts + datetime.timedelta(days=55)
    survey = Survey.objects.create(
        title=f"{estate.name}{year}年第{quarter}季度物业服务满意度测评", unit=estate, unit_path=estate.path, purpose="satisfaction",
        state=SurveyState.CLOSED, opens_at=opens, closes_at=opens + datetime.timedelta(days=21), intro="请对本季度物业服务和居民区议事协商工作打分（1-5分）。",
    )  # fmt: skip
    questions = Question.objects.bulk_create(
        [
            Question(survey=survey, position=1, kind=QuestionKind.SCALE, text="您对本季度物业服务的总体满意度", scale_max=5),
            Question(survey=survey, position=2, kind=QuestionKind.SCALE, text="您对居民区议事协商工作的满意度", scale_max=5),
        ]
    )
    chosen = [u for u in respondents if rng.random() < 0.6]
    responses = Response.objects.bulk_create([Response(survey=survey, user_id=u) for u in chosen])
    Answer.objects.bulk_create(
        [Answer(response=r, question=q, number=max(1, min(5, round(rng.gauss(mean if q.position == 1 else 4.0, 0.8))))) for r in responses for q in questions]
    )
    return len(responses)


def _raters(estate) -> list[int]:
    """Council members with accounts and residents' representatives of the 居民区."""
    from accounts.models import User
    from evaluation.rules import raters_q

    return list(User.objects.filter(raters_q(estate)).distinct().values_list("pk", flat=True)[:7])


def load_evaluation_demo(subdistrict_code: str = ZHONGSHAN, *, seed: int = 2021, now=None, publish: bool = True) -> dict:
    """Add the evaluation demo of the subdistrict, unless its property-service periods exist already."""
    from evaluation.models import Period, Plan, Rating
    from evaluation.services import period_open, period_publish, period_run
    from org.models import Unit, UnitKind
    from people.models import Resident

    started = time.monotonic()
    subdistrict = Unit.objects.filter(code=subdistrict_code).first()
    plan = Plan.objects.filter(code="property").first()
    if subdistrict is None or plan is None or Period.objects.filter(plan=plan, unit=subdistrict).exists():
        return {"skipped": True}
    now = timezone.localtime(now or timezone.now())
    districts = list(Unit.objects.filter(path__startswith=subdistrict.path, kind=UnitKind.DISTRICT).order_by("path"))
    if not districts:
        return {"skipped": True}
    rng = Random(f"{seed}:evaluation")
    admin = _admin(subdistrict)
    counts = {"periods": 0, "results": 0, "survey responses": 0, "ratings": 0, "rectifications": 0}
    with transaction.atomic():
        managed = ensure_companies(subdistrict, districts)
        level = {name: (lv, tr) for name, lv, tr in COMPANIES}
        noise = {d.pk: rng.gauss(0, 0.25) for d in districts}
        residents = {}
        for path, user in Resident.objects.filter(unit_path__startswith=subdistrict.path, user__isnull=False).values_list("unit_path", "user"):
            for d in districts:
                if path.startswith(d.path):
                    residents.setdefault(d.pk, []).append(user)
        raters = {d.pk: _raters(d) for d in districts}
        quarters = last_quarters(timezone.localdate(now))
        for k, (year, quarter) in enumerate(quarters):
            period = period_open(plan=plan, unit=subdistrict, year=year, quarter=quarter, by=admin)
            for d in districts:
                org = managed[d.pk]
                lv, tr = level.get(org.name, (3.8, 0.0))
                mean = lv + tr * k + noise[d.pk]
                counts["survey responses"] += _survey(d, year, quarter, residents.get(d.pk, []), mean, rng, period.starts)
                ratings = [
                    Rating(period=period, estate=d, unit_path=d.path, organisation=org, rater_id=u, score=max(1, min(5, round(rng.gauss(mean, 0.7)))))
                    for u in raters[d.pk]
                ]
                Rating.objects.bulk_create(ratings)
                counts["ratings"] += len(ratings)
            period_run(period=period, by=admin)
            if publish and k < len(quarters) - 1:
                period_publish(period=period, by=admin)
            counts["periods"] += 1
            counts["results"] += period.results.count()
            counts["rectifications"] += period.results.filter(action__isnull=False).count()
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def _admin(subdistrict):
    from accounts.models import User

    return User.objects.filter(role_assignments__role="subdistrict_admin", role_assignments__unit=subdistrict).order_by("id").first()
