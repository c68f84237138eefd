"""The stations' four committees: members linked to residents or accounts, through pages and the API,
and the data migration of the former JSON member lists (issue 13 item 22)."""

import importlib

import pytest
from django.apps import apps as real_apps

from doorstep.models import Committee, CommitteeMember
from doorstep.services.committees import committee_get_or_create, committee_member_add
from doorstep.tests.builders.bookings import make_station

MIGRATION = importlib.import_module("doorstep.migrations.0005_committee_members_linked_to_people")


@pytest.fixture
def station(tree):
    return make_station(tree.D1)


def test_staff_add_a_resident_and_an_account_to_a_committee_on_the_page(login, personas, people, station):
    c = login(personas["secretary"])
    url = f"/services/stations/{station.pk}/committees/"
    assert c.get(url).status_code == 200
    assert c.post(url, {"kind": "safety", "role": "chair", "person": "张三丰"}).status_code == 302
    assert c.post(url, {"kind": "safety", "role": "member", "person": "social_worker", "name": "社工小李"}).status_code == 302
    chair, member = CommitteeMember.objects.order_by("rank")
    assert chair.resident == people["zsf"] and chair.name == "张三丰" and chair.committee.kind == "safety"
    assert member.user == personas["social_worker"] and member.name == "社工小李"
    page = c.get(f"/services/stations/{station.pk}/").content.decode()
    assert "张三丰" in page and "社工小李" in page
    from audit.models import AuditLog

    assert AuditLog.objects.filter(object_type="services.committeemember", action="create").count() == 2


def test_a_person_from_elsewhere_or_twice_is_refused(login, personas, people, station):
    c = login(personas["secretary"])
    url = f"/services/stations/{station.pk}/committees/"
    assert c.post(url, {"kind": "safety", "role": "member", "person": "李四"}).status_code == 200  # lives in D2
    c.post(url, {"kind": "party", "role": "member", "person": f"#{people['zsf'].pk}"})
    r = c.post(url, {"kind": "party", "role": "chair", "person": f"#{people['zsf'].pk}"})
    assert r.status_code == 200 and CommitteeMember.objects.count() == 1


def test_members_are_changed_and_removed_by_staff_with_the_right(login, personas, people, station):
    member = committee_member_add(committee=committee_get_or_create(place=station, kind="service"), role="member", resident=people["zsf"])
    url = f"/services/stations/committee-members/{member.pk}/"
    assert login(personas["area_manager"]).get(url).status_code == 403
    c = login(personas["secretary"])
    assert c.post(url, {"role": "vice_chair", "person": f"#{people['wife'].pk}", "name": ""}).status_code == 302
    member.refresh_from_db()
    assert member.role == "vice_chair" and member.resident == people["wife"] and member.name == "王芳"
    assert c.post(url, {"remove": "1"}).status_code == 302 and not CommitteeMember.objects.exists()


def test_committee_members_through_the_api(api, personas, people, station):
    c = api(personas["secretary"])
    r = c.post("/api/committee-members/", {"station": station.pk, "kind": "self_governance", "role": "chair", "resident": people["zsf"].pk}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["name"] == "张三丰" and Committee.objects.get().kind == "self_governance"
    pk = r.json()["id"]
    assert c.patch(f"/api/committee-members/{pk}/", {"role": "member"}, format="json").json()["role"] == "member"
    assert c.get("/api/committee-members/", {"station": station.pk}).json()["count"] == 1
    assert api(personas["area_manager"]).post("/api/committee-members/", {"station": station.pk, "kind": "safety", "resident": people["zsf"].pk}, format="json").status_code == 403
    assert c.post("/api/committee-members/", {"station": station.pk, "kind": "safety", "resident": people["lisi"].pk}, format="json").status_code == 404  # 李四 lives in another district: out of scope
    assert c.delete(f"/api/committee-members/{pk}/").status_code == 204


def test_the_committee_index_is_in_the_navigation(login, personas, station):
    page = login(personas["social_worker"]).get("/services/stations/committees/")
    assert page.status_code == 200 and station.name in page.content.decode()
    assert "/services/stations/committees/" in [i["url"] for g in page.context["nav_groups"] for i in g["items"]]
    assert login(personas["volunteer"]).get("/services/stations/committees/").status_code == 403


class _OldCommittees:
    """The migration's view of Committee before the move: real rows with the former JSON list attached."""

    def __init__(self, lists):
        self.lists = lists

    @property
    def objects(self):
        return self

    def select_related(self, *a):
        return self

    def iterator(self):
        for committee in Committee.objects.select_related("place").order_by("pk"):
            committee.members_json = self.lists.get(committee.pk, [])
            yield committee


def test_the_migration_links_json_members_to_residents_and_accounts_and_keeps_the_others(personas, people, station, tree):
    from accounts.models import User

    User.objects.filter(pk=personas["social_worker"].pk).update(display_name="李社工")
    safety = Committee.objects.create(place=station, kind="safety")
    old = {safety.pk: [{"name": "张三丰", "role": "主任"}, {"name": "李社工", "role": "副主任"}, {"name": "李四", "role": "委员"}, {"name": "", "role": "委员"}]}

    class Apps:
        def get_model(self, app, model):
            return _OldCommittees(old) if model == "Committee" else real_apps.get_model(app, model)

    MIGRATION.members_to_rows(Apps(), None)
    rows = [(m.name, m.role, m.resident_id, m.user_id) for m in CommitteeMember.objects.order_by("rank", "id")]
    assert rows == [("张三丰", "chair", people["zsf"].pk, None), ("李社工", "vice_chair", None, personas["social_worker"].pk), ("李四", "member", None, None)]
    assert all(m.unit_path == station.unit_path for m in CommitteeMember.objects.all())


def test_the_committee_pages_answer_404_out_of_scope_403_without_the_right_and_send_visitors_to_sign_in(client, login, personas, people, tree):
    other = make_station(tree.D2)
    member = committee_member_add(committee=committee_get_or_create(place=other, kind="service"), role="member", resident=people["lisi"])
    page, member_page = f"/services/stations/{other.pk}/committees/", f"/services/stations/committee-members/{member.pk}/"
    assert client.get(page).status_code == 302 and client.get(member_page).status_code == 302
    secretary = login(personas["secretary"])  # D1's: D2's station is out of her scope
    assert secretary.get(page).status_code == 404 and secretary.get(member_page).status_code == 404
    assert secretary.post(page, {"kind": "safety", "role": "member", "person": "李四"}).status_code == 404
    area = login(personas["area_manager"])  # A1: sees D1, may not change its station
    d1 = make_station(tree.D1)
    assert area.get(f"/services/stations/{d1.pk}/committees/").status_code == 200
    assert area.post(f"/services/stations/{d1.pk}/committees/", {"kind": "safety", "role": "member", "person": "张三丰"}).status_code == 403
    assert not CommitteeMember.objects.filter(committee__place=d1).exists()
