"""What the public read API publishes of a report (issue 13 item 6): a resident's or a caller's typed
address is withheld and their pin rounded to about 100 m; Open311 and machine reports are shown as
posted; no link to a case photo (they are private) is published."""

from PIL import Image

from cases import services as svc
from cases.models import Source
from cases.photos import photos_add
from open311.models import Submission

# a precise pin inside G1 (the grid is 121.22-121.23, 31.02-31.03)
EXACT = {"lat": "31.024563", "lng": "121.226381"}


def _report(categories, source, **kw):
    return svc.case_report(category=categories["clutter"], description="楼道堆物", source=source, address="3号楼402室门口", **EXACT, **kw)


def _bodies(get, fmt="json"):
    return {r["service_request_id"]: r for r in get(f"requests.{fmt}").json()}


def test_a_residents_typed_address_is_not_published_and_the_pin_is_rounded_to_about_100_m(get, grids, categories, personas):
    case = _report(categories, Source.RESIDENT, reporter=personas["resident"])
    body = _bodies(get)[case.number]
    assert body["address"] is None
    assert (body["lat"], body["long"]) == (31.025, 121.226)
    text = get(f"requests/{case.number}.xml").content.decode()
    assert "3号楼402室" not in text and "31.024563" not in text and "121.226381" not in text


def test_hotline_and_patrol_reports_are_withheld_like_a_residents(get, grids, categories):
    hotline, patrol = _report(categories, Source.HOTLINE), _report(categories, Source.PATROL)
    bodies = _bodies(get)
    for case in (hotline, patrol):
        assert (bodies[case.number]["address"], bodies[case.number]["lat"], bodies[case.number]["long"]) == (None, 31.025, 121.226)


def test_open311_and_device_reports_keep_their_address_and_exact_pin(get, grids, categories):
    posted, device = _report(categories, Source.OPEN311), _report(categories, Source.DEVICE)
    bodies = _bodies(get)
    for case in (posted, device):
        assert (bodies[case.number]["address"], bodies[case.number]["lat"], bodies[case.number]["long"]) == ("3号楼402室门口", 31.024563, 121.226381)


def test_the_rounding_is_a_setting(get, grids, categories, settings):
    settings.OPEN311_PIN_DECIMALS = 2
    case = _report(categories, Source.RESIDENT)
    assert (_bodies(get)[case.number]["lat"], _bodies(get)[case.number]["long"]) == (31.02, 121.23)


def test_no_link_tells_that_a_private_photo_exists(get, grids, categories, personas):
    photographed = _report(categories, Source.RESIDENT, reporter=personas["resident"])
    photos_add(case=photographed, images=[Image.new("RGB", (8, 8))])
    posted = _report(categories, Source.OPEN311)
    Submission.objects.create(case=posted, media_url="https://example.org/a.jpg")
    bodies = _bodies(get)
    assert bodies[photographed.number]["media_url"] is None and bodies[posted.number]["media_url"] == "https://example.org/a.jpg"
    for path in ("requests.json", "requests.xml", f"requests/{photographed.number}.json"):
        assert "/cases/photos/" not in get(path).content.decode()
