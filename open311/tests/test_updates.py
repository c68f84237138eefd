"""GET servicerequestupdates (FixMyStreet's extension): state changes only, public notes only."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image

from cases import services as svc
from cases.models import CaseTransition
from open311.tests.conftest import IN_G1, errors, xml


@pytest.fixture
def handled(grids, categories, personas):
    admin = personas["subdistrict_admin"]
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=personas["resident"], **IN_G1)
    svc.case_accept(case=case, by=admin, note="内部：优先处理")
    svc.case_supervise(case=case, by=admin, note="督办")
    svc.case_dispatch(case=case, to=grids.D1, by=admin, note="派给物业王经理 13900001111")
    svc.case_start(case=case, by=admin)
    svc.case_complete(case=case, by=admin, note="纸箱已清走", photos=[Image.new("RGB", (8, 8))])
    svc.case_verify(case=case, by=admin, passed=True, note="复核：已清理干净")
    svc.case_rate(case=case, by=personas["resident"], rating="satisfied", note="我是张三丰，电话 13812341234")
    return case


def test_updates_are_the_state_changes_with_public_notes_or_the_step_name(get, handled):
    body = get("servicerequestupdates.json").json()
    steps = CaseTransition.objects.filter(case=handled).exclude(action__in=["report", "supervise", "rate"]).order_by("at", "id")
    assert [u["update_id"] for u in body] == [str(t.pk) for t in steps]
    assert [(u["status"], u["description"]) for u in body] == [
        ("open", "Registered"),  # the note of registering is internal
        ("open", "Dispatched"),
        ("open", "Being handled"),
        ("open", "纸箱已清走"),
        ("closed", "复核：已清理干净"),
    ]
    assert {u["service_request_id"] for u in body} == {handled.number}
    assert all(u["updated_datetime"].endswith("+08:00") for u in body)
    assert handled.photos.exists() and all(u["media_url"] is None for u in body)  # evidence photos are not public
    text = str(body)
    for private in ["内部", "王经理", "13900001111", "张三丰", "13812341234", "督办"]:
        assert private not in text


def test_updates_in_xml_are_request_update_elements(get, handled):
    root = xml(get("servicerequestupdates.xml"))
    assert root.tag == "service_request_updates"
    updates = root.findall("request_update")
    assert len(updates) == 5 and updates[-1].findtext("status") == "closed" and updates[-1].findtext("service_request_id") == handled.number


def test_a_failed_check_and_a_reopening_are_updates_too(get, grids, categories, personas):
    admin = personas["subdistrict_admin"]
    case = svc.case_report(category=categories["clutter"], description="楼道堆物", reporter=None, **IN_G1)
    svc.case_accept(case=case, by=admin)
    svc.case_dispatch(case=case, to=grids.D1, by=admin)
    svc.case_start(case=case, by=admin)
    svc.case_complete(case=case, by=admin)
    svc.case_verify(case=case, by=admin, passed=False, note="还有一箱没清")
    svc.case_complete(case=case, by=admin)
    svc.case_verify(case=case, by=admin, passed=True)
    svc.case_reopen(case=case, by=admin, note="又堆上了")
    described = [(u["status"], u["description"]) for u in get("servicerequestupdates.json").json()][-4:]
    assert described == [("open", "Checked: not solved yet; back to the handling unit"), ("open", "Handled"), ("closed", "Closed"), ("open", "Reopened")]


def test_updates_are_filtered_by_date_and_at_most_90_days_apart(get, handled):
    CaseTransition.objects.filter(case=handled, action="accept").update(at=timezone.now() - datetime.timedelta(days=100))
    assert len(get("servicerequestupdates.json").json()) == 4  # the last 90 days by default
    day = timezone.localdate() - datetime.timedelta(days=100)
    assert [u["description"] for u in get("servicerequestupdates.json", {"start_date": f"{day}", "end_date": f"{day}T23:59:59+08:00"}).json()] == ["Registered"]
    response = get("servicerequestupdates.json", {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-06-01T00:00:00Z"})
    assert response.status_code == 400 and errors(response) == ["start_date and end_date may be at most 90 days apart."]


def test_updates_outside_the_jurisdiction_are_not_shown(get, handled, settings):
    settings.OPEN311_UNIT_CODE = "TA2"  # the other area: none of its cases
    assert get("servicerequestupdates.json").json() == []
