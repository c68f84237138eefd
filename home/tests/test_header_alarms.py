"""The header's count of active critical alarms (issue 15 item 4): on every staff page while one is active, for
users who may see devices, counting only the devices they may see, linking to the active critical alarms; kept
briefly per user so that a page costs no query for it, and brought up to date when the alarm services change one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smart.models import Severity
from smart.services.alarms import alarm_acknowledge, alarm_clear, alarm_raise
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)
from smart.tests.builders.pages import make_alarm

pytestmark = pytest.mark.django_db
PAGE = "/smart/devices/"
LINK = 'href="/smart/alarms/?active=true&amp;severity=5"'


@pytest.fixture(autouse=True)
def _no_kept_counts():
    cache.clear()
    yield
    cache.clear()


def header(client, url=PAGE):
    html = client.get(url).content.decode()
    return html[html.index("<header") : html.index("</header>")]


def test_staff_who_see_the_device_get_the_count_on_every_page_linking_to_the_active_critical_alarms(login, personas, devices):
    client = login(personas["property_company"])  # D1: the lift on B1 (critical), not the smoke sensor on B2
    for url in (PAGE, "/smart/alarms/", "/accounts/password/"):
        top = header(client, url)
        assert 'id="header-alarms"' in top and "紧急告警 1 条" in top and LINK in top
    listed = client.get("/smart/alarms/?active=true&severity=5").content.decode()
    assert f'id="alarm-{devices["lift_alarm"].pk}"' in listed and f'id="alarm-{devices["smoke_alarm"].pk}"' not in listed


def test_the_count_is_scoped_to_the_devices_the_user_may_see(login, personas, devices):
    make_alarm(devices["smoke"], alarm_type="smoke_alarm", severity=Severity.CRITICAL)  # on B2, district D2
    assert "紧急告警 1 条" in header(login(personas["property_company"]))
    cache.clear()
    assert "紧急告警 2 条" in header(login(personas["subdistrict_admin"]))


def test_no_count_without_a_critical_alarm_and_none_for_residents(login, personas, devices):
    devices["lift_alarm"].delete()  # the smoke sensor's MAJOR alarm is left: not critical
    assert 'id="header-alarms"' not in header(login(personas["subdistrict_admin"]))
    make_alarm(devices["lift"])
    cache.clear()
    assert 'id="header-alarms"' not in header(login(personas["resident"]), "/accounts/password/")


def test_the_count_is_kept_between_pages_and_updated_when_an_alarm_is_raised_or_cleared(login, personas, devices):
    client = login(personas["property_company"])
    assert "紧急告警 1 条" in header(client)
    with CaptureQueriesContext(connection) as kept:
        header(client)
    assert not [q for q in kept if '"smart_alarm"."severity" = 5' in q["sql"]]  # no count query while it is kept
    now = timezone.now()
    raised = alarm_raise(device=devices["lift"], alarm_type="door_fault", severity=Severity.CRITICAL, at=now, details="门故障")
    assert "紧急告警 2 条" in header(client)
    alarm_acknowledge(alarm=raised.alarm, by=personas["property_company"])
    assert "紧急告警 2 条" in header(client)  # acknowledged is still active
    alarm_clear(alarm=raised.alarm, by=personas["property_company"])
    alarm_clear(alarm=devices["lift_alarm"], by=personas["property_company"])
    assert 'id="header-alarms"' not in header(client)


def test_the_count_speaks_english_too(login, personas, devices):
    client = login(personas["property_company"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "1 critical alarm<" in header(client)
