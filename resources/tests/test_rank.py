"""Ranking one need's resources (resources.matching.rank) and its reasons in words (resources.matching.reasons)."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from resources.matching import rank as rank_module
from resources.matching.load import Columns, need_block, resource_block
from resources.matching.rank import rank, score_pair
from resources.matching.reasons import explain, summary
from resources.matching.score import score
from resources.models import Need, Resource
from resources.services.propose import match_propose
from resources.tests.builders import D2_AT, make_need, make_org, make_project, make_space, make_talent
from resources.tests.builders.needs import bulk_resources

pytestmark = pytest.mark.django_db
FAR = (31.20, 121.50)  # about 30 km away


def ranked(need, **kw):
    return [(s.kind, s.resource.name) for s in rank(need, **kw)]


def test_the_best_fits_come_first_per_kind_and_misfits_are_left_out(tree):
    need = make_need(tree.D1, need_types=("shuhua", "meeting"), people=20)
    make_talent(tree.D1, name="钱书法", skills=("shuhua",))
    make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT)  # related (arts), 2.2 km away
    make_talent(tree.D1, name="周维修", skills=("repair",))  # another field: never
    make_talent(tree.D1, name="远方书法", skills=("shuhua",), at=FAR)  # beyond reach
    make_talent(tree.D1, name="周末书法", skills=("shuhua",), availability={"5": [["09:00", "12:00"]]})  # no time in common
    make_space(tree.D1, name="大会议室", capacity=30)
    make_space(tree.D1, name="小会议室", capacity=8)
    make_project(make_org(tree.S), name="银龄讲座", project_types=("elderly",))  # care, not arts or learning
    assert ranked(need) == [("talent", "钱书法"), ("talent", "孙舞蹈"), ("space", "大会议室"), ("space", "小会议室")]
    assert ranked(need, kinds=["space"], limit=1) == [("space", "大会议室")]
    assert rank(need, kinds=["nothing"]) == [] and rank(need, limit=0) == []


def test_each_suggestion_carries_the_stored_reasons_and_its_resource(tree):
    need = make_need(tree.D1, need_types=("shuhua",), people=20)
    talent = make_talent(tree.D1, skills=("shuhua",), group_size=20)
    (s,) = rank(need)
    assert (s.resource_id, s.kind, s.resource) == (talent.resource.pk, "talent", talent.resource)
    assert s.factors["type"]["params"] == {"exact": True}
    assert s.factors["capacity"]["value"] == 1.0
    assert s.factors["time"]["params"] == {"hours": 2.0, "needed_hours": 2.0}
    assert s.score == pytest.approx(sum(r["value"] * r["weight"] for r in s.reasons), abs=1e-3)


def test_resources_already_proposed_or_agreed_for_the_need_are_not_suggested_again(tree, personas):
    need = make_need(tree.D1)
    first, second = make_talent(tree.D1, name="钱书法"), make_talent(tree.D1, name="赵书法")
    match = match_propose(need=need, resource=first.resource, user=personas["social_worker"], score=0.9, reasons=[])
    assert ranked(need) == [("talent", "赵书法")]
    match.state = "declined"
    match.save(update_fields=["state"])
    assert {name for _, name in ranked(need)} == {"钱书法", "赵书法"}
    other = make_need(tree.D1, title="另一个书法班")
    assert {name for _, name in ranked(other)} == {"钱书法", "赵书法"}  # only live matches of this need count
    assert second.resource.pk in {s.resource_id for s in rank(other)}


def test_a_resource_asked_often_ranks_below_an_equal_one_asked_less(tree):
    need = make_need(tree.D1)
    make_talent(tree.D1, name="常被邀请")
    make_talent(tree.D1, name="少被邀请")
    Resource.objects.filter(name="常被邀请").update(asked=5)
    assert ranked(need) == [("talent", "少被邀请"), ("talent", "常被邀请")]


def test_resources_of_another_subdistrict_paid_ones_and_inactive_ones_are_left_out(tree):
    from core.testing import make_tree
    from org.models import Unit

    make_tree(prefix="O")
    need = make_need(tree.D1, need_types=("elderly",))
    org = make_org(tree.S)
    make_project(org, name="免费讲座")
    make_project(org, name="收费讲座", cost_to_requester=300)
    make_project(make_org(Unit.objects.get(code="OD1"), name="外街道公益", credit_code=""), name="外街道讲座")
    make_talent(tree.D1, name="待审核达人", skills=("counselling",), state="applied")
    assert ranked(need) == [("project", "免费讲座")]
    need.budget = 500
    need.save(update_fields=["budget"])
    assert {name for _, name in ranked(need)} == {"免费讲座", "收费讲座"}


def brute_force(need, limit):
    cols = Columns.build()
    nb = need_block(Need.objects.filter(pk=need.pk), cols)
    rb = resource_block(Resource.objects.filter(is_active=True), cols)
    s = score(nb, rb)
    out = []
    for kind in ("talent", "space", "project"):
        idx = np.flatnonzero(s.feasible[0] & (rb.kinds == kind))
        idx = idx[np.lexsort((rb.ids[idx], -s.total[0, idx]))][:limit]
        out += [(kind, round(float(s.total[0, j]), 4), int(rb.ids[j])) for j in idx]
    return out


@pytest.mark.parametrize("first_block", [1, 200])
def test_the_ranking_is_exactly_what_scoring_every_resource_gives(tree, monkeypatch, first_block):
    monkeypatch.setattr(rank_module, "FIRST_BLOCK", first_block)  # tiny blocks: many rounds of bounds
    bulk_resources(tree.D1, 400, seed=3)
    for need_types in (("shuhua",), ("meeting", "repair"), ("elderly",)):
        times = {"2": [["13:00", "16:00"]], "5": [["10:00", "12:00"]]}  # partly in common with most weekly patterns
        need = make_need(tree.D1, title="-".join(need_types), need_types=need_types, budget=50, time_windows=times)
        got = [(s.kind, s.score, s.resource_id) for s in rank(need, limit=2)]
        assert got == brute_force(need, 2) and got


def test_ranking_takes_the_same_number_of_queries_as_the_catalogue_grows(tree, django_assert_max_num_queries):
    need = make_need(tree.D1, need_types=("shuhua", "meeting", "elderly"))
    bulk_resources(tree.D1, 60, seed=1)
    rank(need)
    with CaptureQueriesContext(connection) as small:
        assert rank(need)
    bulk_resources(tree.D1, 1500, seed=2, org_name="第二基金会")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(rank(need)) == 60


def test_a_pair_is_scored_afresh_with_the_rule_that_excludes_it(tree):
    need = make_need(tree.D1)
    near = make_talent(tree.D1, name="钱书法")
    far = make_talent(tree.D2, name="远书法", at=D2_AT, reach_m=1000)
    assert score_pair(need, near.resource).score > 0.5
    s = score_pair(need, far.resource)
    assert s.score == 0 and {"factor": "excluded", "value": 0.0, "weight": 0.0, "params": {"rule": "out_of_reach"}} in s.reasons


def test_reasons_read_as_sentences_in_english_and_chinese(tree):
    need = make_need(tree.D1, need_types=("shuhua",), people=30)
    related = make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT, group_size=20)
    Resource.objects.filter(pk=related.resource.pk).update(asked=2)
    (s,) = rank(need)
    asked, offered = list(need.types.all()), list(s.resource.types.all())
    with translation.override("en"):
        lines = {line.factor: line for line in explain(s.reasons, asked, offered)}
        assert lines["type"].text == "Offers Dance, related to Calligraphy and painting (same field)."
        assert lines["distance"].text.endswith("m from the need's place; goes up to 3000 m.")
        assert lines["time"].text == "2 of the 2 hours a week needed in common."
        assert lines["capacity"].text == "Takes only 20 of the 30 people expected at once."
        assert lines["load"].text == "Asked 2 times in the last 90 days."
        assert lines["type"].value == 0.5 and lines["type"].percent == 50 and lines["type"].points == pytest.approx(0.175)
    with translation.override("zh-hans"):
        text = summary(s.reasons, asked, offered)
        assert "舞蹈" in text and "书画" in text


def test_each_exclusion_rule_has_its_own_sentence(tree):
    rules = ["out_of_reach", "no_time", "no_capacity", "over_budget", "outside_districts", "no_type"]
    reasons = [{"factor": "excluded", "value": 0, "weight": 0, "params": {"rule": r}} for r in rules]
    with translation.override("en"):
        lines = explain(reasons)
    assert all(line.excluded for line in lines) and len({line.text for line in lines}) == len(rules)
    assert "budget" in lines[3].text
