"""星级评选: scores suggested from the year's records, editable, the total and the stars by the thresholds,
kept with the scores; one rating per point and year."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.testing import make_user
from core.workflow import IllegalTransition
from doorstep import rating as r
from doorstep.models import PointActivity, PointRecord, PointRecordKind, PointState, StarRating, SupervisionVisit
from doorstep.services import points as svc
from doorstep.tests.builders.points import make_point
from surveys.models import Answer, Question, Response, Survey

YEAR = 2024


@pytest.fixture
def point(tree):
    return make_point(tree.D1)


def test_stars_follow_the_total_by_the_thresholds():
    assert [r.stars_for(t) for t in (100, 90, "89.9", 75, 74, 60, 59, 40, "39.9", 0)] == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert sum(c.points for c in r.CRITERIA) == 100


def test_suggestions_come_from_the_years_records(point, tree):
    d = datetime.date
    for month in range(1, 13):  # 12 activities of 10 and 20 people in the year: half the frequency
        PointActivity.objects.create(point=point, date=d(YEAR, month, 10), title="活动", attendance=10 if month % 2 else 20)
    PointActivity.objects.create(point=point, date=d(YEAR - 1, 12, 31), title="去年", attendance=100)  # another year
    SupervisionVisit.objects.create(point=point, date=d(YEAR, 3, 1), findings="好", score=80)
    SupervisionVisit.objects.create(point=point, date=d(YEAR, 9, 1), findings="好", score=90)
    SupervisionVisit.objects.create(point=point, date=d(YEAR, 9, 2), findings="未打分")
    survey = Survey.objects.create(title="需求调研", unit=tree.D1, unit_path=tree.D1.path)
    scale = Question.objects.create(survey=survey, position=1, kind="scale", text="满意度", scale_max=5)
    for i, value in enumerate((4, 5, 3)):
        Answer.objects.create(response=Response.objects.create(survey=survey, user=make_user(f"answer-{i}")), question=scale, number=value)
    PointRecord.objects.create(point=point, kind=PointRecordKind.SURVEY, date=d(YEAR, 5, 1), title="需求调研", survey=survey)
    PointRecord.objects.create(point=point, kind=PointRecordKind.TRAINING, date=d(YEAR, 6, 1), title="培训")
    s = r.suggest(point, YEAR)
    assert s == {
        "activity": Decimal("15.0"),  # 12 of 24 × 30
        "participation": Decimal("20.0"),  # average 15 people: full marks
        "satisfaction": Decimal("16.0"),  # answers 4, 5, 3 of 5: 0.8 × 20
        "supervision": Decimal("17.0"),  # average 85 of 100 × 20
        "records": Decimal("5.0"),  # 2 kinds of 4 × 10
    }


def test_without_a_basis_a_criterion_is_left_to_staff(point):
    s = r.suggest(point, YEAR)
    assert s["satisfaction"] is None and s["supervision"] is None and s["activity"] == Decimal("0.0")


def test_a_rating_keeps_its_scores_and_a_second_rating_of_the_year_replaces_it(point, personas):
    admin = personas["subdistrict_admin"]
    scores = {"activity": 28, "participation": 18, "satisfaction": "17.5", "supervision": 16, "records": 8}
    rating = svc.point_rate(point=point, by=admin, year=YEAR, scores=scores, note="年度评选")
    assert rating.total == Decimal("87.5") and rating.stars == 4
    assert rating.scores == {"activity": "28.0", "participation": "18.0", "satisfaction": "17.5", "supervision": "16.0", "records": "8.0"}
    again = svc.point_rate(point=point, by=admin, year=YEAR, scores={**scores, "records": 10, "supervision": 18})
    assert again.pk == rating.pk and again.total == Decimal("91.5") and again.stars == 5
    assert StarRating.objects.filter(point=point).count() == 1
    assert [t.action for t in point.transitions.all()][-2:] == ["rate", "rate"]
    svc.point_rate(point=point, by=admin, year=YEAR - 1, scores=scores)
    assert StarRating.objects.filter(point=point).count() == 2


def test_the_database_keeps_one_rating_per_point_and_year(point):
    StarRating.objects.create(point=point, year=YEAR, scores={}, total=50, stars=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        StarRating.objects.create(point=point, year=YEAR, scores={}, total=60, stars=3)


def test_scores_outside_a_criterions_weight_are_refused(point, personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as e:
        svc.point_rate(
            point=point, by=personas["subdistrict_admin"], year=YEAR, scores={"activity": 31, "participation": 10, "satisfaction": 10, "supervision": 10}
        )
    assert set(e.value.message_dict) == {"activity", "records"}
    assert not StarRating.objects.exists()


def test_a_proposed_point_cannot_be_rated(tree, personas):
    point = make_point(tree.D2, state=PointState.PROPOSED)
    with pytest.raises(IllegalTransition):
        svc.point_rate(point=point, by=personas["subdistrict_admin"], year=YEAR, scores={c.code: 1 for c in r.CRITERIA})


def test_the_rating_page_suggests_and_saves(login, point, personas):
    client = login(personas["subdistrict_admin"])
    page = client.get(f"/services/points/{point.pk}/rating/", {"year": YEAR})
    assert page.status_code == 200 and 'name="activity"' in page.content.decode()
    body = {"year": YEAR, "activity": "20", "participation": "15", "satisfaction": "15", "supervision": "15", "records": "5", "note": ""}
    assert client.post(f"/services/points/{point.pk}/rating/", body).status_code == 302
    assert StarRating.objects.get(point=point, year=YEAR).stars == 3  # 70 points
    assert login(personas["social_worker"]).get(f"/services/points/{point.pk}/rating/").status_code == 403  # reviewers rate
