"""GET requests and GET requests/{id}: every filter of the spec, the fields, what is public, query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from cases import services as svc
from cases.models import Case, Source
from cases.photos import photos_add
from core.testing import make_tree
from open311.models import Submission
from open311.tests.conftest import IN_G1, IN_G2, errors, xml

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def report(category, source=Source.RESIDENT, days_ago=0, **where):
    case = svc.case_report(category=category, description=f"{category.name}：楼下", source=source, reporter=None, **(where or IN_G1))
    if days_ago:
        Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
        case.refresh_from_db()
    return case


def closed(case, by, unit):
    svc.case_accept(case=case, by=by)
    svc.case_dispatch(case=case, to=unit, by=by, note="派给物业王经理 13900001111")
    svc.case_start(case=case, by=by)
    svc.case_complete(case=case, by=by, note="纸箱已清走")
    return svc.case_verify(case=case, by=by, passed=True, note="复核：已清理干净")


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["service_request_id"] for r in response.json()]


@pytest.fixture
def admin(personas):
    return personas["subdistrict_admin"]


def test_a_request_shows_the_spec_fields_and_nothing_personal(get, grids, categories, admin, personas):
    case = svc.case_report(
        category=categories["clutter"], description="王芳家门口堆满纸箱", reporter=personas["resident"], address="1号楼3楼",
        contact_name="王芳", contact_phone="13812341234", external_ref="12345-001", **IN_G1,
    )  # fmt: skip
    case = closed(case, admin, grids.D1)
    [body] = get(f"requests/{case.number}.json").json()
    assert body == {
        "service_request_id": case.number, "status": "closed", "status_notes": "复核：已清理干净", "service_name": "楼道堆物",
        "service_code": "ENV-01", "description": None, "agency_responsible": "白云居民区",
        "service_notice": "To be handled within 5 working days of registration.",
        "requested_datetime": timezone.localtime(case.created_at).isoformat(timespec="seconds"),
        "updated_datetime": timezone.localtime(case.updated_at).isoformat(timespec="seconds"),
        "expected_datetime": timezone.localtime(case.due_at).isoformat(timespec="seconds"),
        "address": None, "address_id": None, "zipcode": None, "lat": 31.025, "long": 121.225, "media_url": None,
    }  # fmt: skip
    assert ISO.fullmatch(body["requested_datetime"]) and body["requested_datetime"].endswith("+08:00")
    text = get(f"requests/{case.number}.xml").content.decode()
    for personal in ["王芳", "13812341234", "138****1234", "12345-001", "resident", "王经理", "13900001111", "1号楼3楼"]:
        assert personal not in text and personal not in str(body)


def test_an_open_request_says_where_it_stands_and_is_expected_from_the_moment_of_the_report(get, grids, categories):
    case = report(categories["clutter"])
    [body] = get(f"requests/{case.number}.json").json()
    assert (body["status"], body["status_notes"], body["agency_responsible"]) == ("open", "Reported", None)
    assert case.due_at is not None and body["expected_datetime"] == timezone.localtime(case.due_at).isoformat(timespec="seconds")


def test_the_description_is_public_for_open311_and_machine_reports_only(get, grids, categories):
    resident = report(categories["clutter"])
    device = report(categories["lift"], source=Source.DEVICE)
    bodies = {r["service_request_id"]: r for r in get("requests.json").json()}
    assert bodies[resident.number]["description"] is None
    assert bodies[device.number]["description"] == "电梯故障：楼下"


def test_a_refused_or_merged_request_is_closed_with_the_reason(get, grids, categories, admin):
    first, second, third = (report(categories["clutter"]) for _ in range(3))
    svc.case_reject(case=first, by=admin, reason="不属于社区管理范围")
    svc.case_merge(case=second, into=third, by=admin, note="与另一报告重复")
    bodies = {r["service_request_id"]: r for r in get("requests.json").json()}
    assert (bodies[first.number]["status"], bodies[first.number]["status_notes"]) == ("closed", "不属于社区管理范围")
    assert (bodies[second.number]["status"], bodies[second.number]["status_notes"]) == ("closed", "与另一报告重复")
    assert bodies[third.number]["status"] == "open"


def test_the_list_is_the_last_90_days_newest_first_by_default(get, grids, categories):
    old = report(categories["clutter"], days_ago=91)
    older_recent = report(categories["clutter"], days_ago=10)
    newest = report(categories["lift"])
    assert numbers(get("requests.json")) == [newest.number, older_recent.number]
    assert old.number not in numbers(get("requests.json"))


def test_the_list_filters_by_service_code_status_and_dates(get, grids, categories, admin):
    clutter = report(categories["clutter"], days_ago=5)
    lift = report(categories["lift"], days_ago=3)
    done = closed(report(categories["clutter"], days_ago=1), admin, grids.D1)
    assert numbers(get("requests.json", {"service_code": "ENV-01"})) == [done.number, clutter.number]
    assert numbers(get("requests.json", {"service_code": "ENV-01,FAC-01"})) == [done.number, lift.number, clutter.number]
    assert numbers(get("requests.json", {"service_code": ["FAC-01", "ENV-01"]})) == [done.number, lift.number, clutter.number]
    assert numbers(get("requests.json", {"status": "open"})) == [lift.number, clutter.number]
    assert numbers(get("requests.json", {"status": "closed"})) == [done.number]
    assert numbers(get("requests.json", {"status": "open,closed"})) == [done.number, lift.number, clutter.number]
    day = timezone.localdate() - datetime.timedelta(days=4)
    assert numbers(get("requests.json", {"start_date": f"{day}T00:00:00+08:00"})) == [done.number, lift.number]
    assert numbers(get("requests.json", {"end_date": f"{day}T00:00:00+08:00"})) == [clutter.number]
    assert numbers(get("requests.json", {"start_date": f"{day - datetime.timedelta(days=2)}", "end_date": f"{day}"})) == [clutter.number]


def test_a_time_zone_plus_sign_left_unencoded_is_understood(client, grids, categories):
    case = report(categories["clutter"])
    day = timezone.localdate()
    response = client.get(f"/open311/v2/requests.json?start_date={day}T00:00:00+08:00")  # '+' arrives as a space
    assert numbers(response) == [case.number]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-04-02T00:00:00Z"}, "start_date and end_date may be at most 90 days apart."),
        ({"start_date": "2025-02-01T00:00:00Z", "end_date": "2025-01-01T00:00:00Z"}, "start_date must be before end_date."),
        ({"start_date": "last tuesday"}, "start_date is not a date and time in ISO 8601, e.g. 2025-01-01T00:00:00+08:00."),
        ({"end_date": "2025-13-45"}, "end_date is not a date and time in ISO 8601, e.g. 2025-01-01T00:00:00+08:00."),
        ({"status": "pending"}, "status must be open or closed."),
        ({"page_size": "1001"}, "page and page_size must be whole numbers from 1; page_size at most 1000."),
        ({"page": "zero"}, "page and page_size must be whole numbers from 1; page_size at most 1000."),
    ],
)
def test_bad_filters_are_a_400_in_the_spec_format(get, db, params, message):
    response = get("requests.json", params)
    assert response.status_code == 400 and errors(response) == [message]
    root = xml(get("requests.xml", params))
    assert (root.tag, root.findtext("error/code"), root.findtext("error/description")) == ("errors", "400", message)


def test_exactly_90_days_apart_is_allowed(get, db):
    assert get("requests.json", {"start_date": "2025-01-01T00:00:00Z", "end_date": "2025-04-01T00:00:00Z"}).status_code == 200


def test_service_request_ids_override_every_other_argument(get, grids, categories):
    a, b, old = report(categories["clutter"]), report(categories["lift"]), report(categories["clutter"], days_ago=200)
    params = {"service_request_id": f"{old.number},{a.number},NOPE", "service_code": "FAC-01", "status": "closed", "start_date": "junk"}
    assert set(numbers(get("requests.json", params))) == {old.number, a.number}
    assert b.number not in numbers(get("requests.json", params))


def test_pages_split_the_list(get, grids, categories):
    cases = [report(categories["clutter"]) for _ in range(5)]
    newest_first = [c.number for c in reversed(cases)]
    assert numbers(get("requests.json", {"page_size": 2})) == newest_first[:2]
    assert numbers(get("requests.json", {"page_size": 2, "page": 3})) == newest_first[4:]
    assert numbers(get("requests.json", {"page_size": 2, "page": 4})) == []


def test_at_most_1000_requests_are_returned(get, grids, categories, settings):
    from open311 import conf

    cases = [report(categories["clutter"]) for _ in range(3)]
    original, conf.MAX_REQUESTS = conf.MAX_REQUESTS, 2
    try:
        assert len(numbers(get("requests.json"))) == 2
        assert len(numbers(get("requests.json", {"service_request_id": ",".join(c.number for c in cases)}))) == 2
    finally:
        conf.MAX_REQUESTS = original


def test_the_xml_list_has_one_request_element_per_request(get, grids, categories):
    case = report(categories["clutter"])
    root = xml(get("requests.xml"))
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert (request.findtext("service_request_id"), request.findtext("status"), request.findtext("lat"), request.findtext("long")) == (case.number, "open", "31.025", "121.225")
    assert request.find("zipcode") is not None and request.findtext("zipcode") == ""
    assert ISO.fullmatch(request.findtext("requested_datetime"))


def test_requests_outside_the_jurisdiction_are_not_shown(get, grids, categories):
    other = make_tree(prefix="Y")
    inside = report(categories["clutter"])
    outside = svc.case_report(category=categories["clutter"], description="岳阳", reporter=None, unit=other.G1)
    assert numbers(get("requests.json")) == [inside.number]
    assert get(f"requests/{outside.number}.json").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_request_is_a_404(get, db, fmt):
    response = get(f"requests/20250101.{fmt}")
    assert response.status_code == 404
    description = errors(response)[0] if fmt == "json" else xml(response).findtext("error/description")
    assert description == "No request with the id “20250101”."


def test_media_url_is_the_posted_url_never_a_link_to_a_private_photo(get, grids, categories):
    posted = report(categories["clutter"], source=Source.OPEN311)
    Submission.objects.create(case=posted, media_url="https://example.org/a.jpg")
    photographed = report(categories["clutter"])
    photos_add(case=photographed, images=[Image.new("RGB", (8, 8)), Image.new("RGB", (8, 8))])
    bodies = {r["service_request_id"]: r["media_url"] for r in get("requests.json").json()}
    assert bodies[posted.number] == "https://example.org/a.jpg"
    assert bodies[photographed.number] is None  # the photo is served to followers and staff only: no link tells it exists


def test_a_house_is_given_as_its_building(get, grids, categories):
    house = svc.case_report(category=categories["clutter"], description="楼道", reporter=None, unit=grids.H1)
    building = svc.case_report(category=categories["clutter"], description="楼道", reporter=None, unit=grids.B1)
    bodies = {r["service_request_id"]: r["address_id"] for r in get("requests.json").json()}
    assert bodies[house.number] == grids.B1.pk and bodies[building.number] == grids.B1.pk


def test_the_list_makes_the_same_number_of_queries_for_more_requests(get, grids, categories, admin, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            case = report(categories["clutter"], **(IN_G1 if i % 2 else IN_G2))
            Submission.objects.create(case=case, media_url="https://example.org/x.jpg")
            if i % 3 == 0:
                closed(case, admin, grids.D1)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert len(numbers(get("requests.json"))) == 1
    grow(30)
    with django_assert_max_num_queries(len(small)):
        assert len(numbers(get("requests.json"))) == 31
    assert len(small) <= 3
