"""Device alarms and camera detections become cases; a repeat while the case is open opens no second one."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import timezone

from cases import services as svc
from cases.intake import case_from_alarm
from cases.models import Case, CaseCategory, Priority, Source
from cases.tests.conftest import IN_G1, IN_G2
from cases.workflow import CaseState


def alarm(**kw):
    args = {"source": "device", "device_ref": "SMOKE-0001", "category_code": "FAC-01", "description": "电梯困人告警", **IN_G1}
    args.update(kw)
    return case_from_alarm(**args)


def test_a_device_alarm_opens_a_case_in_the_grid_of_its_pin_without_a_reporter(grids, categories):
    case = alarm(occurred_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 8, 30)))
    assert (case.source, case.external_ref, case.category, case.grid, case.state) == (Source.DEVICE, "SMOKE-0001", categories["lift"], grids.G1, CaseState.REPORTED)
    assert case.reporter is None and case.priority == Priority.HIGH and case.number
    first = case.transitions.get()
    assert (first.action, first.by, "2026-03-02 08:30:00" in first.note) == ("report", None, True)


def test_a_camera_detection_can_be_placed_by_unit_instead_of_a_pin(grids, categories):
    case = case_from_alarm(source="camera", device_ref="CAM-7", category_code="ENV-01", description="楼道堆物识别", unit=grids.G2, priority=Priority.NORMAL)
    assert (case.source, case.unit, case.priority) == (Source.CAMERA, grids.G2, Priority.NORMAL)


def test_a_repeat_while_the_case_is_open_adds_to_its_timeline_instead_of_opening_another(grids, categories, personas):
    first = alarm()
    svc.case_accept(case=first, by=personas["grid_worker"])
    again = alarm(description="再次告警")
    assert again.pk == first.pk and Case.objects.count() == 1
    assert again.state == CaseState.ACCEPTED
    last = again.transitions.last()
    assert (last.action, last.from_state, last.to_state, last.by) == ("repeat", CaseState.ACCEPTED, CaseState.ACCEPTED, None)
    assert "再次告警" in last.note


def test_another_device_category_or_source_opens_its_own_case(grids, categories):
    first = alarm()
    others = [alarm(device_ref="SMOKE-0002"), alarm(category_code="ENV-01"), alarm(source="camera")]
    assert len({first.pk, *(c.pk for c in others)}) == 4


def test_a_repeat_after_the_case_was_closed_opens_a_new_case(grids, categories, personas):
    first = alarm()
    svc.case_reject(case=first, by=personas["grid_worker"], reason="误报")
    second = alarm()
    assert second.pk != first.pk and second.state == CaseState.REPORTED


@pytest.mark.parametrize(("kw", "field"), [({"category_code": "NOPE"}, "category_code"), ({"source": "resident"}, "source"), ({"device_ref": " "}, "device_ref")])
def test_bad_input_is_refused_and_nothing_is_created(grids, categories, kw, field):
    with pytest.raises(ValidationError) as err:
        alarm(**kw)
    assert field in err.value.message_dict
    assert Case.objects.count() == 0


def test_an_inactive_category_is_refused(grids, categories):
    CaseCategory.objects.filter(code="FAC-01").update(is_active=False)
    with pytest.raises(ValidationError):
        alarm()


def test_a_place_outside_every_grid_is_refused(grids, categories):
    with pytest.raises(ValidationError):
        alarm(lat="30.000000", lng="120.000000")


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the in-memory SQLite test database cannot be shared by threads; SQLite's IMMEDIATE transactions serialise writers anyway",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_open_exactly_one_case(grids, categories):
    """Eight threads raise the same alarm at once, each in its own connection and transaction."""
    start, errors = threading.Barrier(8), []

    def raise_alarm(i):
        try:
            start.wait()
            alarm(description=f"告警 {i}", **IN_G2)
        except Exception as e:  # noqa: BLE001  collected and asserted below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=raise_alarm, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    case = Case.objects.get()
    assert case.transitions.filter(action="repeat").count() == 7
