"""Issue 15 item 4 in Chromium: the property company, whose estate has many devices reporting and some newer
battery warnings, gets a new 电梯困人 (trapped passenger) alarm. Its operations page opens on that alarm, first in
the list, within the first screen, marked unacknowledged in words; the header of every page counts it; on the map
the lift is a large red marker labelled with the alarm's name; on a phone the alarms are cards. Axe stays clean."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from smart.defaults import DEVICE_TYPES
from smart.defaults.rules import ev
from smart.models import AlarmRule, DeviceLatest, DeviceType, Severity
from smart.services.alarms import alarm_raise
from smart.services.registry import device_types_load
from smart.tests.builders.pages import make_alarm, make_device
from tests.browser.fixtures import ARTIFACTS, shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = [pytest.mark.browser]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def estate(tree):
    """An estate on B1 (district D1, the property company's): a lift, 24 devices with readings, 3 newer battery warnings."""
    cache.clear()
    device_types_load(DEVICE_TYPES)
    lift_type = DeviceType.objects.get(code="elevator")
    rule = AlarmRule.objects.create(
        device_type=lift_type, alarm_type="trapped", name="电梯困人", create_conditions={"CRITICAL": {"kind": "simple", "predicates": [ev("trapped")]}}
    )
    lift = make_device("LIFT-B1-E", "elevator", tree.B1, name="1号楼东梯", lat=Decimal("31.0250"), lng=Decimal("121.2250"), location="1号楼 1单元")
    now = timezone.now()
    for i in range(24):
        kind = ("elevator", "smoke", "garbage")[i % 3]
        d = make_device(
            f"DEV-{i:02d}", kind, tree.B1, name=f"{i + 2}号楼设备", lat=Decimal("31.0240") + Decimal(i) / 4000, lng=Decimal("121.2230") + Decimal(i % 5) / 2000
        )
        values = {
            "elevator": {"running": 1, "door_open": 0, "floor": i % 18, "speed": 1.5},
            "smoke": {"smoke": 0.01, "battery": 80 + i % 20},
            "garbage": {"fill_residual": 40 + i},
        }
        DeviceLatest.objects.create(device=d, ts=now - datetime.timedelta(seconds=i), values=values[kind])
        if kind == "smoke" and i < 12:
            make_alarm(d, alarm_type="low_battery", severity=Severity.WARNING, minutes_ago=0, details="电量低，请更换电池")
    DeviceLatest.objects.create(device=lift, ts=now, values={"running": 0, "door_open": 0, "floor": 3, "speed": 0})
    return {"lift": lift, "rule": rule}


def raise_trapped(estate):
    return alarm_raise(device=estate["lift"], alarm_type="trapped", severity=Severity.CRITICAL, at=timezone.now() - datetime.timedelta(minutes=1),
                       details="1号楼东梯困人，请立即救援（1号楼 1单元）", rule=estate["rule"]).alarm  # fmt: skip


def test_the_property_company_sees_a_new_trapped_passenger_first(page_for, live_server, personas, estate):
    base = live_server.url
    page = page_for(viewport=DESKTOP)
    sign_in(page, base, "property_company")
    page.goto(f"{base}/smart/ops/")
    assert page.locator("#header-alarms").count() == 0  # battery warnings only: no critical count
    page.wait_for_selector("#alarm-toasts[data-polled]", state="attached")
    alarm = raise_trapped(estate)

    # the open page takes it in without a reload: a toast, the row first in the list, the header's count
    page.wait_for_selector(f"#alarm-toasts [role=alert][data-alarm='{alarm.pk}']", timeout=15_000)
    page.wait_for_selector(f"#ops-alarms #alarm-{alarm.pk}", timeout=15_000)
    page.wait_for_selector("#header-alarms", timeout=15_000)
    assert page.locator("#header-alarms").inner_text().strip().endswith("紧急告警 1 条")

    # the company's home opens on it too: the first of today's work, its count a link to the alarm
    page.goto(f"{base}/")
    work = page.locator("#todays-work li").first
    assert work.get_attribute("data-work") == "alarms-critical" and work.locator(".n").inner_text().strip() == "1"
    assert work.bounding_box()["y"] < DESKTOP["height"]
    assert not axe_problems(page)
    shot(page, "alarms-home-desktop")
    work.locator("a").click()
    page.wait_for_selector(f"#alarms #alarm-{alarm.pk}")
    assert page.locator("#alarms tr.alarm-row").count() == 1

    page.goto(f"{base}/smart/ops/")
    first = page.locator("#ops-alarms tr.alarm-row").first
    assert first.get_attribute("id") == f"alarm-{alarm.pk}"
    assert "电梯困人" in first.inner_text() and "未确认" in first.inner_text()
    assert first.bounding_box()["y"] < DESKTOP["height"], "the alarm is not on the first screen"
    header = page.locator("#header-alarms")
    assert header.inner_text().strip().endswith("紧急告警 1 条")
    page.wait_for_selector("#device-map[data-loaded]")
    assert page.locator("#device-map").get_attribute("data-critical") == "1"
    assert page.locator(".leaflet-tooltip.critical-label").first.inner_text().startswith("⚠ 电梯困人")
    assert not axe_problems(page)
    shot(page, "alarms-ops-desktop")

    page.locator("#h-map").scroll_into_view_if_needed()
    page.locator("#device-map").screenshot(path=str(ARTIFACTS / "alarms-map-desktop.png"))

    header.click()
    page.wait_for_url("**/smart/alarms/?active=true&severity=5")
    rows = page.locator("#alarms tr.alarm-row")
    assert rows.count() == 1 and rows.first.get_attribute("id") == f"alarm-{alarm.pk}"
    page.goto(f"{base}/smart/alarms/")
    assert page.locator("#alarms tr.alarm-row").first.get_attribute("id") == f"alarm-{alarm.pk}"  # before the newer battery warnings
    assert not axe_problems(page)

    phone = page_for(viewport=PHONE)
    sign_in(phone, base, "property_company")
    phone.goto(f"{base}/smart/ops/")
    card = phone.locator("#ops-alarms tr.alarm-row").first
    assert card.get_attribute("id") == f"alarm-{alarm.pk}"
    box = card.bounding_box()
    assert box["width"] <= PHONE["width"] and box["y"] < PHONE["height"]
    assert phone.locator("#header-alarms").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_problems(phone)
    shot(phone, "alarms-ops-phone")

    phone.goto(f"{base}/smart/alarms/")
    card = phone.locator("#alarms tr.alarm-row").first
    assert card.get_attribute("id") == f"alarm-{alarm.pk}"
    assert card.evaluate("e => getComputedStyle(e).display") == "flex"  # a card, not a table row
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_problems(phone)
    shot(phone, "alarms-list-phone")
