"""/api/matches/ and /api/service-records/: scoped reads (staff by scope, a talent their own), the steps
and the feedback through the services: 404 outside the scope, 403 without the right, 400 for bad input
(nothing written), 409 when the state does not allow the step; lists in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.testing import make_user
from doorstep.tests.builders.bookings import make_slot
from resources.models import Resource, ServiceRecord, Talent
from resources.tests.builders.matches import agreed, grow_matches, scope_matches, scope_service_records, served, space_match, talent_match

pytestmark = pytest.mark.django_db
STAFF_IN_D1 = {"subdistrict_admin", "area_manager", "secretary", "social_worker"}


@pytest.fixture
def far_tree(tree):
    from core.testing import make_tree

    return make_tree(prefix="O")


@pytest.mark.parametrize("persona", ["subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "resident", "outsider"])
def test_reads_are_scoped(api, personas, tree, far_tree, persona):
    client = api(personas[persona])
    for prefix, (inside, d2, far) in (("matches", scope_matches(tree, {})), ("service-records", scope_service_records(tree, {}))):
        sees = persona in STAFF_IN_D1
        assert client.get(f"/api/{prefix}/{far.pk}/").status_code == 404
        assert client.get(f"/api/{prefix}/{inside.pk}/").status_code == (200 if sees else 404)
        assert client.get(f"/api/{prefix}/{d2.pk}/").status_code == (200 if persona == "subdistrict_admin" else 404)
        listed = {row["id"] for row in client.get(f"/api/{prefix}/", {"page_size": 200}).json()["results"]}
        assert far.pk not in listed and (inside.pk in listed) == sees


def test_the_detail_carries_the_reasons_the_timeline_and_the_records(api, personas, tree):
    m = talent_match(tree.D1)
    served(m, personas["social_worker"], requester_rating=5)
    body = api(personas["social_worker"]).get(f"/api/matches/{m.pk}/").json()
    assert body["state"] == "served" and body["need_title"] == "老年书法班" and body["resource_kind"] == "talent"
    assert {r["factor"] for r in body["reasons"]} >= {"type", "distance", "time", "capacity", "load"}
    assert [t["action"] for t in body["transitions"]] == ["create", "agree", "serve"]
    assert body["records"][0]["requester_rating"] == 5


def test_agree_then_record_then_feedback_through_the_api(api, personas, tree):
    m = talent_match(tree.D1)
    client = api(personas["social_worker"])
    r = client.post(f"/api/matches/{m.pk}/agree/", {"terms": "周三下午", "scheduled_for": "2030-01-02T14:00:00+08:00"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "agreed" and r.json()["terms"] == "周三下午"
    assert Resource.objects.get(pk=m.resource_id).committed == 1
    r = client.post(f"/api/matches/{m.pk}/record/", {"served_on": timezone.localdate().isoformat(), "people_served": 12, "provider_rating": 4}, format="json")
    assert r.status_code == 201 and r.json()["provider_rating"] == 4 and r.json()["requester_rating"] is None
    rec = r.json()["id"]
    r = client.post(f"/api/service-records/{rec}/feedback/", {"side": "requester", "rating": 5, "comment": "很好"}, format="json")
    assert r.status_code == 200 and r.json()["requester_rating"] == 5
    assert client.post(f"/api/service-records/{rec}/feedback/", {"side": "requester", "rating": 9}, format="json").status_code == 400
    assert ServiceRecord.objects.get(pk=rec).requester_rating == 5


def test_bad_input_is_400_and_a_wrong_state_409_and_nothing_changes(api, personas, tree):
    m = talent_match(tree.D1, sessions=1)
    client = api(personas["social_worker"])
    assert client.post(f"/api/matches/{m.pk}/agree/", {"terms": ""}, format="json").status_code == 400
    assert client.post(f"/api/matches/{m.pk}/agree/", {"terms": "x", "slot": 999999}, format="json").status_code == 400
    assert client.post(f"/api/matches/{m.pk}/record/", {"served_on": "2020-01-01", "people_served": 3}, format="json").status_code == 409
    Resource.objects.filter(pk=m.resource_id).update(committed=1)
    r = client.post(f"/api/matches/{m.pk}/agree/", {"terms": "约定"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and "no service left" in r.json()["non_field_errors"][0]
    assert client.post(f"/api/matches/{m.pk}/decline/", {"note": ""}, format="json").status_code == 400
    assert client.post(f"/api/matches/{m.pk}/decline/", {"note": "不合适"}, format="json").status_code == 200
    assert client.post(f"/api/matches/{m.pk}/cancel/", {"note": "x"}, format="json").status_code == 409
    m.refresh_from_db()
    assert m.state == "declined" and not ServiceRecord.objects.exists()


def test_a_space_slot_is_booked_through_the_api(api, personas, tree):
    m = space_match(tree.D1, quick=True)
    slot = make_slot(room=Resource.objects.get(pk=m.resource_id).space.room)
    r = api(personas["social_worker"]).post(f"/api/matches/{m.pk}/agree/", {"terms": "议事会", "slot": slot.pk}, format="json")
    assert r.status_code == 200 and r.json()["booking"] is not None


@pytest.mark.parametrize("step", ["agree", "decline", "cancel", "record"])
def test_steps_are_403_without_the_right_and_404_outside(api, personas, tree, step):
    m = talent_match(tree.D1, quick=True)
    body = {"terms": "x", "note": "x", "served_on": "2020-01-01", "people_served": 1}
    assert api(personas["area_manager"]).post(f"/api/matches/{m.pk}/{step}/", body, format="json").status_code == 403
    assert api(personas["grid_worker"]).post(f"/api/matches/{m.pk}/{step}/", body, format="json").status_code == 404
    m.refresh_from_db()
    assert m.state == "proposed"


def test_a_talent_reads_their_own_and_gives_the_providers_feedback(api, personas, tree):
    m = talent_match(tree.D1, quick=True)
    user = make_user("qian")
    Talent.objects.filter(resource__pk=m.resource_id).update(user=user)
    rec = served(m, personas["social_worker"])
    client = api(user)
    assert [row["id"] for row in client.get("/api/matches/").json()["results"]] == [m.pk]
    assert client.post(f"/api/service-records/{rec.pk}/feedback/", {"side": "provider", "rating": 5}, format="json").status_code == 200
    assert client.post(f"/api/service-records/{rec.pk}/feedback/", {"side": "requester", "rating": 5}, format="json").status_code == 403
    assert client.post(f"/api/matches/{m.pk}/cancel/", {"note": "x"}, format="json").status_code == 403


def test_the_filters_work_on_the_api(api, personas, tree):
    m = talent_match(tree.D1, quick=True)
    s = space_match(tree.D1, quick=True)
    agreed(s, personas["social_worker"])
    client = api(personas["social_worker"])

    def ids(query):
        return {row["id"] for row in client.get("/api/matches/", query).json()["results"]}

    assert ids({"state": "agreed"}) == {s.pk} and ids({"kind": "talent"}) == {m.pk} and ids({"district": tree.D1.pk}) == {m.pk, s.pk}
    assert client.get("/api/matches/", {"round": 999999}).status_code == 400


def test_the_api_lists_make_the_same_number_of_queries_for_more_rows(api, personas, tree):
    client = api(personas["social_worker"])
    grow_matches(tree.D1, 3, personas["social_worker"])
    urls = ("/api/matches/", "/api/service-records/")
    client.get(urls[0])  # the user's grants are read once and kept

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as q:
                assert client.get(url).status_code == 200
            out.append(len(q))
        return out

    small = counts()
    grow_matches(tree.D1, 12, personas["social_worker"])
    assert counts() == small and max(small) <= 4
