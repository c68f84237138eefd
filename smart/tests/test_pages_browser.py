"""The device pages in Chromium: no JavaScript errors or CSP violations, no serious axe findings, the map
and the charts drawn, a toast (role="alert") when a new alarm arrives, acknowledge without a reload."""


import pytest

from smart.models import Alarm, Severity
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)
from smart.tests.builders.pages import make_alarm
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def watch(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_operations_page_pops_up_a_new_alarm_and_acknowledges_in_place(page_for, live_server, personas, devices):
    page = page_for()
    errors = watch(page)
    sign_in(page, live_server.url, "grid_worker")
    page.goto(f"{live_server.url}/smart/ops/")
    page.wait_for_selector("#device-map[data-loaded='1']")
    assert axe_problems(page) == []
    fresh = make_alarm(devices["camera"], alarm_type="throw", severity=Severity.MAJOR, details="高空抛物")
    toast = page.wait_for_selector(f".toast[role=alert][data-alarm='{fresh.pk}']", timeout=15000)
    assert "高空抛物" in toast.inner_text()
    page.wait_for_selector(f"#alarm-{fresh.pk}", timeout=15000)  # the alarms part was fetched again
    page.locator(f"#alarm-{fresh.pk} .ack-button").click()
    page.wait_for_selector(f"#alarm-{fresh.pk} .flag-acked")
    assert Alarm.objects.get(pk=fresh.pk).acknowledged
    page.keyboard.press("Escape")
    assert page.locator(".toast").count() == 0
    assert errors == []


def test_the_device_page_draws_trends_with_alarms_on_a_phone(page_for, live_server, personas, devices):
    page = page_for(viewport=PHONE)
    errors = watch(page)
    sign_in(page, live_server.url, "property_company")
    page.goto(f"{live_server.url}/smart/devices/{devices['lift'].pk}/")
    page.wait_for_selector("#charts[data-loaded='24h']")
    assert page.locator("#chart-speed").get_attribute("data-points") == "12"
    assert page.locator("#chart-speed").get_attribute("data-alarms") == "1"
    page.wait_for_selector("#device-pin[data-loaded='1']")
    page.locator(".ranges a[data-range='7d']").click()
    page.wait_for_selector("#charts[data-loaded='7d']")
    assert axe_problems(page) == []
    assert errors == []


@pytest.mark.parametrize(
    "path", ["/smart/devices/", "/smart/devices/map/", "/smart/alarms/", "/smart/devices/new/", "/smart/vendors/", "/smart/maintainers/", "/smart/vendors/new/"]
)
def test_the_registry_pages_are_sound(page_for, live_server, personas, devices, path):
    page = page_for()
    errors = watch(page)
    sign_in(page, live_server.url, "subdistrict_admin")
    response = page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert axe_problems(page) == []
    assert errors == []
