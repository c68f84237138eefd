"""The patrol form after an error (issue 15 item 6): the errors at the top and beside the field, what was entered
kept, the photos kept server-side for their sender only (shown as 已保留), and the building fallback working while
the pin outside the grid is still filled in."""

import datetime

import pytest
from django.core.files.storage import InMemoryStorage
from django.utils import timezone

from cases import pending
from cases.models import Case, PhotoKind
from cases.tests.conftest import IN_G2
from cases.tests.test_patrol import found, photo


@pytest.fixture(autouse=True)
def own_storage(monkeypatch):
    """Kept photos in this test's own storage (the in-memory default one lives as long as the process)."""
    monkeypatch.setattr(pending, "default_storage", InMemoryStorage())


def outside(client, categories, **kw):
    return client.post("/cases/patrol/", found(categories, photos=[photo()], description="外面的堆物", **IN_G2, **kw))


def test_a_pin_outside_my_grids_comes_back_with_the_error_on_top_the_entries_and_the_photo_kept(login, grids, personas, categories):
    client = login(personas["grid_worker"])
    r = outside(client, categories)
    html = r.content.decode()
    assert r.status_code == 200 and Case.objects.count() == 0
    assert r.context["form"].errors["lat"] and r.context["outside"]
    assert html.index('id="form-errors"') < html.index('name="category"'), "the summary comes before the fields"
    assert 'href="#id_lat"' in html and 'id="id_lat_error"' in html
    assert "外面的堆物" in html and 'value="1号楼北侧"' in html and f'value="{IN_G2["lat"]}"' in html
    [token] = r.context["kept_photos"]
    assert f'name="kept_photos" value="{token}" checked' in html and "已保留" in html
    assert 'id="fallback"' in html
    thumb = client.get(f"/cases/patrol/kept/{token}.jpg")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"


def test_the_kept_photo_is_its_senders_only(login, grids, personas, categories):
    token = outside(login(personas["grid_worker"]), categories).context["kept_photos"][0]
    other = login(personas["secretary"])
    assert other.get(f"/cases/patrol/kept/{token}.jpg").status_code == 404
    assert pending.kept(personas["secretary"], [token]) == []
    assert other.get("/cases/patrol/kept/../../x.jpg").status_code == 404


def test_choosing_my_grid_sends_the_report_with_the_kept_photo_and_the_pin_left_in_place(login, grids, personas, categories):
    client = login(personas["grid_worker"])
    token = outside(client, categories).context["kept_photos"][0]
    r = client.post("/cases/patrol/", found(categories, kept_photos=[token], unit=grids.G1.pk, **IN_G2))  # the pin is still there
    assert r.status_code == 302
    case = Case.objects.get()
    assert (case.unit_id, case.lat, case.state) == (grids.G1.pk, None, "accepted")
    assert case.photos.filter(kind=PhotoKind.REPORT).count() == 1
    assert pending.kept(personas["grid_worker"], [token]) == [], "the kept photo moved onto the case"


def test_a_building_is_the_fallback_too_and_an_unticked_photo_is_left_out(login, grids, personas, categories):
    client = login(personas["grid_worker"])
    token = outside(client, categories).context["kept_photos"][0]
    r = client.post("/cases/patrol/", found(categories, unit=grids.B1.pk, **IN_G2))  # kept photo unticked
    assert r.status_code == 302
    case = Case.objects.get()
    assert case.unit_id == grids.B1.pk and case.photos.count() == 0
    assert pending.kept(personas["grid_worker"], [token]) == [token], "left for the hourly purge"


def test_a_missing_field_keeps_the_photo_and_the_pin(login, grids, personas, categories):
    client = login(personas["grid_worker"])
    r = client.post("/cases/patrol/", found(categories, photos=[photo()], description=""))
    assert r.context["form"].errors["description"] and len(r.context["kept_photos"]) == 1
    assert not r.context["outside"]
    r = client.post("/cases/patrol/", found(categories, kept_photos=r.context["kept_photos"]))
    assert r.status_code == 302 and Case.objects.get().photos.count() == 1


def test_kept_photos_older_than_a_day_are_purged(login, grids, personas, categories):
    gw = personas["grid_worker"]
    token = outside(login(gw), categories).context["kept_photos"][0]
    assert pending.purge(timezone.now()) == 0
    assert pending.purge(timezone.now() + datetime.timedelta(days=2)) == 2  # the photo and its thumbnail
    assert pending.kept(gw, [token]) == [] and not pending.default_storage.exists(f"pending/{gw.pk}/{token}.jpg")
