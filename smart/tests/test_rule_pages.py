"""The alarm rules editor at /smart/rules/: who may use it, the structured form, its errors."""

import pytest
from django.utils import translation

from smart.models import AlarmRule
from smart.tests.builders.alarms import make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, personas):
    return make_world(tree, personas)


def new_rule_post(**overrides):
    data = {
        "alarm_type": "odour",
        "name": "异味",
        "details": "异味指数 {odour}",
        "is_active": "on",
        "case_min_severity": "4",
        "case_priority": "3",
        "major-enabled": "on",
        "major-kind": "duration",
        "major-match": "all",
        "major-seconds": "600",
        "major-what_0": "odour",
        "major-op_0": ">=",
        "major-value_0": "6",
        "minor-enabled": "on",
        "minor-kind": "simple",
        "minor-match": "any",
        "minor-what_0": "event:door_open_long",
        "minor-what_1": "odour",
        "minor-op_1": ">",
        "minor-value_1": "8.5",
        "clear-enabled": "on",
        "clear-kind": "simple",
        "clear-match": "all",
        "clear-what_0": "odour",
        "clear-op_0": "<",
        "clear-value_0": "3",
        "schedule_on": "on",
        "days": ["0", "1", "2"],
        "start": "22:00",
        "end": "06:00",
        "opens_case": "on",
        "case_category_code": "ENV-WASTE",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("persona", ["subdistrict_admin", "sysadmin"])
def test_staff_who_change_devices_see_the_rules_of_every_type(login, personas, world, persona):
    r = login(personas[persona]).get("/smart/rules/")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'id="type-elevator"' in html and 'id="new-rule-garbage"' in html
    trapped = AlarmRule.objects.get(alarm_type="trapped")
    assert f'id="rule-{trapped.pk}"' in html


@pytest.mark.parametrize("persona", ["grid_worker", "property_company", "area_manager", "resident", "outsider"])
def test_others_get_403(login, personas, world, persona):
    client = login(personas[persona])
    rule = AlarmRule.objects.get(alarm_type="trapped")
    for url in ("/smart/rules/", "/smart/rules/new/garbage/", f"/smart/rules/{rule.pk}/"):
        assert client.get(url).status_code == 403
    assert client.post("/smart/rules/new/garbage/", new_rule_post()).status_code == 403
    assert not AlarmRule.objects.filter(alarm_type="odour").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    assert client.get("/smart/rules/").status_code == 302


def test_the_form_offers_the_types_measurements_and_events_as_rows(login, personas, world):
    r = login(personas["subdistrict_admin"]).get("/smart/rules/new/garbage/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'name="critical-what_0"' in html and 'value="fill_kitchen"' in html and 'value="event:overflow"' in html
    assert 'name="clear-op_2"' in html and 'name="days"' in html and 'value="ENV-WASTE"' in html
    assert "<textarea" not in html


def test_a_rule_made_with_the_form_is_stored_as_the_engine_reads_it(login, personas, world):
    r = login(personas["subdistrict_admin"]).post("/smart/rules/new/garbage/", new_rule_post())
    rule = AlarmRule.objects.get(alarm_type="odour")
    assert r.status_code == 302 and r.url == f"/smart/rules/{rule.pk}/"
    assert rule.device_type.code == "garbage"
    assert rule.create_conditions == {
        "MAJOR": {"kind": "duration", "match": "all", "seconds": 600, "predicates": [{"key": "odour", "source": "telemetry", "op": ">=", "value": 6}]},
        "MINOR": {
            "kind": "simple",
            "match": "any",
            "predicates": [{"key": "door_open_long", "source": "event"}, {"key": "odour", "source": "telemetry", "op": ">", "value": 8.5}],
        },
    }
    assert rule.clear_condition == {"kind": "simple", "match": "all", "predicates": [{"key": "odour", "source": "telemetry", "op": "<", "value": 3}]}
    assert rule.schedule == {"days": [0, 1, 2], "start": "22:00", "end": "06:00"}
    assert (rule.opens_case, rule.case_category_code, rule.case_priority) == (True, "ENV-WASTE", 3)


def test_the_edit_form_shows_the_rule_and_saves_changes(login, personas, world):
    client = login(personas["sysadmin"])
    rule = AlarmRule.objects.get(device_type__code="garbage", alarm_type="overflow")
    html = client.get(f"/smart/rules/{rule.pk}/").content.decode()
    assert 'name="minor-seconds"' in html and 'value="600"' in html
    assert 'name="minor-what_4"' in html  # four bins and one more empty row
    post = {
        "alarm_type": "ignored-on-edit",
        "name": "垃圾满溢（夜间）",
        "details": rule.details,
        "case_min_severity": "3",
        "case_priority": "2",
        "opens_case": "on",
        "case_category_code": "ENV-WASTE",
        "major-enabled": "on",
        "major-kind": "simple",
        "major-match": "all",
        "major-what_0": "event:overflow",
    }
    r = client.post(f"/smart/rules/{rule.pk}/", post)
    assert r.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "垃圾满溢（夜间）" and rule.alarm_type == "overflow" and not rule.is_active
    assert list(rule.create_conditions) == ["MAJOR"] and rule.clear_condition is None


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"major-what_0": "speed"}, "“speed” is not a measurement of"),
        ({"major-op_0": "=>"}, "unknown operator"),
        ({"major-seconds": "-5"}, "greater than 0"),
        ({"minor-value_1": "lots"}, "the value must be a number"),
        ({"major-enabled": None, "minor-enabled": None}, "Give at least one create condition"),
        ({"days": None}, "at least one day"),
        ({"case_category_code": ""}, "Choose the category"),
        ({"details": "{odour"}, "unmatched brace"),
        ({"alarm_type": "overflow"}, "already has a rule"),
    ],
)
def test_errors_are_shown_and_nothing_is_saved(login, personas, world, overrides, message):
    before = AlarmRule.objects.count()
    with translation.override("en"):
        r = login(personas["subdistrict_admin"]).post("/smart/rules/new/garbage/", new_rule_post(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert message in r.content.decode()
    assert AlarmRule.objects.count() == before


def test_a_bad_edit_changes_nothing(login, personas, world):
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="fault")
    before = (rule.name, rule.create_conditions)
    r = login(personas["subdistrict_admin"]).post(
        f"/smart/rules/{rule.pk}/",
        {
            "name": "新名字",
            "case_min_severity": "4",
            "case_priority": "3",
            "major-enabled": "on",
            "major-kind": "duration",
            "major-seconds": "0",
            "major-what_0": "fault_code",
            "major-op_0": ">",
            "major-value_0": "0",
        },
    )
    assert r.status_code == 400
    rule.refresh_from_db()
    assert (rule.name, rule.create_conditions) == before


def test_unknown_types_and_rules_are_404(login, personas, world):
    client = login(personas["subdistrict_admin"])
    assert client.get("/smart/rules/new/nope/").status_code == 404
    assert client.get("/smart/rules/999999/").status_code == 404
