"""/api/needs/: scoped reads, writes with resources.match_resource, ranked suggestions with reasons, proposing."""

import pytest

from core.testing import PERSONAS
from resources.models import Match, Need, NeedState
from resources.tests.builders import D2_AT, make_need, make_space, make_talent, types

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def body(tree, **kw):
    data = {
        "title": "老年书法班", "unit": tree.D1.pk, "types": [t.pk for t in types("shuhua")], "people": 12,
        "start_date": "2030-03-01", "end_date": "2030-04-30", "time_windows": {"2": [["14:00", "16:00"]]},
    }  # fmt: skip
    return {**data, **kw}


def test_a_matcher_creates_a_need_and_reads_it_back_with_its_timeline(api, personas, tree):
    r = api(personas["social_worker"]).post("/api/needs/", body(tree), format="json")
    assert r.status_code == 201, r.json()
    d = r.json()
    assert (d["unit"], d["state"], d["type_names"], d["people"], d["live_matches"]) == (tree.D1.pk, "open", ["书画"], 12, 0)
    assert [t["action"] for t in d["transitions"]] == ["create"]
    assert Need.objects.get().created_by == personas["social_worker"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"types": []}, "types"),
        ({"types": [999999]}, "types"),
        ({"end_date": "2030-01-01"}, "end_date"),
        ({"time_windows": {"8": [["14:00", "16:00"]]}}, "time_windows"),
        ({"unit": 999999}, "unit"),
        ({"lat": "31.2"}, "lat"),
        ({"source": "survey"}, "source"),
    ],
)
def test_bad_input_answers_400_naming_the_field_and_writes_nothing(api, personas, tree, changes, field):
    r = api(personas["social_worker"]).post("/api/needs/", body(tree, **changes), format="json", **EN)
    assert r.status_code == 400 and field in r.json(), r.json()
    assert not Need.objects.exists()


def test_writes_need_the_right_in_the_district(api, personas, tree):
    assert api(personas["area_manager"]).post("/api/needs/", body(tree), format="json").status_code == 403
    assert api(personas["social_worker"]).post("/api/needs/", body(tree, unit=tree.D2.pk), format="json").status_code == 400
    need = make_need(tree.D1)
    assert api(personas["area_manager"]).patch(f"/api/needs/{need.pk}/", {"people": 3}, format="json").status_code == 403
    assert api(personas["resident"]).patch(f"/api/needs/{need.pk}/", {"people": 3}, format="json").status_code == 404
    r = api(personas["secretary"]).patch(f"/api/needs/{need.pk}/", {"people": 3}, format="json")
    assert r.status_code == 200 and r.json()["people"] == 3


def test_suggestions_come_ranked_per_kind_with_reasons_in_words(api, personas, tree):
    need = make_need(tree.D1, need_types=("shuhua", "meeting"))
    make_talent(tree.D1, name="钱书法")
    make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT)
    make_space(tree.D1, name="会议室")
    client = api(personas["area_manager"])  # reading needs only resources.view_resource
    r = client.get(f"/api/needs/{need.pk}/suggestions/", **EN)
    assert r.status_code == 200
    rows = r.json()["results"]
    assert [(x["kind"], x["name"]) for x in rows] == [("talent", "钱书法"), ("talent", "孙舞蹈"), ("space", "会议室")]
    first = rows[0]
    assert first["score"] > rows[1]["score"] > 0
    assert {x["factor"] for x in first["reasons"]} == {"type", "distance", "time", "capacity", "load"}
    assert first["explained"][0]["text"] == "Offers Calligraphy and painting, as asked."
    only = client.get(f"/api/needs/{need.pk}/suggestions/", {"kind": "space", "limit": 1}).json()["results"]
    assert [x["name"] for x in only] == ["会议室"]
    assert client.get(f"/api/needs/{need.pk}/suggestions/", {"kind": "moon"}).status_code == 400


def test_proposing_scores_the_pair_afresh_and_refuses_twice_or_when_excluded(api, personas, tree):
    need = make_need(tree.D1)
    talent = make_talent(tree.D1)
    far = make_talent(tree.D2, name="远书法", at=D2_AT, reach_m=300)
    client = api(personas["social_worker"])
    r = client.post(f"/api/needs/{need.pk}/propose/", {"resource": talent.resource.pk}, format="json")
    assert r.status_code == 201 and r.json()["state"] == "proposed" and r.json()["reasons"]
    assert client.post(f"/api/needs/{need.pk}/propose/", {"resource": talent.resource.pk}, format="json").status_code == 400
    refused = client.post(f"/api/needs/{need.pk}/propose/", {"resource": far.resource.pk}, format="json", **EN)
    assert refused.status_code == 400 and "Too far" in str(refused.json())
    assert api(personas["area_manager"]).post(f"/api/needs/{need.pk}/propose/", {"resource": talent.resource.pk}, format="json").status_code == 403
    assert Match.objects.count() == 1


def test_a_cancelled_need_answers_409_to_proposals_and_to_a_second_cancel(api, personas, tree):
    need = make_need(tree.D1)
    talent = make_talent(tree.D1)
    client = api(personas["social_worker"])
    r = client.post(f"/api/needs/{need.pk}/cancel/", {"note": "不需要了"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == NeedState.CANCELLED
    assert client.post(f"/api/needs/{need.pk}/cancel/", {}, format="json").status_code == 409
    assert client.post(f"/api/needs/{need.pk}/propose/", {"resource": talent.resource.pk}, format="json").status_code == 409
    assert not Match.objects.exists()


def test_the_list_is_scoped_filtered_and_constant_in_queries(api, personas, tree, django_assert_max_num_queries):
    make_need(tree.D1, title="书法班")
    make_need(tree.D2, title="舞蹈班", need_types=("dance",))
    client = api(personas["social_worker"])
    assert [x["title"] for x in client.get("/api/needs/").json()["results"]] == ["书法班"]
    assert [x["title"] for x in api(personas["subdistrict_admin"]).get("/api/needs/", {"district": tree.D2.pk}).json()["results"]] == ["舞蹈班"]
    with django_assert_max_num_queries(6) as small:
        client.get("/api/needs/")
    for i in range(12):
        make_need(tree.D1, title=f"需求{i}", need_types=("shuhua", "meeting"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get("/api/needs/").json()["results"]) == 13


SEES_INSIDE = {"subdistrict_admin", "area_manager", "secretary", "social_worker"}  # resources.view_resource at D1 or above
CHANGES_INSIDE = {"subdistrict_admin", "secretary", "social_worker"}  # resources.match_resource


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"])
def test_needs_answer_404_outside_the_scope_and_403_without_the_right(api, personas, tree, persona):
    from core.testing import make_tree
    from resources.tests.builders.needs import scope_needs

    make_tree(prefix="O")
    inside, d2, far = scope_needs(tree, {})
    client = api(personas[persona])
    sees, wide = persona in SEES_INSIDE, persona == "subdistrict_admin"
    assert client.get(f"/api/needs/{far.pk}/").status_code == 404
    assert client.get(f"/api/needs/{d2.pk}/").status_code == (200 if sees and wide else 404)
    assert client.get(f"/api/needs/{inside.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/api/needs/{inside.pk}/suggestions/").status_code == (200 if sees else 404)
    expected = 200 if persona in CHANGES_INSIDE else (403 if sees else 404)
    assert client.patch(f"/api/needs/{inside.pk}/", {}, format="json").status_code == expected
    assert client.patch(f"/api/needs/{far.pk}/", {}, format="json").status_code == 404
    listed = {row["id"] for row in client.get("/api/needs/", {"page_size": 200}).json()["results"]}
    assert far.pk not in listed and (inside.pk in listed) == sees
