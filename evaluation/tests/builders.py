"""The evaluation's test data: property companies managing D1 and D2, a quarter (2026Q1) of property cases,
alarms, satisfaction surveys and ratings, and the scope matrix's periods and results."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cases.models import Case, CaseCategory, HandlerKind
from core.testing import make_user
from evaluation.models import Plan
from evaluation.services import period_open, period_run
from resources.models import Organisation
from surveys.models import Answer, Question, QuestionKind, Response, Survey, SurveyState

YEAR, QUARTER = 2026, 1


def at(month, day, hour=10):
    return timezone.make_aware(datetime.datetime(YEAR, month, day, hour))


def make_company(name, unit, *estates) -> Organisation:
    org = Organisation.objects.create(kind="property", name=name, unit=unit, unit_path=unit.path)
    org.districts.set(estates)
    return org


def property_category() -> CaseCategory:
    return CaseCategory.objects.get_or_create(code="EV-PROP", defaults={"name": "物业维修", "handler_kind": HandlerKind.PROPERTY})[0]


def make_cases(unit, *, on_time, late, reopened=0, ratings=(), month=2) -> list[Case]:
    """`on_time` + `late` closed property cases under `unit` in the quarter; the first `reopened` reopened once."""
    cat, rows = property_category(), []
    for i in range(on_time + late):
        closed = at(month, 10 + i % 10)
        due = closed + datetime.timedelta(days=1 if i < on_time else -1)
        rows.append(
            Case(
                source="resident", category=cat, description="楼道灯不亮", unit=unit, unit_path=unit.path, state="closed", handler_kind=HandlerKind.PROPERTY,
                due_at=due, closed_at=closed, reopen_count=1 if i < reopened else 0, rating=ratings[i] if i < len(ratings) else "",
            )
        )  # fmt: skip
    return Case.objects.bulk_create(rows)


def make_survey(estate, answers, *, question_position=1, when=None) -> Survey:
    """The estate's satisfaction survey of the quarter, answered with `answers` (1-5) to question 1 (and 2)."""
    survey = Survey.objects.create(
        title=f"{estate.name}满意度测评", unit=estate, unit_path=estate.path, purpose="satisfaction", state=SurveyState.CLOSED, opens_at=when or at(3, 1)
    )
    q1 = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCALE, text="物业服务总体满意度", scale_max=5)
    q2 = Question.objects.create(survey=survey, position=2, kind=QuestionKind.SCALE, text="议事协商工作满意度", scale_max=5)
    for i, value in enumerate(answers):
        response = Response.objects.create(survey=survey, user=make_user(f"r-{estate.code}-{survey.pk}-{i}"))
        Answer.objects.create(response=response, question=q1, number=value)
        Answer.objects.create(response=response, question=q2, number=value)
    return survey


def make_quarter(tree) -> dict:
    """Company A manages D1 (good service), company B manages D2 (poor service)."""
    a = make_company("上海中山物业管理有限公司", tree.S, tree.D1)
    b = make_company("松江绿城物业服务有限公司", tree.S, tree.D2)
    make_cases(tree.G1, on_time=9, late=1, reopened=0, ratings=["satisfied"] * 5)
    make_cases(tree.G2, on_time=3, late=7, reopened=5, ratings=["unsatisfied"] * 5)
    make_survey(tree.D1, [5, 5, 4, 4])
    make_survey(tree.D2, [2, 1, 2, 1])
    return {"a": a, "b": b, "plan": Plan.objects.get(code="property")}


@pytest.fixture
def quarter(tree):
    return make_quarter(tree)


@pytest.fixture
def period(tree, quarter):
    return period_open(plan=quarter["plan"], unit=tree.S, year=YEAR, quarter=QUARTER)


# --- For tests/test_scope_matrix.py: a computed period and its results inside D1, in D2, and far away. ---


def _scope_periods(tree, world):
    far_d = world["unit"][2]
    while far_d.kind != "district":
        far_d = far_d.parent
    plan = Plan.objects.get(code="property")
    out = []
    for i, estate in enumerate((tree.D1, tree.D2, far_d)):
        make_company(f"范围物业{i}", estate, estate)
        make_survey(estate, [4, 3])
        out.append(period_run(period=period_open(plan=plan, unit=estate, year=YEAR, quarter=QUARTER)))
    return tuple(out)


def scope_evaluation_periods(tree, world):
    return _scope_periods(tree, world)


def scope_evaluation_results(tree, world):
    return tuple(p.results.get(organisation__name=f"范围物业{i}") for i, p in enumerate(world["evaluation-period"]))


__all__ = ["quarter", "period", "make_quarter", "make_cases", "make_survey", "make_company", "at", "YEAR", "QUARTER", "Decimal"]
