"""Issue 5 end to end in Chromium: the simulator publishes a trapped passenger to the real broker, the MQTT
consumer stores it, the alarm engine raises a critical alarm that opens an urgent FAC-LIFT-TRAP case and
tells the property company and the lift's maintainer; the property manager, who has the live operations
page open, sees the alarm pop up, acknowledges it in the page and finds the notice."""

import contextlib
import io
import threading
import time
import uuid

import paho.mqtt.client as mqtt
import pytest
from django.core.management import call_command
from django.db import OperationalError, connections
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from cases.models import Case, Priority
from core.testing import make_user
from notices.models import Notice
from smart.broker import mosquitto_hash
from smart.ingest.consumer import Consumer
from smart.ingest.devices import device_cache
from smart.models import Alarm, Device, DeviceType, Maintainer, Severity
from smart.services.registry import token_digest
from smart.simulator.tokens import demo_device_token
from tests.browser.fixtures import shot
from tests.browser.test_case_loop import sign_in

pytestmark = [pytest.mark.browser]


class ConsumerThread:
    """`ingest_mqtt`'s consumer in a thread, under the test's own topic root, group and client id, on the tests' broker."""

    def __init__(self, root: str, broker):
        self.client_id = f"test-e2e-{uuid.uuid4().hex[:10]}"
        self.broker = broker
        self.consumer = Consumer(url=broker.url, group=self.client_id, client_id=self.client_id, topic_root=root, wait=0.05, stats_every=0, session_expiry=60)
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        try:
            self.consumer.run()
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        assert self.consumer.connected.wait(10), "the consumer did not subscribe"
        return self

    def __exit__(self, *exc):
        self.consumer.stop()
        self.thread.join(20)
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=self.client_id, protocol=mqtt.MQTTv5)  # drop the session
        client.username_pw_set(*self.broker.consumer)
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = 0
        with contextlib.suppress(OSError):
            client.connect("127.0.0.1", self.broker.port, clean_start=True, properties=props)
            client.disconnect()


def wait_for(predicate, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with contextlib.suppress(OperationalError):  # SQLite's shared in-memory test database: "table is locked" while the consumer writes
            found = predicate()
            if found:
                return found
        time.sleep(0.1)
    return None


@pytest.fixture
def lift(personas, tree, settings, mqtt_broker):
    quiet = {"verbosity": 0, "stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("cases_defaults", **quiet)
    call_command("smart_defaults", **quiet)
    settings.SMART_TOPIC_ROOT = f"test-e2e/{uuid.uuid4().hex[:10]}"
    keeper = Maintainer.objects.create(name="测试电梯维保站")
    keeper.members.add(make_user("lift_keeper"))
    code = f"LIFT-E2E-{uuid.uuid4().hex[:6]}"
    device = Device.objects.create(
        code=code, name="1号楼1号电梯", device_type=DeviceType.objects.get(code="elevator"), maintainer=keeper, unit=tree.B1, unit_path=tree.B1.path,
        location="1号楼 东侧电梯", lat="31.025000", lng="121.225000", token_digest=token_digest(demo_device_token(code)),
        mqtt_password_hash=mosquitto_hash(demo_device_token(code)),
    )  # fmt: skip
    mqtt_broker.sync(settings.SMART_TOPIC_ROOT)
    device_cache.clear()
    yield device
    device_cache.clear()


def test_a_trapped_passenger_becomes_an_urgent_case_and_the_property_manager_acknowledges_it_live(page_for, live_server, personas, lift, settings, mqtt_broker):
    base, errors = live_server.url, []
    page = page_for()
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, base, "property_company")
    page.goto(f"{base}/smart/ops/")
    page.wait_for_selector("#alarm-toasts[data-polled]", state="attached")  # the page polls for new alarms
    assert page.locator(".alarm-row").count() == 0

    with ConsumerThread(settings.SMART_TOPIC_ROOT, mqtt_broker):
        started = time.monotonic()
        out = io.StringIO()
        call_command("simulate_devices", "--once", "--scenario", "trapped", "--url", mqtt_broker.broker.url, "--devices", lift.code, stdout=out)
        assert f"scenario trapped: device {lift.code}" in out.getvalue()
        case = wait_for(lambda: Case.objects.filter(category__code="FAC-LIFT-TRAP", external_ref=lift.code).first())
        seconds = time.monotonic() - started
    assert case is not None, "no case within 20 s"
    assert seconds < 10, f"the case took {seconds:.1f} s"
    assert case.priority == Priority.URGENT and case.source == "device" and case.grid_id is not None
    alarm = Alarm.objects.get(device=lift, alarm_type="trapped")
    assert alarm.active and not alarm.acknowledged and alarm.severity == Severity.CRITICAL and alarm.case_id == case.pk
    notified = set(Notice.objects.filter(title__contains=lift.name).values_list("user__username", flat=True))
    assert {"property_company", "lift_keeper"} <= notified

    # the open page pops the alarm up and lists it under the critical ones, then it is acknowledged in place
    page.wait_for_selector(f"#alarm-toasts [role=alert][data-alarm='{alarm.pk}']", timeout=15_000)
    row = page.locator(f"#alarm-{alarm.pk}")
    row.wait_for(timeout=15_000)
    assert row.get_attribute("data-severity") == str(Severity.CRITICAL) and case.number in row.inner_text()
    shot(page, "smart-ops-trapped-alarm")
    row.locator("button.ack-button").click()
    page.wait_for_selector(f"#alarm-{alarm.pk} .flag-acked")
    alarm.refresh_from_db()
    assert alarm.acknowledged and alarm.active and alarm.acknowledged_by == personas["property_company"]
    assert page.locator(f"#alarm-{alarm.pk} button.ack-button").count() == 0
    shot(page, "smart-ops-trapped-acknowledged")

    # the notice names the lift and the case
    page.goto(f"{base}/notices/")
    notice = page.locator("li.notice.unread", has_text=lift.name).first
    assert case.number in notice.inner_text()
    assert not errors, errors
