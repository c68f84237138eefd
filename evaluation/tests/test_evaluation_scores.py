"""Running a period: every subject's score with each indicator's raw value, score, weight and source; one
grouped query per indicator whatever the number of estates; publishing opens one rectification per low score."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import role_assign
from core.workflow import IllegalTransition
from deliberation.models import Action, ActionOrigin
from evaluation.models import Indicator, PeriodState, Result
from evaluation.services import period_publish, period_run, rating_submit
from evaluation.tests.builders import at, make_company, make_survey
from smart.models import Alarm, DeviceType

pytestmark = pytest.mark.django_db


def test_it_scores_each_estate_and_keeps_every_indicators_computation(tree, period, quarter):
    period_run(period=period)
    good = Result.objects.get(period=period, estate=tree.D1)
    poor = Result.objects.get(period=period, estate=tree.D2)
    # survey 4.5 → 87.5 (30), on time 90% → 75 (20), reopened 0% → 100 (10), rated satisfied → 100 (10); no ratings, no alarms
    assert (good.score, good.rank, good.below_threshold) == (Decimal("87.50"), 1, False)
    assert (poor.score, poor.rank, poor.below_threshold) == (Decimal("5.36"), 2, True)
    lines = {v.name: v for v in good.values.all()}
    assert len(lines) == Indicator.objects.filter(plan=period.plan).count() == 6
    on_time = lines["物业案件按时办结率"]
    assert (on_time.raw, on_time.samples, on_time.score, on_time.weight) == (Decimal("90.00"), 10, Decimal("75.00"), Decimal("20.00"))
    assert "60%" in on_time.source and "100%" in on_time.source
    assert lines["居民代表评议"].raw is None and lines["居民代表评议"].score is None  # no data: left out of Σ weight
    assert good.organisation == quarter["a"] and period.state == PeriodState.COMPUTED


def test_it_computes_with_one_query_per_indicator_whatever_the_number_of_estates(tree, period, quarter):
    period_run(period=period)
    with CaptureQueriesContext(connection) as two:
        period_run(period=period)  # again: the old results go first
    make_company("上海万科物业服务有限公司", tree.S, tree.D1, tree.D2)  # two more subjects
    make_survey(tree.D1, [3])
    with CaptureQueriesContext(connection) as four:
        period_run(period=period)
    assert Result.objects.filter(period=period).count() == 4
    assert len(four) == len(two)


def test_it_measures_alarm_response_from_raised_to_acknowledged(tree, period, quarter):
    from smart.tests.builders.pages import make_device

    DeviceType.objects.get_or_create(code="ev-smoke", defaults={"name": "烟感", "kind": "sensor"})
    device = make_device("EV-1", "ev-smoke", tree.B1)
    for minutes in (20, 40):
        Alarm.objects.create(
            device=device,
            alarm_type=f"t{minutes}",
            severity=3,
            started_at=at(2, 1),
            last_at=at(2, 1),
            acknowledged_at=at(2, 1) + datetime.timedelta(minutes=minutes),
            active=False,
        )
    period_run(period=period)
    line = Result.objects.get(period=period, estate=tree.D1).values.get(name="设备报警响应时间")
    assert (line.raw, line.samples) == (Decimal("30.00"), 2)
    assert line.score == Decimal("93.33")  # 240 min scores 0, 15 min scores 100


# The skeleton's deliberation.ActionTransition names its subject "action", which shadows TransitionRecord.action,
# so action_create's first timeline record fails (TypeError) until the actions helper renames it.
def test_publishing_opens_one_rectification_per_score_under_the_threshold(tree, period, quarter, personas):
    period_run(period=period)
    period_publish(period=period, by=personas["subdistrict_admin"])
    poor = Result.objects.select_related("action").get(period=period, estate=tree.D2)
    action = poor.action
    assert (action.origin, action.responsible_unit, action.responsible_name, action.unit) == (ActionOrigin.EVALUATION, tree.D2, quarter["b"].name, tree.D2)
    assert action.deadline > datetime.date.today()
    assert Action.objects.filter(origin=ActionOrigin.EVALUATION).count() == 1
    with pytest.raises(IllegalTransition):
        period_publish(period=period)
    with pytest.raises(IllegalTransition):
        period_run(period=period)
    assert Action.objects.filter(origin=ActionOrigin.EVALUATION).count() == 1


def test_ratings_come_from_representatives_only_on_the_plans_scale(tree, period, quarter, personas):
    rep = personas["volunteer"]
    with pytest.raises(ValidationError):
        rating_submit(period=period, estate=tree.D1, by=rep, score=4, organisation=quarter["a"])
    role_assign(user=rep, role="representative", unit=tree.D1)
    with pytest.raises(ValidationError) as off_scale:
        rating_submit(period=period, estate=tree.D1, by=rep, score=9, organisation=quarter["a"])
    assert "score" in off_scale.value.message_dict
    with pytest.raises(ValidationError):  # company B does not manage D1
        rating_submit(period=period, estate=tree.D1, by=rep, score=4, organisation=quarter["b"])
    rating_submit(period=period, estate=tree.D1, by=rep, score=2, organisation=quarter["a"])
    rating_submit(period=period, estate=tree.D1, by=rep, score=3, organisation=quarter["a"])  # replaces the first
    period_run(period=period)
    line = Result.objects.get(period=period, estate=tree.D1).values.get(name="居民代表评议")
    assert (line.raw, line.samples, line.score) == (Decimal("3.00"), 1, Decimal("50.00"))


def test_the_supervision_plan_scores_each_councils_body_from_its_survey_and_records(tree, quarter):
    from evaluation.models import Plan
    from evaluation.services import period_open
    from meetings.models import Body, BodyKind

    council = Body.objects.create(kind=BodyKind.objects.get(code="council"), unit=tree.D1, unit_path=tree.D1.path, name="白云居民区1+3+N议事会")
    period = period_run(period=period_open(plan=Plan.objects.get(code="supervision"), unit=tree.S, year=2026, quarter=1))
    result = Result.objects.get(period=period)
    assert (result.body, result.estate, result.organisation) == (council, tree.D1, None)
    lines = {v.name: v for v in result.values.all()}
    assert lines["居民对议事协商的满意度"].raw == Decimal("4.50")  # question 2 of the same survey
    assert lines["决议事项按期落实率"].score is None and result.score == Decimal("87.50")


def test_the_red_property_plan_scores_the_companies_with_its_own_indicators(tree, quarter):
    from evaluation.models import Plan
    from evaluation.services import period_open

    period = period_run(period=period_open(plan=Plan.objects.get(code="red_property"), unit=tree.S, year=2026, quarter=1))
    good = Result.objects.get(period=period, estate=tree.D1)
    assert good.values.count() == 5 and good.values.get(name="约请按时答复率").score is None
    assert good.score == Decimal("87.50") and good.below_threshold is False  # survey 87.5 (25), on time 75 (15), satisfaction 100 (15)
