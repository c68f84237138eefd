"""Needs as the services write them: what is checked, what is filled in, and that nothing is written on error."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.workflow import IllegalTransition
from doorstep.tests.builders.points import make_point
from resources.models import Match, MatchState, Need, NeedSource, NeedState, NeedTransition
from resources.services.needs import need_cancel, need_create, need_update, needs_from_survey, types_for
from resources.services.propose import match_propose
from resources.tests.builders import make_talent, types
from resources.tests.builders.needs import closed_survey

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2030, 3, 4)


def enter(personas, tree, **kw):
    values = {
        "by": personas["social_worker"], "title": "老年书法班", "unit": tree.D1, "types": types("shuhua"),
        "start_date": TODAY, "end_date": TODAY + datetime.timedelta(days=30), "people": 12,
    }  # fmt: skip
    return need_create(**{**values, **kw})


def test_a_need_is_entered_open_on_its_district_with_its_types_and_a_timeline(personas, tree):
    need = enter(personas, tree, time_windows={"2": [["14:00", "16:00"]]}, budget="200")
    assert (need.state, need.unit_path, need.source, need.budget) == (NeedState.OPEN, tree.D1.path, NeedSource.STAFF, Decimal("200"))
    assert [t.code for t in need.types.all()] == ["shuhua"]
    assert need.time_windows == {"2": [["14:00", "16:00"]]}
    assert list(need.transitions.values_list("action", "to_state", "by")) == [("create", "open", personas["social_worker"].pk)]


def test_a_need_without_a_position_takes_its_points_then_its_districts(personas, tree):
    tree.D1.lat, tree.D1.lng = Decimal("31.020000"), Decimal("121.220000")
    tree.D1.save(update_fields=["lat", "lng"])
    point = make_point(tree.D1)  # at (31.026, 121.226), 白云居民区3号楼101
    at_point = enter(personas, tree, point=point, source=NeedSource.POINT)
    assert (at_point.lat, at_point.lng, at_point.place) == (Decimal("31.026000"), Decimal("121.226000"), point.address)
    at_district = enter(personas, tree)
    assert (at_district.lat, at_district.lng) == (Decimal("31.020000"), Decimal("121.220000"))
    given = enter(personas, tree, point=point, lat="31.1", lng="121.3")
    assert (given.lat, given.lng) == (Decimal("31.1"), Decimal("121.3"))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"types": []}, "types"),
        ({"people": 0}, "people"),
        ({"budget": "-1"}, "budget"),
        ({"end_date": TODAY - datetime.timedelta(days=1)}, "end_date"),
        ({"time_windows": {"2": [["16:00", "14:00"]]}}, "time_windows"),
        ({"time_windows": {"9": [["14:00", "16:00"]]}}, "time_windows"),
        ({"lat": "31.02"}, "lat"),
        ({"source": "gossip"}, "source"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(personas, tree, changes, field):
    with pytest.raises(ValidationError) as e:
        enter(personas, tree, **changes)
    assert field in e.value.message_dict
    assert not Need.objects.exists() and not NeedTransition.objects.exists()


def test_a_need_goes_only_on_a_district_where_the_person_matches(personas, tree):
    with pytest.raises(ValidationError) as e:
        enter(personas, tree, unit=tree.D2)  # the D1 social worker does not match in D2
    assert "unit" in e.value.message_dict
    with pytest.raises(ValidationError):
        enter(personas, tree, unit=tree.G1)  # a grid is not a 居民区
    assert enter(personas, tree, by=personas["subdistrict_admin"], unit=tree.D2).unit == tree.D2
    assert Need.objects.count() == 1


def test_a_point_of_another_district_or_a_retired_one_is_refused(personas, tree):
    other = make_point(tree.D2)
    with pytest.raises(ValidationError) as e:
        enter(personas, tree, point=other)
    assert "point" in e.value.message_dict
    retired = make_point(tree.D1, name="旧睦邻点")
    retired.state = "retired"
    retired.save(update_fields=["state"])
    with pytest.raises(ValidationError):
        enter(personas, tree, point=retired)
    assert not Need.objects.exists()


def test_changing_a_need_notes_the_fields_on_its_timeline_and_refuses_once_cancelled(personas, tree):
    need = enter(personas, tree)
    need_update(need=need, by=personas["social_worker"], people=25, types=types("shuhua", "dance"))
    need.refresh_from_db()
    assert need.people == 25 and {t.code for t in need.types.all()} == {"shuhua", "dance"}
    edit = need.transitions.get(action="edit")
    assert (edit.from_state, edit.to_state) == ("open", "open") and edit.note
    need_update(need=need, by=personas["social_worker"], people=25)  # no change: no timeline entry
    assert need.transitions.filter(action="edit").count() == 1
    with pytest.raises(ValidationError):
        need_update(need=need, by=personas["social_worker"], end_date=TODAY - datetime.timedelta(days=3))
    need.refresh_from_db()
    assert need.end_date == TODAY + datetime.timedelta(days=30)
    need_cancel(need=need, by=personas["social_worker"], note="活动取消")
    with pytest.raises(ValidationError):
        need_update(need=need, by=personas["social_worker"], people=3)


def test_cancelling_a_need_cancels_its_proposed_matches_and_refuses_twice(personas, tree):
    need = enter(personas, tree)
    talent = make_talent(tree.D1)
    match = match_propose(need=need, resource=talent.resource, user=personas["social_worker"], score=0.8, reasons=[])
    need_cancel(need=need, by=personas["social_worker"], note="场地改造")
    need.refresh_from_db()
    match.refresh_from_db()
    assert need.state == NeedState.CANCELLED and match.state == MatchState.CANCELLED
    assert need.transitions.get(action="cancel").note == "场地改造"
    with pytest.raises(IllegalTransition):
        need_cancel(need=need, by=personas["social_worker"])
    assert Match.objects.filter(state=MatchState.CANCELLED).count() == 1


def test_option_words_find_the_resource_types_they_name():
    assert [t.code for t in types_for("手工")] == ["handicraft"]
    assert {t.code for t in types_for("健康讲座")} == {"health", "health_project"}
    assert [t.code for t in types_for("Dance")] == ["dance"]
    assert types_for("议事协商") == [] and types_for(" ") == []


def test_a_closed_surveys_popular_options_become_needs_once(personas, tree):
    # 5 answered: 手工 by 4, 读书 by 3 (no type), 健康讲座 by 3, 议事协商 by 1
    survey, question = closed_survey(tree.D1, [[0, 1, 2], [0, 1, 2], [0, 1, 2], [0], [3]])
    made = needs_from_survey(survey, question, personas["social_worker"])
    by_title = {n.title: n for n in made.created}
    assert set(by_title) == {"手工", "健康讲座"}
    handicraft = by_title["手工"]
    assert (handicraft.source, handicraft.survey, handicraft.unit, handicraft.people) == (NeedSource.SURVEY, survey, tree.D1, 4)
    assert [t.code for t in handicraft.types.all()] == ["handicraft"]
    assert (handicraft.start_date, handicraft.end_date) == (timezone.localdate(), timezone.localdate() + datetime.timedelta(days=90))
    assert "4" in handicraft.description and survey.title in handicraft.description
    assert {option for option, _ in made.skipped} == {"读书", "议事协商"}
    again = needs_from_survey(survey, question, personas["social_worker"])
    assert again.created == [] and Need.objects.count() == 2


def test_needs_come_only_from_a_closed_surveys_choice_question(personas, tree):
    survey, question = closed_survey(tree.D1, [[0]] * 3)
    survey.state = "open"
    survey.save(update_fields=["state"])
    with pytest.raises(ValidationError) as e:
        needs_from_survey(survey, question, personas["social_worker"])
    assert "survey" in e.value.message_dict
    survey.state = "closed"
    survey.save(update_fields=["state"])
    with pytest.raises(ValidationError) as e:
        needs_from_survey(survey, survey.questions.get(kind="scale"), personas["social_worker"])
    assert "question" in e.value.message_dict
    wide, wide_question = closed_survey(tree.S, [[0]] * 3)
    with pytest.raises(ValidationError) as e:
        needs_from_survey(wide, wide_question, personas["social_worker"])  # a subdistrict's survey: which 居民区?
    assert "unit" in e.value.message_dict
    assert len(needs_from_survey(wide, wide_question, personas["social_worker"], unit=tree.D1).created) == 1
    assert Need.objects.count() == 1
