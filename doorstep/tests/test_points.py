"""The life of a 睦邻点: proposed → approved or declined; flagged → under review → retired (with a reason)
or kept; model points; records; every step on the timeline; illegal steps change nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.workflow import IllegalTransition
from doorstep.models import PointRecordKind, PointState
from doorstep.services import points as svc
from doorstep.tests.builders.points import make_point

P = PointState


@pytest.fixture
def admin(personas):
    return personas["subdistrict_admin"]


def test_a_proposed_point_is_approved_and_founded(tree, personas, admin):
    point = svc.point_propose(
        by=personas["social_worker"], name="白云手工坊", unit=tree.D1, host_name="王阿姨", address="3号楼101", theme="手工", note="居民自发"
    )
    assert point.state == P.PROPOSED
    svc.point_approve(point=point, by=admin, note="同意")
    point.refresh_from_db()
    assert point.state == P.ACTIVE and point.founded_on == timezone.localdate()
    assert [(t.action, t.from_state, t.to_state) for t in point.transitions.all()] == [("propose", "", "proposed"), ("approve", "proposed", "active")]


def test_a_point_belongs_to_a_residential_district(tree, personas):
    with pytest.raises(ValidationError):
        svc.point_propose(by=personas["social_worker"], name="X", unit=tree.G1, host_name="王", address="a", theme="b")


def test_declining_needs_a_reason(tree, admin):
    point = make_point(tree.D1, state=P.PROPOSED)
    with pytest.raises(ValidationError):
        svc.point_decline(point=point, by=admin, reason=" ")
    svc.point_decline(point=point, by=admin, reason="场地不安全")
    point.refresh_from_db()
    assert point.state == P.DECLINED
    assert point.transitions.last().note == "场地不安全"


def test_a_point_is_retired_only_after_the_review_and_with_a_reason(tree, admin):
    point = make_point(tree.D1)
    with pytest.raises(IllegalTransition):
        svc.point_retire(point=point, by=admin, reason="不活跃")
    svc.point_flag(point=point, by=admin, note="三个月无活动")
    with pytest.raises(IllegalTransition):  # flagged is not enough
        svc.point_retire(point=point, by=admin, reason="不活跃")
    svc.point_review(point=point, by=admin)
    with pytest.raises(ValidationError):
        svc.point_retire(point=point, by=admin, reason="")
    svc.point_retire(point=point, by=admin, reason="主持人搬离，活动停止")
    point.refresh_from_db()
    assert point.state == P.RETIRED and point.retired_on == timezone.localdate()
    assert [t.action for t in point.transitions.all()] == ["propose", "approve", "flag", "review", "retire"]


def test_a_reviewed_point_can_be_kept(tree, admin):
    point = make_point(tree.D1)
    svc.point_flag(point=point, by=admin, note="活动少")
    svc.point_review(point=point, by=admin)
    with pytest.raises(ValidationError):
        svc.point_keep(point=point, by=admin, note="")
    svc.point_keep(point=point, by=admin, note="新主持人接手")
    point.refresh_from_db()
    assert point.state == P.ACTIVE


def test_an_illegal_step_changes_nothing(tree, admin):
    point = make_point(tree.D1, state=P.PROPOSED)
    before = point.transitions.count()
    for step in (svc.point_review, svc.point_flag):
        with pytest.raises(IllegalTransition):
            step(point=point, by=admin, note="x")
    point.refresh_from_db()
    assert point.state == P.PROPOSED and point.transitions.count() == before


def test_model_points_are_toggled_by_reviewers_and_kept_on_the_timeline(tree, admin):
    point = make_point(tree.D1)
    svc.point_set_model(point=point, by=admin, is_model=True, note="示范")
    point.refresh_from_db()
    assert point.is_model
    svc.point_set_model(point=point, by=admin, is_model=False)
    assert [t.action for t in point.transitions.all()][-2:] == ["model", "unmodel"]
    proposed = make_point(tree.D2, state=P.PROPOSED)
    with pytest.raises(IllegalTransition):
        svc.point_set_model(point=proposed, by=admin, is_model=True)


def test_retiring_a_model_point_takes_the_flag_off(tree, admin):
    point = make_point(tree.D1)
    svc.point_set_model(point=point, by=admin, is_model=True)
    svc.point_flag(point=point, by=admin, note="x")
    svc.point_review(point=point, by=admin)
    svc.point_retire(point=point, by=admin, reason="停办")
    point.refresh_from_db()
    assert not point.is_model


def test_records_are_kept_and_a_retired_point_takes_none(tree, personas, admin):
    sw = personas["social_worker"]
    point = make_point(tree.D1)
    today = timezone.localdate()
    a = svc.activity_record(point=point, by=sw, date=today, title="剪纸", attendance=12)
    assert a.recorded_by == sw
    with pytest.raises(ValidationError):
        svc.activity_record(point=point, by=sw, date=today + datetime.timedelta(days=1), title="剪纸", attendance=12)
    svc.visit_record(point=point, by=admin, date=today, findings="活动规范", score=88)
    with pytest.raises(ValidationError):
        svc.visit_record(point=point, by=admin, date=today, findings="x", score=101)
    svc.development_record(point=point, by=sw, kind=PointRecordKind.TRAINING, date=today, title="带领人培训")
    with pytest.raises(ValidationError):
        svc.development_record(point=point, by=sw, kind="party", date=today, title="x")
    svc.point_flag(point=point, by=admin, note="x")
    svc.point_review(point=point, by=admin)
    svc.point_retire(point=point, by=admin, reason="停办")
    with pytest.raises(IllegalTransition):
        svc.activity_record(point=point, by=sw, date=today, title="剪纸", attendance=12)
    assert point.activities.count() == 1 and point.visits.count() == 1 and point.records.count() == 1


def test_staff_flagging_needs_a_note_but_the_job_does_not(tree, admin):
    point = make_point(tree.D1)
    with pytest.raises(ValidationError):
        svc.point_flag(point=point, by=admin, note="")
    svc.point_flag(point=point, by=None, note="")
    point.refresh_from_db()
    assert point.state == P.FLAGGED and point.transitions.last().by is None
