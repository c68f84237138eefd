"""社区达人 pages: the library (filters, counts, scope), a talent's page (masked phone, audited full view,
review steps), entry and editing, the review queue, a resident's application, the public listing, the
resource types page; query counts stay constant as talents grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditLog
from resources.models import ResourceType, ServiceRecord, Talent, TalentState
from resources.services import talents as svc
from resources.services.propose import match_propose
from resources.tests.builders import D2_AT, make_need, make_talent, types
from resources.tests.builders.talents import grow_talents

T = TalentState
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def qian(tree, personas):
    return svc.talent_create(
        by=personas["secretary"], name="钱书法", phone="13812345678", unit=tree.H1,
        skills=[(types("shuhua")[0], 3, "市书协会员")], availability={"2": [["14:00", "17:00"]]}, public_consent=True,
    )  # fmt: skip


def test_the_library_lists_and_filters_talents_in_scope_with_counts(login, tree, personas, qian):
    make_talent(tree.H1, name="赵舞蹈", skills=("dance",), public_consent=False)
    make_talent(tree.H1, name="吴待审", skills=("shuhua",), state=T.APPLIED)
    make_talent(tree.H2, name="孙蓝天", skills=("shuhua",), at=D2_AT)
    sw = login(personas["social_worker"])
    page = sw.get("/resources/talents/").content.decode()
    assert "钱书法" in page and "赵舞蹈" in page and "吴待审" in page and "孙蓝天" not in page
    assert 'data-state="applied" data-count="1"' in page and 'data-state="active" data-count="2"' in page
    assert "138****5678" in page and "13812345678" not in page

    def names(**params):
        html = sw.get("/resources/talents/", params).content.decode()
        return {n for n in ("钱书法", "赵舞蹈", "吴待审") if f">{n}</a>" in html}

    assert names(type="shuhua") == {"钱书法", "吴待审"}
    assert names(type="shuhua", level=3) == {"钱书法"}
    assert names(state="applied") == {"吴待审"}
    assert names(public="no") == {"赵舞蹈"}
    assert names(q="舞") == {"赵舞蹈"}
    assert names(district=tree.D1.pk) == {"钱书法", "赵舞蹈", "吴待审"}


def test_pages_answer_404_outside_the_scope_and_403_without_the_right(login, tree, personas, qian):
    far = make_talent(tree.H2, name="孙蓝天", at=D2_AT)
    sw = login(personas["social_worker"])
    assert sw.get(f"/resources/talents/{far.pk}/").status_code == 404
    assert sw.get(f"/resources/talents/{far.pk}/edit/").status_code == 404
    grid = login(personas["grid_worker"])
    assert grid.get(f"/resources/talents/{qian.pk}/").status_code == 200
    assert grid.get(f"/resources/talents/{qian.pk}/edit/").status_code == 403
    assert grid.post(f"/resources/talents/{qian.pk}/steps/retire/", {"retire-note": ""}).status_code == 403
    assert grid.get("/resources/talents/new/").status_code == 403
    assert grid.get("/resources/talents/review/").status_code == 403
    resident = login(personas["resident"])
    assert resident.get("/resources/talents/").status_code == 403
    assert resident.get(f"/resources/talents/{qian.pk}/").status_code == 404


def test_the_phone_is_masked_and_its_full_view_needs_the_right_and_is_recorded(login, personas, qian):
    sw = login(personas["social_worker"])  # a social worker may not see personal data in full
    page = sw.get(f"/resources/talents/{qian.pk}/").content.decode()
    assert "138****5678" in page and 'id="reveal-phone"' not in page
    assert sw.post(f"/resources/talents/{qian.pk}/reveal/").status_code == 403
    sec = login(personas["secretary"])
    assert 'id="reveal-phone"' in sec.get(f"/resources/talents/{qian.pk}/").content.decode()
    assert "13812345678" in sec.post(f"/resources/talents/{qian.pk}/reveal/").content.decode()
    assert AuditLog.objects.filter(action="view_pii", username="secretary", object_id=str(qian.pk)).count() == 1
    assert AuditLog.objects.get(action="view_pii", object_id=str(qian.pk)).object_repr == f"#{qian.pk}"  # not the talent's name (audit.personal)


def test_a_talents_page_shows_skills_the_week_and_the_review_history(login, personas, qian):
    page = login(personas["social_worker"]).get(f"/resources/talents/{qian.pk}/", **EN).content.decode()
    assert "Calligraphy and painting" in page and "市书协会员" in page
    assert "Wednesday" in page and "14:00–17:00" in page
    assert 'data-action="create"' in page and 'id="step-retire"' in page and "白云居民区" in page


def test_a_talents_page_lists_their_matches_and_service_records(login, tree, personas, qian):
    need = make_need(tree.D1, title="老年书法班")
    match = match_propose(need=need, resource=qian.resource, user=personas["secretary"], score=0.8125, reasons=[])
    ServiceRecord.objects.create(match=match, unit_path=need.unit_path, served_on=datetime.date(2025, 5, 6), people_served=12, requester_rating=5)
    page = login(personas["social_worker"]).get(f"/resources/talents/{qian.pk}/", **EN).content.decode()
    assert f'data-match="{match.pk}"' in page and "老年书法班" in page and "0.81" in page
    assert "2025-05-06" in page and "12 people served" in page


def week_post(**extra):
    body = {
        "name": "李修理", "phone": "13900003333", "unit": "", "reach_m": "1500", "group_size": "10", "sessions_per_period": "4",
        "skills-TOTAL_FORMS": "3", "skills-INITIAL_FORMS": "0", "skills-MIN_NUM_FORMS": "0", "skills-MAX_NUM_FORMS": "20",
        "skills-0-type": str(types("repair")[0].pk), "skills-0-level": "3", "skills-0-note": "电工证",
        "skills-1-type": "", "skills-1-level": "2", "skills-2-type": "", "skills-2-level": "2",
        "day_0": "on", "from_0": "09:00", "to_0": "11:00", "day_5": "on", "from_5": "14:00", "to_5": "16:00", "from2_5": "18:00", "to2_5": "20:00",
    }  # fmt: skip
    return {**body, **extra}


def test_staff_add_a_talent_with_skill_rows_and_day_checkboxes(login, tree, personas):
    sw = login(personas["social_worker"])
    assert sw.get("/resources/talents/new/").status_code == 200
    r = sw.post("/resources/talents/new/", week_post(unit=str(tree.G1.pk)))
    assert r.status_code == 302
    t = Talent.objects.get(name="李修理")
    assert t.availability == {"0": [["09:00", "11:00"]], "5": [["14:00", "16:00"], ["18:00", "20:00"]]}
    assert [(s.type.code, s.level, s.note) for s in t.skills.all()] == [("repair", 3, "电工证")]
    assert (t.reach_m, t.group_size, t.sessions_per_period, t.state) == (1500, 10, 4, T.ACTIVE)


def test_bad_entry_shows_the_form_again_with_messages_and_writes_nothing(login, tree, personas):
    sw = login(personas["social_worker"])
    r = sw.post("/resources/talents/new/", week_post(unit=str(tree.G1.pk), **{"skills-0-type": "", "day_1": "on", "from_0": "12:00"}), **EN)
    assert r.status_code == 400
    html = r.content.decode()
    assert "Give the times for Tuesday, or untick it." in html
    assert "A period must end after it starts" in html
    r = sw.post("/resources/talents/new/", week_post(unit=str(tree.G1.pk), **{"skills-0-type": ""}), **EN)
    assert r.status_code == 400 and "Give at least one skill." in r.content.decode()
    r = sw.post("/resources/talents/new/", week_post(unit=str(tree.G2.pk)), **EN)  # not where she looks after
    assert r.status_code == 400 and "Select a valid choice" in r.content.decode()
    assert not Talent.objects.exists()


def test_staff_edit_a_talent_and_link_a_resident(login, tree, personas, people, qian):
    sec = login(personas["secretary"])
    page = sec.get(f"/resources/talents/{qian.pk}/edit/").content.decode()
    assert 'value="14:00"' in page and 'name="day_2"' in page
    found = sec.get("/resources/talents/residents/", {"q": "张三丰"}).content.decode()
    assert f'data-resident-id="{people["zsf"].pk}"' in found
    body = week_post(resident=str(people["zsf"].pk), **{"skills-TOTAL_FORMS": "1"})
    assert sec.post(f"/resources/talents/{qian.pk}/edit/", body).status_code == 302
    qian.refresh_from_db()
    assert (qian.name, qian.resident, qian.phone_masked) == ("张三丰", people["zsf"], "139****3333")
    assert [s.type.code for s in qian.skills.all()] == ["repair"]


def test_the_review_queue_approves_and_refuses_a_rejection_without_a_reason(login, tree, personas):
    a = svc.talent_apply(user=personas["outsider"], name="周师傅", phone="13900002222", unit=tree.D1, skills=[(types("repair")[0], 3, "")])
    b = svc.talent_apply(user=personas["volunteer"], name="郑阿姨", phone="13900004444", unit=tree.D1, skills=[(types("cooking")[0], 2, "")])
    sw = login(personas["social_worker"])
    queue = sw.get("/resources/talents/review/").content.decode()
    assert f'id="application-{a.pk}"' in queue and f'id="application-{b.pk}"' in queue
    r = sw.post(f"/resources/talents/{a.pk}/steps/approve/", {"approve-note": "", "from": "review", "next": "/resources/talents/review/"})
    assert r.status_code == 302 and r["Location"] == "/resources/talents/review/"
    r = sw.post(f"/resources/talents/{b.pk}/steps/reject/", {"reject-note": "", "from": "review", "next": "/resources/talents/review/"})
    assert r.status_code == 400 and f'id="application-{b.pk}"' in r.content.decode()
    r = sw.post(f"/resources/talents/{b.pk}/steps/reject/", {"reject-note": "暂不需要", "next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == f"/resources/talents/{b.pk}/"
    assert dict(Talent.objects.values_list("pk", "state")) == {a.pk: T.ACTIVE, b.pk: T.REJECTED}
    assert sw.post(f"/resources/talents/{a.pk}/steps/approve/", {"approve-note": ""}).status_code == 302  # illegal now: a message
    assert sw.post(f"/resources/talents/{a.pk}/steps/nonsense/", {}).status_code == 404


def test_a_resident_applies_sees_where_it_stands_and_the_public_listing_masks_names(login, tree, personas, qian):
    resident = login(personas["resident"])
    form = resident.get("/resources/talents/apply/").content.decode()
    assert 'name="skills"' in form and 'name="district"' in form
    body = {
        "name": "王大爷",
        "phone": "13700001111",
        "district": tree.D1.pk,
        "skills": [types("quyi")[0].pk],
        "level": "3",
        "days": ["1", "3"],
        "times": ["morning"],
        "public_consent": "on",
    }
    assert resident.post("/resources/talents/apply/", body).status_code == 302
    t = Talent.objects.get(name="王大爷")
    assert (t.state, t.user, t.availability) == (T.APPLIED, personas["resident"], {"1": [["09:00", "11:30"]], "3": [["09:00", "11:30"]]})
    status = resident.get("/resources/talents/apply/").content.decode()
    assert 'data-state="applied"' in status and 'id="apply-form"' not in status
    public = resident.get("/resources/talents/public/").content.decode()
    assert "钱*" in public and "钱书法" not in public and "138****" not in public and "王大" not in public
    svc.talent_approve(talent=t, by=personas["social_worker"])
    public = resident.get("/resources/talents/public/", {"type": "quyi"}).content.decode()
    assert "王*" in public and "钱*" not in public


def test_an_application_with_days_but_no_time_of_day_is_refused(login, tree, personas):
    r = login(personas["outsider"]).post(
        "/resources/talents/apply/",
        {"name": "王大爷", "phone": "13700001111", "district": tree.D1.pk, "skills": [types("quyi")[0].pk], "level": "2", "days": ["1"]},
        **EN,
    )
    assert r.status_code == 400 and "Choose the time of day as well." in r.content.decode()
    assert not Talent.objects.exists()


def test_the_types_page_lists_all_kinds_and_only_the_subdistrict_changes_them(login, personas):
    sw = login(personas["social_worker"])
    page = sw.get("/resources/talents/types/").content.decode()
    assert 'id="type-shuhua"' in page and 'id="type-meeting"' in page and 'id="type-elderly"' in page and 'id="type-create"' not in page
    assert sw.post("/resources/talents/types/", {"kind": "talent", "code": "tea", "name": "茶艺", "group": "arts", "sort": 5}).status_code == 403
    assert login(personas["resident"]).get("/resources/talents/types/").status_code == 403
    admin = login(personas["subdistrict_admin"])
    assert 'id="type-create"' in admin.get("/resources/talents/types/").content.decode()
    assert admin.post("/resources/talents/types/", {"kind": "talent", "code": "tea", "name": "茶艺", "group": "arts", "sort": 5}).status_code == 302
    tea = ResourceType.objects.get(code="tea")
    assert admin.post("/resources/talents/types/", {"kind": "talent", "code": "tea", "name": "茶", "group": "arts", "sort": 5}).status_code == 400
    assert admin.post(f"/resources/talents/types/{tea.pk}/", {"name": "茶艺表演", "group": "arts", "sort": 5}).status_code == 302
    tea.refresh_from_db()
    assert (tea.name, tea.is_active) == ("茶艺表演", False)


STAFF_LISTS = [
    "/resources/talents/",
    "/resources/talents/?type=shuhua&level=1",
    "/resources/talents/review/",
    "/resources/talents/public/",
    "/resources/talents/types/",
]


@pytest.mark.parametrize("url", STAFF_LISTS)
def test_talent_pages_make_the_same_number_of_queries_for_more_talents(login, tree, personas, url):
    client = login(personas["subdistrict_admin"])
    grow_talents(tree, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_talents(tree, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    assert len(large) <= 14
