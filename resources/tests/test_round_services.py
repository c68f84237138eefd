"""Running and applying a round (resources.services.rounds) and the match_round command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from org.models import UnitKind
from org.services import unit_create
from resources.models import Match, MatchState, Need, NeedState, Resource
from resources.services.propose import match_propose
from resources.services.rounds import AlreadyApplied, round_apply, round_run
from resources.tests.builders import D2_AT, make_need, make_org, make_project, make_talent
from resources.tests.builders.rounds import greedy_trap

pytestmark = pytest.mark.django_db


def pairs(assignment) -> set:
    return {(n, r) for n, r, _ in assignment}


def test_a_round_assigns_optimally_where_greedy_leaves_a_need_without(tree, personas):
    w = greedy_trap(tree)
    r = round_run(tree.D1, personas["secretary"], "第一轮")
    assert pairs(r.optimal) == {(w.calligraphy.pk, w.sun.pk), (w.repair.pk, w.qian.pk)}
    assert pairs(r.greedy) == {(w.calligraphy.pk, w.qian.pk)}
    assert r.optimal_total == pytest.approx(1.7125) and r.greedy_total == pytest.approx(1.0)
    assert (r.needs_count, r.resources_count, r.edges_count, r.optimal_assigned, r.greedy_assigned) == (2, 2, 3, 2, 1)
    assert r.unit_path == tree.D1.path and r.created_by == personas["secretary"] and r.applied_at is None


def test_a_round_takes_the_open_needs_the_user_matches_and_resources_from_anywhere_within_reach(tree, personas):
    mine = make_need(tree.D1, title="白云书法班")
    make_need(tree.D1, title="已取消的书法班", state=NeedState.CANCELLED)
    theirs = make_need(tree.D2, title="蓝天书法班", at=D2_AT)
    talent = make_talent(tree.D2, name="蓝天书法家", at=D2_AT).resource  # 2.2 km from D1, within his 3 km; two services a period
    elsewhere = unit_create(parent=None, kind=UnitKind.SUBDISTRICT, code="XS", name="别的街道")
    make_talent(elsewhere, name="别处书法家")  # as near, but another subdistrict's
    by_secretary = round_run(tree.S, personas["secretary"], "全街道")  # D1's secretary matches D1's needs only
    assert by_secretary.needs_count == 1 and pairs(by_secretary.optimal) == {(mine.pk, talent.pk)}
    by_admin = round_run(tree.S, personas["subdistrict_admin"], "全街道")
    assert by_admin.needs_count == 2 and pairs(by_admin.optimal) == {(mine.pk, talent.pk), (theirs.pk, talent.pk)}


def test_a_round_can_be_limited_to_some_kinds_of_resources(tree, personas):
    need = make_need(tree.D1, need_types=("shuhua", "elderly"))
    make_talent(tree.D1)
    project = make_project(make_org(tree.S), project_types=("elderly",))
    r = round_run(tree.D1, personas["secretary"], "只用公益项目", kinds=["project", "nonsense"])
    assert r.params["kinds"] == ["project"] and r.resources_count == 1
    assert pairs(r.optimal) == {(need.pk, project.resource.pk)}


def test_a_resource_is_given_no_more_needs_than_its_free_places(tree, personas):
    needs = [make_need(tree.D1, title=f"书法班{i}") for i in range(3)]
    one_left = make_talent(tree.D1, name="钱书法", sessions_per_period=3).resource
    Resource.objects.filter(pk=one_left.pk).update(committed=2)
    full = make_talent(tree.D1, name="赵书法", sessions_per_period=1).resource
    Resource.objects.filter(pk=full.pk).update(committed=1)
    r = round_run(tree.D1, personas["secretary"], "容量")
    assert r.optimal_assigned == 1 and r.greedy_assigned == 1
    assert [res for _, res, _ in r.optimal] == [one_left.pk] and r.optimal[0][0] in {n.pk for n in needs}


def test_applying_a_round_proposes_its_optimal_matches_once(tree, personas):
    w = greedy_trap(tree)
    user = personas["secretary"]
    r = round_run(tree.D1, user, "第一轮")
    report = round_apply(r, user)
    assert (report.created, report.already_live, report.not_possible) == (2, 0, 0)
    made = {(m.need_id, m.resource_id): m for m in Match.objects.filter(round=r)}
    assert set(made) == {(w.calligraphy.pk, w.sun.pk), (w.repair.pk, w.qian.pk)}
    m = made[(w.repair.pk, w.qian.pk)]
    assert m.state == MatchState.PROPOSED and m.created_by == user and m.score == pytest.approx(0.8875)
    assert {x["factor"] for x in m.reasons} == {"type", "distance", "time", "capacity", "load"}
    assert Resource.objects.get(pk=w.qian.pk).asked == 1
    r.refresh_from_db()
    assert r.applied_at is not None and r.params["applied"]["created"] == 2
    with translation.override("en"), pytest.raises(AlreadyApplied, match="already applied"):
        round_apply(r, user)
    stale = type(r).objects.get(pk=r.pk)
    stale.applied_at = None  # a page opened before the first apply: the database still refuses
    with pytest.raises(AlreadyApplied):
        round_apply(stale, user)
    assert Match.objects.filter(round=r).count() == 2


def test_applying_skips_pairs_already_live_and_needs_no_longer_open(tree, personas):
    w = greedy_trap(tree)
    user = personas["secretary"]
    r = round_run(tree.D1, user, "第一轮")
    match_propose(need=w.calligraphy, resource=w.sun, user=user, score=0.8, reasons=[])
    Need.objects.filter(pk=w.repair.pk).update(state=NeedState.CANCELLED)
    report = round_apply(r, user)
    assert (report.created, report.already_live, report.not_possible) == (0, 1, 1)
    assert not Match.objects.filter(round=r).exists()


def test_the_command_prints_the_totals_and_applies_when_asked(tree):
    w = greedy_trap(tree)
    out, err = io.StringIO(), io.StringIO()
    call_command("match_round", unit=tree.D1.code, apply=True, stdout=out, stderr=err)
    text = out.getvalue()
    assert "optimal: total 1.7125, 2 needs assigned (+71.2%)" in text
    assert "greedy:  total 1.0000, 1 needs assigned" in text
    assert "applied: 2 matches proposed" in text
    assert Match.objects.filter(need=w.repair, resource=w.qian, round__isnull=False).exists()
    with pytest.raises(CommandError, match="No unit"):
        call_command("match_round", unit="NOPE", stdout=out)
