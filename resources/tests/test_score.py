"""The matching score on real rows: what fits, what is excluded and why (resources.matching)."""

import pytest

from resources.matching.load import need_block, resource_block
from resources.matching.score import pair_reasons, score
from resources.models import Resource
from resources.tests.builders import D2_AT, make_need, make_org, make_project, make_space, make_talent

pytestmark = pytest.mark.django_db


def scored(need, *sources):
    res = Resource.objects.filter(pk__in=[s.resource.pk for s in sources])
    nb, rb = need_block([need]), resource_block(res)
    s = score(nb, rb)
    by_id = {int(rid): j for j, rid in enumerate(rb.ids)}
    return {src: (float(s.total[0, by_id[src.resource.pk]]), pair_reasons(s, 0, by_id[src.resource.pk], nb, rb)) for src in sources}


def test_an_exact_skill_nearby_at_the_right_time_outranks_a_related_one_far_away(tree):
    need = make_need(tree.D1, need_types=("shuhua",))
    near = make_talent(tree.D1, name="钱书法", skills=("shuhua",))
    related = make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT)
    got = scored(need, near, related)
    assert got[near][0] > got[related][0] > 0
    type_reason = next(r for r in got[related][1] if r["factor"] == "type")
    assert type_reason["value"] == 0.5 and type_reason["params"] == {"exact": False}


def test_a_talent_beyond_their_reach_is_excluded_with_the_reason(tree):
    need = make_need(tree.D1)
    far = make_talent(tree.D2, skills=("shuhua",), at=D2_AT, reach_m=1000)
    total, reasons = scored(need, far)[far]
    assert total == 0
    assert {"factor": "excluded", "value": 0.0, "weight": 0.0, "params": {"rule": "out_of_reach"}} in reasons


def test_a_paid_project_is_excluded_when_the_need_has_no_budget(tree):
    need = make_need(tree.D1, need_types=("elderly",))
    org = make_org(tree.S)
    paid = make_project(org, cost_to_requester=500)
    free = make_project(org, name="免费义诊", project_types=("health_project",), cost_to_requester=0)
    got = scored(need, paid, free)
    assert got[paid][0] == 0 and any(r["params"].get("rule") == "over_budget" for r in got[paid][1])
    assert got[free][0] == 0  # 健康义诊 is "health", 为老服务 is "care": no type in common


def test_a_space_too_small_scores_lower_than_one_that_fits(tree):
    need = make_need(tree.D1, need_types=("meeting",), people=25)
    small = make_space(tree.D1, name="小会议室", capacity=10)
    fits = make_space(tree.D1, name="大会议室", capacity=30)
    got = scored(need, small, fits)
    assert got[fits][0] > got[small][0] > 0


def test_proposing_the_same_resource_twice_is_refused_and_counts_once(tree):
    from django.core.exceptions import ValidationError

    from resources.services.propose import match_propose

    need = make_need(tree.D1)
    talent = make_talent(tree.D1)
    match_propose(need=need, resource=talent.resource, score=0.8, reasons=[])
    with pytest.raises(ValidationError):
        match_propose(need=need, resource=talent.resource, score=0.8, reasons=[])
    talent.resource.refresh_from_db()
    assert talent.resource.asked == 1 and need.matches.count() == 1
