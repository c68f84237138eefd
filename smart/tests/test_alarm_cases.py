"""Alarms and cases both ways, and who is told (smart.bridge)."""

import pytest
from django.db import transaction

from cases.models import Case, CaseTransition, Priority
from cases.services import case_accept, case_complete, case_dispatch, case_reject, case_start, case_verify
from notices.models import Notice
from smart.models import Alarm, AlarmRule, DeviceType, Severity
from smart.services.alarms import alarm_clear, alarm_raise
from smart.services.rules import rule_create, rule_update
from smart.tests.builders.alarms import event, feed, make_world, tel

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, personas):
    return make_world(tree, personas)


def test_a_trapped_passenger_opens_one_urgent_case_of_the_right_category(world):
    lift = world["lift"]
    feed(event(lift, "trapped", 0))
    alarm = Alarm.objects.get(alarm_type="trapped")
    case = alarm.case
    assert case is not None
    assert (case.category.code, case.priority, case.source, case.external_ref) == ("FAC-LIFT-TRAP", Priority.URGENT, "device", "LIFT-1")
    assert "1号楼东梯" in case.description
    assert case.grid_id == lift.unit.parent_id  # the pin is inside grid G1


def test_repeats_open_no_second_case(world, personas):
    lift = world["lift"]
    feed(event(lift, "trapped", 0))
    feed(event(lift, "trapped", 20))  # extends the alarm
    first = Alarm.objects.get(alarm_type="trapped")
    alarm_clear(alarm=first, by=personas["grid_worker"])
    feed(event(lift, "trapped", 300))  # a new alarm while the case is still open: a "repeat" on that case
    assert Case.objects.count() == 1
    second = Alarm.objects.filter(active=True).get(alarm_type="trapped")
    assert second.case_id == first.case_id
    assert CaseTransition.objects.filter(case=first.case, action="repeat").exists()


def test_the_property_company_and_the_maintainer_are_told_at_once(world, personas):
    feed(event(world["lift"], "trapped", 0))
    told = set(Notice.objects.values_list("user__username", flat=True))
    assert told == {"property_company", "lift_tech"}  # the property company at D1 (above B1) and the maintainer's member
    notice = Notice.objects.get(user=world["tech"])
    assert "1号楼东梯" in notice.title and notice.url == f"/smart/devices/{world['lift'].pk}/"


def test_no_maintainer_notice_when_the_rule_does_not_ask_and_nobody_outside_the_unit(world, personas):
    feed(event(world["smoke2"], "smoke_alarm", 0))  # smoke sensor in D2: no property company there, no maintainer
    assert Alarm.objects.get().case is not None
    assert not Notice.objects.exists()


def test_a_camera_detection_opens_a_camera_case(world):
    feed(event(world["camera"], "throw", 0))
    case = Alarm.objects.get(alarm_type="throw").case
    assert (case.source, case.category.code, case.unit_id) == ("camera", "ENV-THROW", world["camera"].unit_id)


def test_a_case_opens_when_the_severity_rises_to_the_rules_threshold(world):
    dt = DeviceType.objects.get(code="garbage")
    rule_create(
        device_type=dt,
        alarm_type="odour",
        name="异味",
        create_conditions={
            "MINOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 3}]},
            "MAJOR": {"kind": "simple", "predicates": [{"key": "odour", "op": ">=", "value": 6}]},
        },
        opens_case=True,
        case_min_severity=Severity.MAJOR,
        case_category_code="ENV-WASTE",
    )
    b = world["bin"]
    feed(tel(b, 0, odour=4))
    assert Alarm.objects.get(alarm_type="odour").case is None
    feed(tel(b, 10, odour=7))
    alarm = Alarm.objects.get(alarm_type="odour")
    assert alarm.severity == Severity.MAJOR and alarm.case.category.code == "ENV-WASTE"


def test_an_alarm_stands_without_a_case_when_the_case_cannot_be_opened(world):
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="trapped")
    AlarmRule.objects.filter(pk=rule.pk).update(case_category_code="NO-SUCH")  # e.g. the category was deleted since
    from smart.engine import rule_cache

    rule_cache.invalidate()
    feed(event(world["lift"], "trapped", 0))
    alarm = Alarm.objects.get()
    assert alarm.active and alarm.case is None


def test_clearing_by_staff_or_by_condition_leaves_a_note_on_the_open_case(world, personas):
    lift = world["lift"]
    feed(event(lift, "trapped", 0))
    alarm = Alarm.objects.get()
    alarm_clear(alarm=alarm, by=personas["grid_worker"])
    note = CaseTransition.objects.filter(case=alarm.case, action="repeat").get()
    assert note.by == personas["grid_worker"] and "trapped" in note.note
    assert note.from_state == note.to_state == "reported"
    b = world["bin"]
    feed(event(b, "overflow", 0))
    feed(tel(b, 60, fill_residual=1, fill_kitchen=1, fill_recyclable=1, fill_hazardous=1))
    overflow = Alarm.objects.get(alarm_type="overflow")
    assert not overflow.active
    assert CaseTransition.objects.filter(case=overflow.case, action="repeat", by=None).exists()


def test_closing_the_case_clears_and_acknowledges_its_alarm(world, personas):
    feed(event(world["lift"], "trapped", 0))
    alarm = Alarm.objects.get()
    admin, worker = personas["subdistrict_admin"], personas["grid_worker"]
    case = case_accept(case=alarm.case, by=admin)
    case = case_dispatch(case=case, to=world["lift"].unit.parent, by=admin)
    case = case_start(case=case, by=worker)
    case = case_complete(case=case, by=worker, note="已救出")
    alarm.refresh_from_db()
    assert alarm.active
    case_verify(case=case, by=worker, passed=True)
    alarm.refresh_from_db()
    assert (alarm.active, alarm.acknowledged, alarm.cleared_by, alarm.acknowledged_by) == (False, True, worker, worker)
    assert not CaseTransition.objects.filter(case=case, action="repeat").exists()  # no note on a closed case


def test_a_timeline_row_saved_by_hand_clears_no_alarm_only_the_case_service_does(world, personas):
    """Domain flow in services: the alarm follows its case because cases.services.case_step calls smart's
    step (cases.hooks), not because a CaseTransition row was saved."""
    from cases.services import case_reject
    from cases.workflow import CaseState

    feed(event(world["lift"], "trapped", 0))
    alarm = Alarm.objects.get()
    CaseTransition.objects.create(case=alarm.case, action="reject", from_state=alarm.case.state, to_state=CaseState.REJECTED)
    alarm.refresh_from_db()
    assert alarm.active
    case_reject(case=alarm.case, by=personas["subdistrict_admin"], reason="误报")
    alarm.refresh_from_db()
    assert (alarm.active, alarm.acknowledged) == (False, True)


def test_a_case_not_registered_also_clears_its_alarm_and_an_acknowledgement_is_kept(world, personas):
    from smart.services.alarms import alarm_acknowledge

    feed(event(world["camera"], "clutter", 0))
    alarm = Alarm.objects.get()
    alarm_acknowledge(alarm=alarm, by=personas["grid_worker"])
    case_reject(case=alarm.case, by=personas["subdistrict_admin"], reason="误报")
    alarm.refresh_from_db()
    assert not alarm.active and alarm.cleared_by == personas["subdistrict_admin"]
    assert alarm.acknowledged_by == personas["grid_worker"]


def test_a_rule_that_notifies_the_maintainer_without_a_case_tells_on_a_new_alarm_only(world):
    rule = AlarmRule.objects.get(device_type__code="elevator", alarm_type="fault_report")
    rule_update(rule=rule, opens_case=False)
    lift = world["lift"]
    feed(event(lift, "door_fault", 0))
    feed(event(lift, "door_fault", 10))
    assert Notice.objects.filter(user=world["tech"]).count() == 1
    assert not Case.objects.exists()


def test_raising_inside_an_outer_transaction_that_rolls_back_leaves_nothing(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        alarm_raise(
            device=world["lift"],
            alarm_type="trapped",
            severity=Severity.CRITICAL,
            at=world["lift"].created_at,
            rule=AlarmRule.objects.get(alarm_type="trapped"),
        )
        raise RuntimeError
    assert not Alarm.objects.exists() and not Case.objects.exists() and not Notice.objects.exists()
