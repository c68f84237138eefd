"""Issue 13 items 1-2: a masked number with the fields beside it must not give the full number away, and
exact-number search needs the right to view personal data and is audited."""

import datetime
import re

import pytest
from django.utils import translation

from audit.models import AuditLog
from core.protect import mask_id_number
from people.filtersets import ResidentFilterSet
from people.models import Resident

ZSF_ID = "11010519491231002X"


def candidates(masked: str, birth_year: int | None = None) -> int:
    """How many valid ID numbers fit what a viewer without view_pii sees: the mask and the birth year (the region
    narrowed to the province the first digit shows is still more than a thousand codes; counted as one here)."""
    hidden = masked.count("*")
    visible_birth = masked[6:14] if "*" not in masked[6:14] else None
    days = 1 if visible_birth else (366 if birth_year else 365 * 100)
    sequence_unknown = sum(1 for i in range(14, 17) if masked[i] == "*")
    check_unknown = masked[17] == "*"
    return days * 10**sequence_unknown * (11 if check_unknown else 1) // (1 if check_unknown else 11) if hidden else 1


def test_the_id_mask_with_the_birth_year_leaves_thousands_of_candidates():
    masked = mask_id_number(ZSF_ID)
    assert masked == "1****************X" and len(masked) == 18
    assert candidates(masked, birth_year=1949) > 10_000
    # the former mask (first 3, last 4) with the birth date beside it left only positions 4-6: the address names them
    assert candidates("110***********002X", birth_year=None) >= 1 and "110***********002X"[14:] == ZSF_ID[14:]


def test_without_view_pii_the_resident_api_gives_the_age_not_the_birth_date(api, personas, people):
    zsf = people["zsf"]
    for who in ("social_worker", "area_manager"):
        body = api(personas[who]).get(f"/api/residents/{zsf.pk}/").json()
        assert "birth_date" not in body and body["age"] == zsf.age and body["id_number_masked"] == "1****************X", who
        rows = api(personas[who]).get("/api/residents/").json()["results"]
        assert rows and all("birth_date" not in r and "age" in r for r in rows)
    body = api(personas["secretary"]).get(f"/api/residents/{zsf.pk}/").json()
    assert body["birth_date"] == "1949-12-31"


def test_without_view_pii_the_resident_pages_show_the_age_not_the_birth_date(login, personas, people):
    zsf = people["zsf"]
    c = login(personas["social_worker"])
    for url in ("/people/", f"/people/residents/{zsf.pk}/"):
        body = c.get(url).content.decode()
        assert "1949-12-31" not in body and "1****************X" in body and "110***" not in body, url
    assert "1949-12-31" in login(personas["secretary"]).get(f"/people/residents/{zsf.pk}/").content.decode()


def test_born_before_filters_by_the_year_only_without_view_pii(api, personas, people):
    # 王芳 was born on 1952-03-04: probing "born before 1952-03-04 / 1952-03-05" would pin the date down
    names = lambda who, d: {r["name"] for r in api(personas[who]).get("/api/residents/", {"born_before": d}).json()["results"]}  # noqa: E731
    for day in ("1952-03-05", "1952-12-31"):  # within the birth year the answer is the same whatever the day
        assert "王芳" not in names("social_worker", day), day
    assert "王芳" in names("social_worker", "1953-01-01")
    assert "王芳" in names("secretary", "1952-03-05") and "王芳" not in names("secretary", "1952-03-04")


@pytest.mark.parametrize("q", [ZSF_ID, ZSF_ID.lower(), "13812341234", "+86 138 1234 1234", "138-1234-1234"])
def test_exact_number_search_without_view_pii_is_refused_in_the_api_with_a_message(api, personas, people, q):
    with translation.override("zh-hans"):
        r = api(personas["social_worker"]).get("/api/residents/", {"q": q}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and "张三丰" not in r.content.decode()
    assert "个人信息" in str(r.json()["q"])
    assert not AuditLog.objects.filter(action="view_pii").exists()


def test_exact_number_search_without_view_pii_says_so_on_the_page(login, personas, people):
    body = login(personas["social_worker"]).get("/people/", {"q": "13812341234"}).content.decode()
    assert f"/people/residents/{people['zsf'].pk}/" not in body and "须有查看个人信息的权限" in body


def test_exact_number_search_with_view_pii_finds_and_is_audited_without_the_number(api, personas, people):
    rows = api(personas["secretary"]).get("/api/residents/", {"q": ZSF_ID}).json()["results"]
    assert [r["name"] for r in rows] == ["张三丰"]
    rec = AuditLog.objects.get(action="view_pii", username="secretary")
    assert rec.changes == {"search": "id_number", "found": [people["zsf"].pk]}
    assert ZSF_ID not in repr(rec.changes) + rec.object_repr + rec.path


def test_exact_number_search_finds_only_where_the_user_may_see_personal_data(personas, people):
    # the secretary holds view_pii in her district only: 李四 (another district) is not found even if in view scope
    qs = Resident.objects.all()
    assert not ResidentFilterSet({"q": "13900001111"}, queryset=qs, user=personas["secretary"]).qs.exists()
    assert ResidentFilterSet({"q": "13812341234"}, queryset=qs, user=personas["secretary"]).qs.get() == people["zsf"]
    assert ResidentFilterSet({"q": "+86 138 1234 1234"}, queryset=qs, user=personas["secretary"]).qs.get() == people["zsf"]  # one normaliser


def test_a_filterset_without_a_user_never_searches_by_number(people):
    assert not ResidentFilterSet({"q": ZSF_ID}, queryset=Resident.objects.all()).qs.exists()


def test_stored_masks_are_first_and_last_character_only(people):
    assert all(re.fullmatch(r".\*{16}.", m) for m in Resident.objects.values_list("id_number_masked", flat=True))
    assert people["zsf"].age_on(datetime.date(2026, 12, 7)) == 76
