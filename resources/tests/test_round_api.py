"""/api/match-rounds/: scoped reads, running a round, applying it once (409 the second time)."""

import pytest

from core.testing import PERSONAS
from resources.models import Match, MatchRound
from resources.tests.builders.rounds import greedy_trap, make_round

pytestmark = pytest.mark.django_db
URL = "/api/match-rounds/"
SEES_D1_ROUNDS = {"subdistrict_admin", "area_manager", "secretary", "social_worker"}  # resources.view_resource at D1 or above


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"])
def test_a_round_is_read_exactly_by_those_who_view_resources_at_its_unit(api, personas, tree, persona):
    d1, d2 = make_round(tree.D1), make_round(tree.D2)
    client = api(personas[persona])
    sees = persona in SEES_D1_ROUNDS
    assert client.get(f"{URL}{d1.pk}/").status_code == (200 if sees else 404)
    assert client.get(f"{URL}{d2.pk}/").status_code == (200 if persona == "subdistrict_admin" else 404)
    listed = {row["id"] for row in client.get(URL).json()["results"]}
    assert (d1.pk in listed) == sees


def test_the_list_leaves_out_the_assignments_and_the_detail_has_them(api, personas, tree):
    greedy_trap(tree)
    client = api(personas["secretary"])
    created = client.post(URL, {"name": "第一轮", "unit": tree.D1.pk}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["optimal_assigned"] == 2 and body["greedy_assigned"] == 1 and len(body["optimal"]) == 2
    assert body["optimal_total"] == pytest.approx(1.7125) and body["unit_name"] == tree.D1.name
    row = client.get(URL).json()["results"][0]
    assert row["id"] == body["id"] and "optimal" not in row and "greedy" not in row
    assert client.get(URL, {"applied": "false"}).json()["count"] == 1 and client.get(URL, {"applied": "true"}).json()["count"] == 0


def test_running_a_round_needs_the_right_and_a_unit_where_the_user_matches(api, personas, tree):
    body = {"name": "第一轮", "unit": tree.D2.pk}
    assert api(personas["grid_worker"]).post(URL, body, format="json").status_code == 403
    refused = api(personas["secretary"]).post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "where you match needs" in refused.json()["unit"][0]
    refused = api(personas["secretary"]).post(URL, {"name": "x", "unit": tree.D1.pk, "kinds": ["cars"]}, format="json")
    assert refused.status_code == 400 and "kinds" in refused.json()
    assert not MatchRound.objects.exists()


def test_applying_proposes_the_matches_once(api, personas, tree):
    greedy_trap(tree)
    client = api(personas["social_worker"])
    rid = client.post(URL, {"name": "第一轮", "unit": tree.D1.pk, "kinds": ["talent"]}, format="json").json()["id"]
    assert api(personas["area_manager"]).post(f"{URL}{rid}/apply/").status_code == 403
    done = client.post(f"{URL}{rid}/apply/")
    assert done.status_code == 200
    assert done.json()["created"] == 2 and done.json()["round"]["applied_at"] is not None
    again = client.post(f"{URL}{rid}/apply/", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and "already applied" in again.json()["detail"]
    assert Match.objects.filter(round_id=rid).count() == 2


def test_a_round_elsewhere_cannot_be_applied(api, personas, tree):
    d2 = make_round(tree.D2)
    assert api(personas["secretary"]).post(f"{URL}{d2.pk}/apply/").status_code == 404
