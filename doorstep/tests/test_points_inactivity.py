"""The daily inactivity check: it flags exactly the active points below the threshold (fewer than N
activities in the last M months), with the figures in the note; it leaves the others alone and never
retires anything."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from core.periodic import all_jobs
from doorstep.inactivity import flag_inactive_points, inactive_points, threshold
from doorstep.models import NeighbourhoodPoint, PointActivity, PointState
from doorstep.services import points as svc
from doorstep.tests.builders.points import make_point

P = PointState
TODAY = datetime.date(2025, 6, 15)  # the window of 3 months runs from 2025-03-15 to 2025-06-15
NOW = timezone.make_aware(datetime.datetime(2025, 6, 15, 3, 0))


def acts(point, *dates):
    for d in dates:
        PointActivity.objects.create(point=point, date=d, title="活动", attendance=10)


@pytest.fixture
def points(tree, personas):
    d = datetime.date
    made = {
        "none": make_point(tree.D1, name="无活动"),
        "two": make_point(tree.D1, name="两次"),
        "three": make_point(tree.D1, name="三次"),
        "edge_in": make_point(tree.D1, name="边界内"),
        "edge_out": make_point(tree.D1, name="边界外"),
        "future": make_point(tree.D1, name="未来日期"),
        "new": make_point(tree.D2, name="新建", founded_on=d(2025, 4, 1)),
        "proposed": make_point(tree.D2, name="拟建", state=P.PROPOSED),
    }
    acts(made["two"], d(2025, 4, 1), d(2025, 5, 1))
    acts(made["three"], d(2025, 4, 1), d(2025, 5, 1), d(2025, 6, 15))
    acts(made["edge_in"], d(2025, 3, 15), d(2025, 4, 1), d(2025, 5, 1))  # the first day of the window counts
    acts(made["edge_out"], d(2025, 3, 14), d(2025, 4, 1), d(2025, 5, 1))  # the day before it does not
    acts(made["future"], d(2025, 4, 1), d(2025, 5, 1), d(2025, 6, 16))  # after today does not
    retired = make_point(tree.D2, name="已清退")
    svc.point_flag(point=retired, by=personas["subdistrict_admin"], note="x")
    svc.point_review(point=retired, by=personas["subdistrict_admin"])
    svc.point_retire(point=retired, by=personas["subdistrict_admin"], reason="停办")
    made["retired"] = retired
    return made


def states(points):
    return {k: NeighbourhoodPoint.objects.get(pk=p.pk).state for k, p in points.items()}


def test_the_job_flags_exactly_the_points_below_the_threshold(points):
    assert threshold().min_activities == 3 and threshold().window_months == 3
    flagged = flag_inactive_points(now=NOW)
    assert sorted(p.name for p in flagged) == sorted(["无活动", "两次", "边界外", "未来日期"])
    assert states(points) == {
        "none": P.FLAGGED,
        "two": P.FLAGGED,
        "three": P.ACTIVE,
        "edge_in": P.ACTIVE,
        "edge_out": P.FLAGGED,
        "future": P.FLAGGED,
        "new": P.ACTIVE,  # founded inside the window: not judged yet
        "proposed": P.PROPOSED,
        "retired": P.RETIRED,
    }


def test_the_flag_note_carries_the_figures_and_nothing_is_retired(points):
    flag_inactive_points(now=NOW)
    step = points["two"].transitions.get(action="flag")
    assert step.by is None
    for figure in ("2", "2025-03-15", "2025-06-15", "3"):
        assert figure in step.note
    assert not NeighbourhoodPoint.objects.filter(state=P.RETIRED).exclude(pk=points["retired"].pk).exists()
    assert not NeighbourhoodPoint.objects.filter(transitions__action="retire", transitions__by__isnull=True).exists()


def test_running_the_job_again_flags_nothing_new(points):
    assert len(flag_inactive_points(now=NOW)) == 4
    assert flag_inactive_points(now=NOW) == []


def test_a_point_kept_after_review_gets_a_fresh_window(points, personas):
    admin = personas["subdistrict_admin"]
    flag_inactive_points(now=NOW)
    point = points["none"]
    svc.point_review(point=point, by=admin)
    svc.point_keep(point=point, by=admin, note="新主持人接手")
    assert point.pk not in [p.pk for p in inactive_points(timezone.localdate())]


@override_settings(SERVICES_POINT_MIN_ACTIVITIES=2, SERVICES_POINT_WINDOW_MONTHS=1)
def test_the_threshold_is_configurable(points):
    # one month back from 2025-06-15: 2025-05-15; "three" has one activity in it (06-15); "new" (founded
    # 2025-04-01) is now older than the window and is judged too
    flagged = {p.name for p in flag_inactive_points(now=NOW)}
    assert flagged == {"无活动", "两次", "三次", "边界内", "边界外", "未来日期", "新建"}


def test_the_job_is_registered_daily_and_says_what_it_did(points):
    job = next(j for j in all_jobs() if j.name == "services.flag_inactive_points")
    assert job.every == 86400
    assert job.run(NOW).startswith("4 inactive neighbourhood points flagged")
