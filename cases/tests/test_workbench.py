"""The staff workbench: my queue by capability, all cases with filters, bulk dispatch (all or nothing),
the case page with one form per allowed step, the map of open cases and the 12345 ticket form."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from cases import services as svc
from cases.models import Case, HandlerKind, PhotoKind, Source
from cases.queues import cases_my_queue
from cases.services.bulk import cases_dispatch_bulk
from cases.tests.conftest import IN_G1, IN_G2
from core.protect import decrypt
from core.workflow import IllegalTransition


def photo(name="p.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def report(categories, where=IN_G1, cat="clutter", text="楼道堆物"):
    return svc.case_report(category=categories[cat], description=text, reporter=None, **where)


@pytest.fixture
def loop(grids, personas, categories):
    """One case in each state that somebody must act on, all in G1 (district D1)."""
    admin = personas["subdistrict_admin"]
    reported = report(categories, text="新上报")
    accepted = svc.case_accept(case=report(categories, text="待派遣"), by=admin)
    late = svc.case_accept(case=report(categories, text="超期待派遣"), by=admin)
    Case.objects.filter(pk=late.pk).update(due_at=timezone.now() - datetime.timedelta(hours=2))
    to_property = svc.case_dispatch(case=svc.case_accept(case=report(categories, text="派物业"), by=admin), to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
    to_grid = svc.case_dispatch(case=svc.case_accept(case=report(categories, text="派网格"), by=admin), to=grids.G1, handler_kind=HandlerKind.GRID, by=admin)
    to_police = svc.case_dispatch(case=svc.case_accept(case=report(categories, text="派民警"), by=admin), to=grids.D1, handler_kind=HandlerKind.POLICE, by=admin)
    done = svc.case_dispatch(case=svc.case_accept(case=report(categories, text="已处置"), by=admin), to=grids.D1, handler_kind=HandlerKind.PROPERTY, by=admin)
    done = svc.case_complete(case=svc.case_start(case=done, by=personas["property_company"]), by=personas["property_company"])
    far = report(categories, where=IN_G2, text="蓝天")
    return {"reported": reported, "accepted": accepted, "late": late, "property": to_property, "grid": to_grid, "police": to_police, "done": done, "far": far}


def queue(user):
    return [c.pk for c in cases_my_queue(user)]


def test_my_queue_shows_each_role_what_it_must_act_on_now(loop, personas):
    L = {k: v.pk for k, v in loop.items()}
    assert set(queue(personas["secretary"])) == {L["reported"], L["accepted"], L["late"], L["done"]}
    assert set(queue(personas["grid_worker"])) == {L["reported"], L["grid"], L["done"]}
    assert set(queue(personas["property_company"])) == {L["property"]}
    assert set(queue(personas["police"])) == {L["police"]}
    assert queue(personas["social_worker"]) == []  # nothing dispatched to the committee
    assert set(queue(personas["subdistrict_admin"])) == {L["reported"], L["accepted"], L["late"], L["done"], L["far"]}
    assert queue(personas["area_manager"]) == [] and queue(personas["outsider"]) == []


def test_my_queue_puts_overdue_cases_first(loop, personas):
    assert queue(personas["secretary"])[0] == loop["late"].pk


def test_a_department_case_is_in_the_subdistrict_administrators_queue(grids, personas, categories):
    admin = personas["subdistrict_admin"]
    case = svc.case_dispatch(case=svc.case_accept(case=report(categories), by=admin), to=grids.S, handler_kind=HandlerKind.DEPARTMENT, by=admin)
    assert case.pk in queue(admin)
    assert case.pk not in queue(personas["secretary"])


def test_the_workbench_lists_my_queue_with_due_times_and_an_overdue_badge(login, loop, personas):
    page = login(personas["secretary"]).get("/cases/")
    assert page.status_code == 200
    listed = [c.pk for c in page.context["object_list"]]
    assert listed[0] == loop["late"].pk and loop["property"].pk not in listed
    html = page.content.decode()
    assert loop["late"].number in html and 'class="badge-overdue"' in html
    assert f'value="{loop["accepted"].pk}"' in html  # a tick box for a case waiting to be dispatched
    assert f'name="cases" value="{loop["reported"].pk}"' not in html


def test_the_all_cases_tab_filters_by_state_category_and_lateness(login, loop, personas, categories):
    client = login(personas["secretary"])

    def ids(**params):
        return {c.pk for c in client.get("/cases/", {"tab": "all", **params}).context["object_list"]}

    everything = ids()
    assert loop["far"].pk not in everything and loop["reported"].pk in everything
    assert ids(state="accepted") == {loop["accepted"].pk, loop["late"].pk}
    assert ids(overdue="true") == {loop["late"].pk}
    assert ids(q=loop["grid"].number) == {loop["grid"].pk}
    lift = report(categories, cat="lift", text="电梯困人")
    assert ids(category=categories["lift"].pk) == {lift.pk}


def test_outsiders_may_not_open_the_workbench(login, personas):
    assert login(personas["outsider"]).get("/cases/").status_code == 403
    assert login(personas["volunteer"]).get("/cases/").status_code == 403


@pytest.mark.parametrize("tab", ["queue", "all"])
def test_the_workbench_makes_the_same_number_of_queries_for_more_cases(login, grids, personas, categories, tab):
    client = login(personas["secretary"])
    admin = personas["subdistrict_admin"]

    def grow(n):
        for i in range(n):
            case = svc.case_accept(case=report(categories, text=f"堆物{i}"), by=admin)
            if i % 3 == 0:
                svc.case_dispatch(case=case, to=grids.D1, handler_kind=HandlerKind.COMMITTEE, by=admin)

    grow(2)
    client.get(f"/cases/?tab={tab}")
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"/cases/?tab={tab}").status_code == 200
    grow(18)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(f"/cases/?tab={tab}").context["object_list"]) == 20
    assert len(large) == len(small) <= 14, [q["sql"] for q in large]


# ---- bulk dispatch ----


def test_a_secretary_bulk_dispatches_two_cases_to_the_property_company(login, loop, personas, grids, categories):
    other = svc.case_accept(case=report(categories), by=personas["secretary"])
    client = login(personas["secretary"])
    r = client.post("/cases/bulk-dispatch/", {"cases": [loop["accepted"].pk, other.pk], "handling_unit": grids.D1.pk, "handler_kind": "property", "next": "/cases/?tab=all"})
    assert r.status_code == 302 and r["Location"] == "/cases/?tab=all"
    for case in (loop["accepted"], other):
        case.refresh_from_db()
        assert (case.state, case.handling_unit_id, case.handler_kind) == ("dispatched", grids.D1.pk, "property")
        assert case.transitions.filter(action="dispatch", by=personas["secretary"]).exists()
    assert {loop["accepted"].pk, other.pk} <= set(queue(personas["property_company"]))


def test_one_case_that_cannot_be_dispatched_refuses_the_whole_bulk_dispatch_and_names_it(login, loop, personas, grids):
    client = login(personas["secretary"])
    r = client.post("/cases/bulk-dispatch/", {"cases": [loop["accepted"].pk, loop["reported"].pk], "handling_unit": grids.D1.pk, "handler_kind": "property"}, follow=True)
    text = " ".join(str(m) for m in r.context["messages"])
    assert loop["reported"].number in text
    loop["accepted"].refresh_from_db()
    assert loop["accepted"].state == "accepted" and loop["accepted"].handling_unit_id is None


def test_a_case_outside_the_dispatch_scope_dispatches_nothing(login, personas, grids, categories):
    mine = svc.case_accept(case=report(categories), by=personas["secretary"])
    far = svc.case_accept(case=report(categories, where=IN_G2), by=personas["subdistrict_admin"])
    login(personas["secretary"]).post("/cases/bulk-dispatch/", {"cases": [mine.pk, far.pk], "handling_unit": grids.D1.pk, "handler_kind": "property"})
    assert set(Case.objects.filter(pk__in=[mine.pk, far.pk]).values_list("state", flat=True)) == {"accepted"}


def test_only_dispatchers_may_bulk_dispatch(login, loop, personas, grids):
    r = login(personas["property_company"]).post("/cases/bulk-dispatch/", {"cases": [loop["accepted"].pk], "handling_unit": grids.D1.pk, "handler_kind": "property"})
    assert r.status_code == 403


def test_the_second_of_two_dispatchers_of_the_same_case_is_refused(loop, personas, grids):
    cases_dispatch_bulk(case_ids=[loop["accepted"].pk], to=grids.D1, handler_kind="property", by=personas["secretary"])
    with pytest.raises(IllegalTransition, match=loop["accepted"].number):
        cases_dispatch_bulk(case_ids=[loop["accepted"].pk], to=grids.G1, handler_kind="grid", by=personas["subdistrict_admin"])
    loop["accepted"].refresh_from_db()
    assert loop["accepted"].handling_unit_id == grids.D1.pk and loop["accepted"].transitions.filter(action="dispatch").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks (its IMMEDIATE transactions serialise writers)")
def test_bulk_dispatch_locks_the_rows_before_checking_them(loop, personas, grids):
    with CaptureQueriesContext(connection) as q:
        cases_dispatch_bulk(case_ids=[loop["accepted"].pk, loop["late"].pk], to=grids.D1, handler_kind="property", by=personas["secretary"])
    first = next(x["sql"] for x in q if 'FROM "cases_case"' in x["sql"])
    assert "FOR UPDATE" in first and "ORDER BY" in first


# ---- the case page ----


def test_the_case_page_shows_the_timeline_the_masked_caller_and_only_the_steps_allowed_now(login, grids, personas, categories):
    case = svc.case_report(
        category=categories["clutter"], description="来电反映", source=Source.HOTLINE, reporter=None, by=personas["secretary"], unit=grids.D1,
        external_ref="T-1", contact_name="王先生", contact_phone="13912345678", **IN_G1,
    )  # fmt: skip
    page = login(personas["secretary"]).get(f"/cases/{case.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "139****5678" in html and "13912345678" not in html
    assert [name for name, _, _ in page.context["steps"]] == ["accept", "reject"]  # no duplicate nearby: no merge
    assert [t["by"] for t in page.context["timeline"]] == [str(personas["secretary"])]
    assert [name for name, _, _ in login(personas["property_company"]).get(f"/cases/{case.pk}/").context["steps"]] == []


def test_the_reporter_is_masked_on_the_case_page(login, reported, personas):
    page = login(personas["secretary"]).get(f"/cases/{reported.pk}/")
    assert page.context["reporter_masked"] == "居民"  # an account named "resident": no name to mask
    assert page.context["timeline"][0]["by"] == "居民"


def test_a_case_outside_the_scope_is_404_and_a_step_without_the_right_is_403(login, loop, personas):
    assert login(personas["secretary"]).get(f"/cases/{loop['far'].pk}/").status_code == 404
    assert login(personas["secretary"]).post(f"/cases/{loop['far'].pk}/steps/accept/", {}).status_code == 404
    assert login(personas["property_company"]).post(f"/cases/{loop['reported'].pk}/steps/accept/", {"accept-priority": 2}).status_code == 403
    assert login(personas["secretary"]).post(f"/cases/{loop['reported'].pk}/steps/fly/", {}).status_code == 404


def test_a_step_the_state_does_not_allow_says_so_and_changes_nothing(login, loop, personas):
    client = login(personas["secretary"])
    r = client.post(f"/cases/{loop['accepted'].pk}/steps/accept/", {"accept-priority": 4}, follow=True)
    assert [m.level_tag for m in r.context["messages"]] == ["error"]
    loop["accepted"].refresh_from_db()
    assert loop["accepted"].priority == 2 and loop["accepted"].transitions.count() == 2


def test_rejecting_without_a_reason_shows_the_field_error(login, reported, personas):
    r = login(personas["secretary"]).post(f"/cases/{reported.pk}/steps/reject/", {"reject-reason": " "})
    assert r.status_code == 400
    form = dict((n, f) for n, _, f in r.context["steps"])["reject"]
    assert form.errors["reason"]
    reported.refresh_from_db()
    assert reported.state == "reported"


def test_registering_with_a_priority_then_dispatching_from_the_case_page(login, reported, personas, grids):
    client = login(personas["secretary"])
    assert client.post(f"/cases/{reported.pk}/steps/accept/", {"accept-priority": 3, "accept-note": "尽快"}).status_code == 302
    r = client.post(f"/cases/{reported.pk}/steps/dispatch/", {"dispatch-handling_unit": grids.D1.pk, "dispatch-handler_kind": "property"})
    assert r.status_code == 302
    reported.refresh_from_db()
    assert (reported.priority, reported.state, reported.handling_unit_id) == (3, "dispatched", grids.D1.pk)


def test_dispatching_to_a_unit_outside_the_choices_is_a_field_error(login, reported, personas, grids):
    from core.testing import make_tree

    other = make_tree(prefix="X")
    client = login(personas["secretary"])
    client.post(f"/cases/{reported.pk}/steps/accept/", {"accept-priority": 2})
    r = client.post(f"/cases/{reported.pk}/steps/dispatch/", {"dispatch-handling_unit": other.D1.pk, "dispatch-handler_kind": "property"})
    assert r.status_code == 400
    reported.refresh_from_db()
    assert reported.state == "accepted"


def test_the_property_company_starts_and_completes_with_evidence_photos_and_the_grid_worker_verifies(login, loop, personas):
    case = loop["property"]
    prop = login(personas["property_company"])
    assert [n for n, _, _ in prop.get(f"/cases/{case.pk}/").context["steps"]] == ["start", "request_extension"]
    assert prop.post(f"/cases/{case.pk}/steps/start/", {"start-note": "已到场"}).status_code == 302
    r = prop.post(f"/cases/{case.pk}/steps/complete/", {"complete-note": "已清理", "complete-photos": [photo("a.jpg"), photo("b.jpg")]})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == "completed" and case.photos.filter(kind=PhotoKind.EVIDENCE).count() == 2
    gw = login(personas["grid_worker"])
    assert gw.post(f"/cases/{case.pk}/steps/verify/", {"verify-passed": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "closed"


def test_a_bad_evidence_photo_keeps_the_case_in_progress(login, loop, personas):
    case = svc.case_start(case=loop["property"], by=personas["property_company"])
    bad = SimpleUploadedFile("x.jpg", b"not a photo", content_type="image/jpeg")
    r = login(personas["property_company"]).post(f"/cases/{case.pk}/steps/complete/", {"complete-photos": [bad]})
    assert r.status_code == 400
    case.refresh_from_db()
    assert case.state == "in_progress" and case.photos.count() == 0


def test_failing_the_check_needs_a_note_and_sends_the_case_back(login, loop, personas):
    client = login(personas["grid_worker"])
    case = loop["done"]
    assert client.post(f"/cases/{case.pk}/steps/verify/", {"verify-passed": "0"}).status_code == 400
    case.refresh_from_db()
    assert case.state == "completed"
    client.post(f"/cases/{case.pk}/steps/verify/", {"verify-passed": "0", "verify-note": "还有纸箱"})
    case.refresh_from_db()
    assert case.state == "in_progress"


def test_merging_a_duplicate_into_a_nearby_open_case(login, reported, personas, categories):
    dup = svc.case_report(category=categories["clutter"], description="又有人报", reporter=None, **IN_G1)
    client = login(personas["secretary"])
    steps = dict((n, f) for n, _, f in client.get(f"/cases/{dup.pk}/").context["steps"])
    assert list(steps["merge"].fields["into"].queryset) == [reported]
    client.post(f"/cases/{dup.pk}/steps/merge/", {"merge-into": reported.pk})
    dup.refresh_from_db()
    assert dup.state == "merged" and dup.merged_into_id == reported.pk


def test_an_area_manager_supervises_an_open_case(login, loop, personas):
    case = loop["accepted"]
    client = login(personas["area_manager"])
    assert [n for n, _, _ in client.get(f"/cases/{case.pk}/").context["steps"]] == ["supervise"]
    client.post(f"/cases/{case.pk}/steps/supervise/", {"supervise-note": "请加快"})
    case.refresh_from_db()
    assert case.supervision_count == 1 and case.state == "accepted"


# ---- map ----


def test_the_map_geojson_has_the_open_cases_in_scope_coloured_by_state(login, loop, personas):
    client = login(personas["secretary"])
    assert client.get("/cases/map/").status_code == 200
    data = client.get("/cases/map/cases.geojson").json()
    by_id = {f["properties"]["id"]: f["properties"] for f in data["features"]}
    assert loop["far"].pk not in by_id and loop["reported"].pk in by_id
    assert by_id[loop["late"].pk]["overdue"] is True and by_id[loop["property"].pk]["state"] == "dispatched"
    only = client.get("/cases/map/cases.geojson", {"state": "accepted"}).json()["features"]
    assert {f["properties"]["id"] for f in only} == {loop["accepted"].pk, loop["late"].pk}


def test_closed_cases_are_not_on_the_map(login, loop, personas):
    svc.case_verify(case=loop["done"], by=personas["grid_worker"], passed=True)
    ids = {f["properties"]["id"] for f in login(personas["secretary"]).get("/cases/map/cases.geojson").json()["features"]}
    assert loop["done"].pk not in ids


def test_the_map_geojson_makes_the_same_number_of_queries_for_more_cases(login, grids, personas, categories):
    client = login(personas["secretary"])
    report(categories)
    client.get("/cases/map/cases.geojson")
    with CaptureQueriesContext(connection) as small:
        client.get("/cases/map/cases.geojson")
    for i in range(10):
        report(categories, text=str(i))
    with CaptureQueriesContext(connection) as large:
        assert len(client.get("/cases/map/cases.geojson").json()["features"]) == 11
    assert len(large) == len(small)


# ---- 12345 ticket ----


def ticket(grids, categories, **kw):
    return {"external_ref": "12345-0001", "contact_name": "王先生", "contact_phone": "13912345678", "category": categories["clutter"].pk,
            "description": "来电反映楼道堆物", "unit": grids.B1.pk, "priority": 2, **kw}  # fmt: skip


def test_a_hotline_ticket_becomes_a_case_with_the_caller_encrypted_and_masked(login, grids, personas, categories):
    r = login(personas["secretary"]).post("/cases/hotline/", ticket(grids, categories))
    case = Case.objects.get(external_ref="12345-0001")
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert (case.source, case.reporter_id, case.unit_id, case.contact_name) == ("hotline", None, grids.B1.pk, "王先生")
    assert case.contact_phone_masked == "139****5678" and decrypt(case.contact_phone_enc) == "13912345678"
    assert case.transitions.get().by == personas["secretary"]


def test_a_hotline_ticket_with_a_pin_finds_its_grid(login, grids, personas, categories):
    login(personas["secretary"]).post("/cases/hotline/", ticket(grids, categories, unit="", **IN_G1))
    assert Case.objects.get(external_ref="12345-0001").grid_id == grids.G1.pk


def test_the_same_ticket_twice_bad_mobiles_and_places_outside_my_area_are_refused(login, grids, personas, categories):
    client = login(personas["secretary"])
    client.post("/cases/hotline/", ticket(grids, categories))
    assert client.post("/cases/hotline/", ticket(grids, categories)).context["form"].errors["external_ref"]
    assert client.post("/cases/hotline/", ticket(grids, categories, external_ref="2", contact_phone="12345")).context["form"].errors["contact_phone"]
    assert client.post("/cases/hotline/", ticket(grids, categories, external_ref="3", unit=grids.B2.pk)).context["form"].errors["unit"]
    r = client.post("/cases/hotline/", ticket(grids, categories, external_ref="4", unit="", **IN_G2))
    assert r.status_code == 200 and r.context["form"].errors
    assert client.post("/cases/hotline/", ticket(grids, categories, external_ref="5", unit="")).context["form"].non_field_errors()
    assert Case.objects.count() == 1


def test_only_staff_who_register_cases_key_in_hotline_tickets(login, personas):
    assert login(personas["property_company"]).get("/cases/hotline/").status_code == 403
    assert login(personas["secretary"]).get("/cases/hotline/").status_code == 200


def test_the_priority_filter_offers_any_priority_and_filters(login, loop, personas):
    client = login(personas["secretary"])
    page = client.get("/cases/", {"tab": "all"})
    assert page.context["filter"].form.fields["priority"].choices[0][0] == ""
    svc.case_supervise(case=loop["accepted"], by=personas["subdistrict_admin"])
    Case.objects.filter(pk=loop["accepted"].pk).update(priority=4)
    assert [c.pk for c in client.get("/cases/", {"tab": "all", "priority": 4}).context["object_list"]] == [loop["accepted"].pk]


def test_the_case_page_shows_photo_thumbnails_linked_to_the_full_photo(login, grids, personas, categories):
    from cases.photos import photos_checked

    case = svc.case_report(category=categories["clutter"], description="有照片", reporter=None, photos=photos_checked([photo()]), **IN_G1)
    p = case.photos.get()
    html = login(personas["secretary"]).get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/photos/{p.pk}/"' in html and f'src="/cases/photos/{p.pk}/thumb/"' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections with row locks")
@pytest.mark.django_db(transaction=True)
def test_two_people_bulk_dispatching_the_same_cases_at_once_dispatch_each_case_once(tree, personas, categories):
    import threading

    from django.db import connections

    from cases.models import CaseTransition
    from org.models import Unit

    Unit.objects.filter(pk=tree.G2.pk).update(boundary={"type": "Polygon", "coordinates": [[[121.23, 31.02], [121.24, 31.02], [121.24, 31.03], [121.23, 31.03], [121.23, 31.02]]]})
    admin = personas["subdistrict_admin"]
    ids = [svc.case_accept(case=report(categories, text=f"并发{i}"), by=admin).pk for i in range(5)]
    start, results = threading.Barrier(2), []

    def dispatcher(user, to, kind):
        try:
            start.wait()
            cases_dispatch_bulk(case_ids=ids, to=to, handler_kind=kind, by=user)
            results.append("ok")
        except IllegalTransition:
            results.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatcher, args=a) for a in ((personas["secretary"], tree.D1, "property"), (admin, tree.G1, "grid"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert CaseTransition.objects.filter(case_id__in=ids, action="dispatch").count() == 5
    assert len(set(Case.objects.filter(pk__in=ids).values_list("handling_unit", "handler_kind"))) == 1
