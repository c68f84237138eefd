"""A few surveys for the demo (`surveys`), written with its public API and answered in bulk:

- the centre's yearly satisfaction survey to the whole subdistrict (closed a month ago, anonymous, ~60% answered);
- a needs survey (需求调研) for a 睦邻点 of the first 居民区, open, linked to the point's development record;
  the demo account `resident` (张三丰) has a notice and has not answered it yet;
- a consultation on the stations' 错时 opening hours in the first 居民区, open and named;
- a draft, still being written.
Answers follow the questions' rules (`surveys.answers`); each person answers once."""

import datetime
from collections import Counter

from django.utils import timezone

from demo.cases import own_timestamps
from demo.services import data as D
from doorstep.models import NeighbourhoodPoint, PointRecord, PointRecordKind, PointState
from surveys.models import Answer, Audience, QuestionKind, Recipient, Response, Survey, SurveyState, SurveyTransition
from surveys.services import survey_create, survey_open


def dated_timeline(pk: int) -> None:
    """The survey's timeline at the dates the demo gave it (written, opened, closed), by its writer."""
    s = Survey.objects.get(pk=pk)
    steps = [("create", "", SurveyState.DRAFT, min(s.created_at, s.opens_at or s.created_at))]
    if s.state != SurveyState.DRAFT:
        steps.append(("open", SurveyState.DRAFT, SurveyState.OPEN, s.opens_at))
    if s.state == SurveyState.CLOSED:
        steps.append(("close", SurveyState.OPEN, SurveyState.CLOSED, s.closes_at))
    SurveyTransition.objects.filter(survey=s).delete()
    SurveyTransition.objects.bulk_create(
        [SurveyTransition(survey=s, action=a, from_state=f, to_state=t, at=at, by_id=s.created_by_id) for a, f, t, at in steps]
    )


def answer_value(q, rng, mood: float):
    """A plausible answer to one question; `mood` 0..1 leans scales up. None: left out (optional only)."""
    if not q.required and rng.random() < 0.35:
        return None
    if q.kind == QuestionKind.SINGLE:
        return {"choices": [min(len(q.options) - 1, int(rng.random() ** 1.4 * len(q.options)))]}
    if q.kind == QuestionKind.MULTIPLE:
        k = rng.randint(1, min(3, len(q.options)))
        return {"choices": sorted(rng.sample(range(len(q.options)), k))}
    if q.kind == QuestionKind.SCALE:
        return {"number": max(1, min(q.scale_max, round(q.scale_max * (0.55 + 0.45 * mood) + rng.uniform(-1.2, 0.8))))}
    return {"text": rng.choice(D.SURVEY_TEXTS)}


def answer_all(survey: Survey, users: list[int], rng, start, end) -> int:
    questions = list(survey.questions.order_by("position"))
    responses = [Response(survey=survey, user_id=u, submitted_at=start + (end - start) * rng.random() ** 1.5) for u in users]
    with own_timestamps(Response):
        responses = Response.objects.bulk_create(responses)
    answers = []
    for r in responses:
        mood = rng.random() ** 0.6
        for q in questions:
            value = answer_value(q, rng, mood)
            if value is not None:
                answers.append(Answer(response=r, question=q, **value))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(responses)


def load(world, centre) -> Counter:
    rng, now = world.rng("surveys"), world.now
    admin = world.admin
    first = world.districts[0] if world.districts else world.subdistrict
    everyone = [a.user_id for a in world.accounts]
    counts = Counter(surveys=0)

    # 1. the centre's satisfaction survey: sent to every account, closed
    opened, closed = now - datetime.timedelta(days=60), now - datetime.timedelta(days=30)
    s1 = survey_create(title="中山幸福里社区服务中心年度满意度调查", unit=world.subdistrict, by=None, purpose="satisfaction", questions=D.SATISFACTION_QUESTIONS,
                       intro="为持续改进中心服务，请您花两分钟填写。问卷匿名，结果将在中心公示。")  # fmt: skip
    Recipient.objects.bulk_create([Recipient(survey=s1, user_id=u) for u in everyone], ignore_conflicts=True)
    Survey.objects.filter(pk=s1.pk).update(
        state=SurveyState.CLOSED, opens_at=opened, closes_at=closed, created_by_id=admin, created_at=opened - datetime.timedelta(days=3)
    )
    dated_timeline(s1.pk)
    counts["survey responses"] += answer_all(s1, [u for u in everyone if rng.random() < 0.6], rng, opened, closed)

    # 2. a needs survey for a 睦邻点 of the first 居民区, open, recorded on the point
    point = NeighbourhoodPoint.objects.filter(unit_path__startswith=first.path, state=PointState.ACTIVE).order_by("-is_model", "id").first()
    title = f"{point.name}活动需求调研" if point else "睦邻点活动需求调研"
    s2 = survey_create(title=title, unit=first, by=None, purpose="needs", questions=D.NEEDS_QUESTIONS,
                       intro="睦邻点下一季度的活动由大家定。请选择您希望开展的活动和方便的时间。")  # fmt: skip
    if not world.by_district.get(first.pk):
        return counts
    survey_open(survey=s2)  # the residents with accounts get a notice (张三丰 among them)
    Survey.objects.filter(pk=s2.pk).update(
        opens_at=now - datetime.timedelta(days=5), closes_at=now + datetime.timedelta(days=14), created_by_id=world.secretary.get(first.pk, admin)
    )
    dated_timeline(s2.pk)
    neighbours = [a.user_id for a in world.by_district.get(first.pk, []) if a.name != "张三丰"]
    counts["survey responses"] += answer_all(
        s2, [u for u in neighbours if rng.random() < 0.55], rng, now - datetime.timedelta(days=5), now - datetime.timedelta(hours=2)
    )
    if point is not None:
        PointRecord.objects.create(point=point, kind=PointRecordKind.SURVEY, date=timezone.localdate(now) - datetime.timedelta(days=5), title=title, survey=s2,
                                   notes="线上问卷，发给本居民区有账号的居民；结果用于下季度活动计划。")  # fmt: skip

    # 3. a named consultation on the 错时 hours, open
    s3 = survey_create(title="好邻居服务站错时开放时间征询", unit=first, by=None, purpose="consultation", questions=D.HOURS_QUESTIONS, anonymous=False,
                       intro="服务站拟调整晚间和周末的开放时间，请留下您的意见（实名，便于回访）。")  # fmt: skip
    survey_open(survey=s3, notify=False)
    Survey.objects.filter(pk=s3.pk).update(opens_at=now - datetime.timedelta(days=3), created_by_id=world.secretary.get(first.pk, admin))
    dated_timeline(s3.pk)
    counts["survey responses"] += answer_all(
        s3, [u for u in neighbours if rng.random() < 0.4], rng, now - datetime.timedelta(days=3), now - datetime.timedelta(hours=1)
    )

    # 4. a draft
    s4 = survey_create(title=f"{world.today.year}年度睦邻点星级评选意见征集", unit=world.subdistrict, by=None, purpose="consultation", audience=Audience.UNIT,
                       questions=D.NEEDS_QUESTIONS[:2], intro="草稿：评选标准与权重征求意见。")  # fmt: skip
    Survey.objects.filter(pk=s4.pk).update(created_by_id=admin)
    dated_timeline(s4.pk)
    counts["surveys"] = Survey.objects.filter(unit_path__startswith=world.subdistrict.path).count()
    return counts
