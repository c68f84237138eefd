"""Issue 15 items 4 and 9: alarms come first (the operations page, the alarms list, the map) and the smart pages
speak plainly (readings in words and units, rules in minutes, codes only in the code column, grouped numbers)."""

import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from smart.defaults.rules import ev, repeating, tm
from smart.models import AlarmRule, Device, DeviceType, Severity
from smart.selectors import device_features, devices_visible, readings
from smart.tests.builders.pages import devices as devices  # noqa: F401  (the fixture)
from smart.tests.builders.pages import make_alarm
from smart.text import duration_text, grouped
from smart.views.rules import describe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_counts():
    cache.clear()
    yield
    cache.clear()


def trapped_rule(device_type):
    return AlarmRule.objects.create(
        device_type=device_type, alarm_type="trapped", name="电梯困人", create_conditions={"CRITICAL": {"kind": "simple", "predicates": [ev("trapped")]}}
    )


def alarm_ids(html):
    return [int(i) for i in re.findall(r'<tr id="alarm-(\d+)"', html)]


def test_the_operations_page_opens_on_the_active_alarms_above_the_map_and_the_readings(login, personas, devices):
    html = login(personas["property_company"]).get("/smart/ops/").content.decode()
    assert html.index('id="h-alarms"') < html.index('id="h-map"') < html.index('id="h-readings"')
    # unacknowledged: said in words and marked on the row, not by colour alone
    row = html[html.index(f'id="alarm-{devices["lift_alarm"].pk}"') :]
    row = row[: row.index("</tr>")]
    assert "alarm-unacked" in row and "未确认" in row and "1号楼东梯" in row
    assert "1 条未确认" in html


def test_active_alarms_are_ordered_by_severity_then_the_newest(login, personas, devices):
    lift = devices["lift"]
    old_critical = devices["lift_alarm"]  # 5 minutes ago
    new_warning = make_alarm(lift, alarm_type="battery", severity=Severity.WARNING, minutes_ago=1)
    new_critical = make_alarm(lift, alarm_type="door", severity=Severity.CRITICAL, minutes_ago=2)
    major = make_alarm(devices["camera"], alarm_type="throw", severity=Severity.MAJOR, minutes_ago=0)
    client = login(personas["subdistrict_admin"])
    expected = [new_critical.pk, old_critical.pk, major.pk, devices["smoke_alarm"].pk, new_warning.pk]
    ops = client.get("/smart/ops/").content.decode()
    assert alarm_ids(ops) == expected
    listed = client.get("/smart/alarms/").content.decode()
    assert alarm_ids(listed) == expected


def test_the_alarms_list_puts_a_critical_alarm_before_newer_battery_warnings_and_is_cards_on_a_phone(login, personas, devices):
    for i in range(3):
        make_alarm(devices["smoke"], alarm_type=f"battery{i}", severity=Severity.WARNING, minutes_ago=0)
    html = login(personas["subdistrict_admin"]).get("/smart/alarms/").content.decode()
    assert alarm_ids(html)[0] == devices["lift_alarm"].pk
    assert 'class="alarms alarm-cards"' in html and 'data-label="设备"' in html
    assert "1号楼 1单元" in html  # the place, next to the device


def test_a_critical_device_is_flagged_on_the_map_with_its_alarm_name(personas, devices):
    lift = devices["lift"]
    alarm = devices["lift_alarm"]
    alarm.rule = trapped_rule(lift.device_type)
    alarm.save()
    make_alarm(lift, alarm_type="battery", severity=Severity.WARNING, minutes_ago=0)
    user = personas["subdistrict_admin"]
    props = {f["properties"]["code"]: f["properties"] for f in device_features(user, devices_visible(user))["features"]}
    assert props["LIFT-B1-1"]["critical"] is True and props["LIFT-B1-1"]["alarm_label"] == "电梯困人" and props["LIFT-B1-1"]["alarms"] == 2
    assert props["SMOKE-B2-1"]["critical"] is False and props["SMOKE-B2-1"]["severity"] == Severity.MAJOR


def test_the_map_legend_names_the_critical_marker(login, personas, devices):
    html = login(personas["property_company"]).get("/smart/devices/map/").content.decode()
    assert "swatch-critical" in html and "紧急告警（大红点，旁边写着告警名称）" in html


def test_durations_and_numbers_read_plainly():
    assert duration_text(1800) == "30 分钟"
    assert duration_text(5400) == "1 小时 30 分钟"
    assert duration_text(86400) == "1 天"
    assert duration_text(45) == "45 秒"
    assert grouped(1234567) == "1,234,567" and grouped(1234.5) == "1,234.5" and grouped(12.0) == "12"


def test_a_rule_reads_in_minutes_and_in_the_measurement_s_words(devices):
    lift_type = DeviceType.objects.get(code="elevator")
    assert describe(lift_type, repeating(3, 1800, ev("door_fault"))) == "事件“门故障”，30 分钟内 3 次"
    held = {"kind": "duration", "match": "all", "seconds": 600, "predicates": [tm("door_open", "==", 1)]}
    assert describe(lift_type, held) == "门 = 开，持续 10 分钟"


def test_the_rules_page_shows_codes_only_in_its_code_column(login, personas, devices):
    trapped_rule(DeviceType.objects.get(code="elevator"))
    html = login(personas["subdistrict_admin"]).get("/smart/rules/").content.decode()
    row = html[html.index("电梯困人") :]
    row = row[: row.index("</tr>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    assert "<code>trapped</code>" in cells[0] and all("<code>" not in c for c in cells[1:])
    assert '<th scope="col">编码</th>' in html


def test_readings_use_their_words_and_units(devices):
    lift_type = DeviceType.objects.get(code="elevator")
    shown = {r["key"]: (r["name"], r["text"]) for r in readings(lift_type, {"door_open": 1, "running": 0, "floor": 12, "fault_code": 0, "people": 1234})}
    assert shown["door_open"] == ("门", "开") and shown["running"] == ("运行状态", "停止")
    assert shown["floor"] == ("所在楼层", "12 层") and shown["fault_code"] == ("故障代码", "无故障") and shown["people"] == ("轿厢人数", "1,234 人")
    shown = {r["key"]: r["text"] for r in readings(lift_type, {"door_open": 0.0, "running": 1.0})}
    assert shown == {**{k: "" for k in lift_type.measurement_keys()}, "door_open": "关", "running": "运行"}


def test_the_operations_page_lists_readings_as_label_and_value(login, personas, devices):
    from smart.models import DeviceLatest

    DeviceLatest.objects.filter(device=devices["lift"]).update(values={"door_open": 1, "running": 1, "speed": 1.5}, ts=timezone.now())
    html = login(personas["property_company"]).get("/smart/ops/readings/").content.decode()
    assert "门：开" in html and "运行状态：运行" in html and "运行速度：1.5 m/s" in html
    assert "门开启" not in html


def test_device_counts_have_thousands_separators(login, personas, devices):
    lift = devices["lift"]
    Device.objects.bulk_create(
        [Device(code=f"BULK-{i}", name=f"批量{i}", device_type=lift.device_type, unit=lift.unit, unit_path=lift.unit_path) for i in range(1000)]
    )
    html = login(personas["subdistrict_admin"]).get("/smart/devices/").content.decode()
    assert "1,003 台设备" in html


def test_a_new_alarm_toast_names_the_alarm_not_its_code(login, personas, devices):
    lift = devices["lift"]
    rule = trapped_rule(lift.device_type)
    devices["lift_alarm"].delete()
    alarm = make_alarm(lift, rule=rule, details="", minutes_ago=0)
    data = login(personas["property_company"]).get(f"/smart/ops/poll.json?after={alarm.pk - 1}").json()
    assert data["new"][0]["label"] == "电梯困人" and "电梯困人" in data["new"][0]["text"]


def test_an_alarm_without_a_rule_is_called_by_its_device_type_s_event_name(login, personas, devices):
    battery = make_alarm(devices["lift"], alarm_type="alarm_button", severity=Severity.WARNING)
    html = login(personas["property_company"]).get("/smart/alarms/").content.decode()
    row = html[html.index(f'id="alarm-{battery.pk}"') :]
    assert "紧急呼叫" in row[: row.index("</tr>")] and "alarm_button" not in row[: row.index("</tr>")]


def test_the_poll_carries_the_header_s_count(login, personas, devices):
    client = login(personas["property_company"])
    assert client.get("/smart/ops/poll.json?after=0").json()["critical"] == 1
    make_alarm(devices["smoke"], alarm_type="smoke_alarm", severity=Severity.CRITICAL)  # not in the property company's scope
    cache.clear()  # (the sessions live in the cache too: sign in again)
    client = login(personas["property_company"])
    assert client.get("/smart/ops/poll.json?after=0").json()["critical"] == 1
    html = client.get("/smart/ops/").content.decode()
    assert 'data-critical-one="紧急告警 1 条"' in html and 'data-critical-many="紧急告警 2 条"' in html
