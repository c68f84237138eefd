"""/api/alarm-rules/: read with smart.view_device, write with smart.change_device, checked like the editor."""

import pytest
from django.utils import translation

from smart.engine import rule_cache
from smart.models import Alarm, AlarmRule
from smart.tests.builders.alarms import feed, make_world, tel

pytestmark = pytest.mark.django_db

URL = "/api/alarm-rules/"


@pytest.fixture
def world(tree, personas):
    return make_world(tree, personas)


def odour_rule(**kw):
    body = {
        "device_type": "garbage",
        "alarm_type": "odour",
        "name": "异味",
        "create_conditions": {"MAJOR": {"kind": "duration", "seconds": 600, "predicates": [{"key": "odour", "op": ">=", "value": 6}]}},
        "clear_condition": {"predicates": [{"key": "odour", "op": "<", "value": 3}]},
        "schedule": None,
        "details": "异味指数 {odour}",
        "opens_case": True,
        "case_category_code": "ENV-WASTE",
        "case_min_severity": 4,
        "case_priority": 2,
    }
    body.update(kw)
    return body


@pytest.mark.parametrize("persona", ["grid_worker", "property_company", "police", "area_manager", "subdistrict_admin", "sysadmin"])
def test_holders_of_the_device_view_read_every_rule(api, personas, world, persona):
    r = api(personas[persona]).get(URL, {"page_size": 200})
    assert r.status_code == 200
    rows = r.json()["results"]
    assert len(rows) == AlarmRule.objects.count()
    trapped = next(row for row in rows if row["alarm_type"] == "trapped")
    assert trapped["device_type"] == "elevator" and trapped["case_category_code"] == "FAC-LIFT-TRAP"
    assert trapped["create_conditions"]["CRITICAL"]["predicates"] == [{"key": "trapped", "source": "event"}]
    assert api(personas[persona]).get(f"{URL}{trapped['id']}/").status_code == 200


@pytest.mark.parametrize("persona", ["resident", "outsider", "social_worker", "auditor"])
def test_others_may_not_read(api, personas, world, persona):
    rule = AlarmRule.objects.first()
    client = api(personas[persona])
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{rule.pk}/").status_code == 403


@pytest.mark.parametrize("persona", ["grid_worker", "property_company", "area_manager", "secretary"])
def test_only_holders_of_the_device_change_right_write(api, personas, world, persona):
    client = api(personas[persona])
    assert client.post(URL, odour_rule(), format="json").status_code == 403
    rule = AlarmRule.objects.get(alarm_type="trapped")
    assert client.patch(f"{URL}{rule.pk}/", {"name": "x"}, format="json").status_code == 403
    assert not AlarmRule.objects.filter(alarm_type="odour").exists()
    assert AlarmRule.objects.get(pk=rule.pk).name == "电梯困人"


def test_a_rule_is_made_normalised_and_used_by_the_engine(api, personas, world):
    r = api(personas["sysadmin"]).post(URL, odour_rule(), format="json")
    assert r.status_code == 201, r.json()
    rule = AlarmRule.objects.get(pk=r.json()["id"])
    assert rule.create_conditions == {
        "MAJOR": {"kind": "duration", "match": "all", "seconds": 600, "predicates": [{"key": "odour", "source": "telemetry", "op": ">=", "value": 6}]}
    }
    assert r.json()["create_conditions"]["MAJOR"]["seconds"] == 600
    rule_cache.get()
    b = world["bin"]
    feed(tel(b, 0, odour=7))
    feed(tel(b, 601, odour=7))
    assert Alarm.objects.get(alarm_type="odour").case.category.code == "ENV-WASTE"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"create_conditions": {"MAJOR": {"predicates": [{"key": "speed", "op": ">", "value": 1}]}}}, "create_conditions", "is not a measurement of"),
        (
            {"create_conditions": {"MAJOR": {"kind": "duration", "seconds": -1, "predicates": [{"key": "odour", "op": ">", "value": 1}]}}},
            "create_conditions",
            "greater than 0",
        ),
        ({"create_conditions": {"MAJOR": {"predicates": [{"key": "odour", "value": 1}]}}}, "create_conditions", "unknown operator"),
        ({"create_conditions": {}}, "create_conditions", "at least one create condition"),
        ({"schedule": {"days": [1], "start": "25:00", "end": "06:00"}}, "schedule", "HH:MM"),
        ({"case_category_code": "NOPE"}, "case_category_code", "Unknown case category"),
        ({"alarm_type": "overflow"}, "alarm_type", "already has a rule"),
    ],
)
def test_bad_rules_are_refused_with_the_editors_messages(api, personas, world, overrides, field, message):
    with translation.override("en"):
        r = api(personas["subdistrict_admin"]).post(URL, odour_rule(**overrides), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert any(message in m for m in r.json()[field]), r.json()
    assert not AlarmRule.objects.filter(alarm_type="odour").exists()


def test_a_patch_is_checked_against_the_whole_rule_and_changes_nothing_on_error(api, personas, world):
    client = api(personas["subdistrict_admin"])
    rule = AlarmRule.objects.get(device_type__code="garbage", alarm_type="overflow")
    before = rule.create_conditions
    r = client.patch(f"{URL}{rule.pk}/", {"create_conditions": {"MAJOR": {"predicates": [{"key": "trapped", "source": "event"}]}}}, format="json")
    assert r.status_code == 400
    rule.refresh_from_db()
    assert rule.create_conditions == before
    r = client.patch(f"{URL}{rule.pk}/", {"name": "满溢", "case_priority": 3}, format="json")
    assert r.status_code == 200
    rule.refresh_from_db()
    assert (rule.name, rule.case_priority, rule.create_conditions) == ("满溢", 3, before)


def test_the_device_type_and_alarm_type_of_a_rule_do_not_change(api, personas, world):
    client = api(personas["subdistrict_admin"])
    rule = AlarmRule.objects.get(device_type__code="garbage", alarm_type="overflow")
    assert client.patch(f"{URL}{rule.pk}/", {"alarm_type": "full"}, format="json").status_code == 400
    assert client.patch(f"{URL}{rule.pk}/", {"device_type": "camera"}, format="json").status_code == 400


def test_a_put_replaces_the_conditions(api, personas, world):
    client = api(personas["subdistrict_admin"])
    rule = AlarmRule.objects.get(device_type__code="garbage", alarm_type="overflow")
    body = odour_rule(
        alarm_type="overflow",
        name="满溢（仅事件）",
        create_conditions={"MAJOR": {"predicates": [{"key": "overflow", "source": "event"}]}},
        clear_condition=None,
    )
    r = client.put(f"{URL}{rule.pk}/", body, format="json")
    assert r.status_code == 200, r.json()
    rule.refresh_from_db()
    assert rule.create_conditions == {"MAJOR": {"kind": "simple", "match": "all", "predicates": [{"key": "overflow", "source": "event"}]}}
    assert rule.clear_condition is None


def test_the_list_filters_by_device_type_and_costs_the_same_queries_for_more_rules(api, personas, world, django_assert_max_num_queries):
    client = api(personas["grid_worker"])
    rows = client.get(URL, {"device_type": "camera"}).json()["results"]
    assert {r["alarm_type"] for r in rows} == {"throw", "illegal_parking", "clutter"}
    with django_assert_max_num_queries(4):
        client.get(URL, {"page_size": 200})
