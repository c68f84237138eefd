"""The surveys API: staff create, open, read results and close; residents list their surveys and answer once."""

import pytest

from surveys.models import Response, Survey, SurveyState
from surveys.tests.builders import QUESTIONS, make_survey
from surveys.tests.conftest import qids


def answers_body(survey, *, single=1, scale=3):
    q = qids(survey)
    return {"answers": [{"question": q["single"], "choices": [single]}, {"question": q["scale"], "number": scale}, {"question": q["text"], "text": "好"}]}


def test_staff_create_open_and_read_the_results_through_the_api(api, personas, tree, residents):
    client = api(personas["secretary"])
    r = client.post("/api/surveys/", {"title": "满意度调查", "unit": tree.D1.pk, "questions": QUESTIONS, "purpose": "satisfaction"}, format="json")
    assert r.status_code == 201, r.json()
    sid = r.json()["id"]
    assert [q["kind"] for q in r.json()["questions"]] == ["single", "multiple", "scale", "text"]
    assert client.post(f"/api/surveys/{sid}/open/").json()["state"] == SurveyState.OPEN
    assert client.post(f"/api/surveys/{sid}/open/").status_code == 409
    survey = Survey.objects.get(pk=sid)
    assert api(residents["zsf"]).post(f"/api/surveys/{sid}/answer/", answers_body(survey), format="json").status_code == 201
    results = client.get(f"/api/surveys/{sid}/results/").json()
    assert (results["recipients"], results["responses"], results["rate"]) == (2, 1, 0.5)
    single = results["questions"][0]
    assert [o["count"] for o in single["options"]] == [0, 1, 0] and single["options"][1]["percent"] == 100.0
    assert results["questions"][2]["average"] == 3.0 and results["questions"][3]["texts"] == [{"text": "好", "who": ""}]
    assert client.post(f"/api/surveys/{sid}/questions/", {"questions": [{"kind": "text", "text": "换"}]}, format="json").status_code == 409
    assert client.post(f"/api/surveys/{sid}/close/").json()["state"] == SurveyState.CLOSED


def test_a_resident_lists_the_surveys_sent_to_them_and_answers_once(api, opened, residents):
    client = api(residents["zsf"])
    mine = client.get("/api/surveys/mine/").json()["results"]
    assert [(s["id"], s["answered"]) for s in mine] == [(opened.pk, False)]
    assert client.post(f"/api/surveys/{opened.pk}/answer/", answers_body(opened), format="json").status_code == 201
    again = client.post(f"/api/surveys/{opened.pk}/answer/", answers_body(opened, single=0), format="json")
    assert again.status_code == 409 and Response.objects.count() == 1
    assert client.get("/api/surveys/mine/").json()["results"][0]["answered"] is True
    assert client.get(f"/api/surveys/{opened.pk}/").status_code == 404  # the staff view is not theirs


def test_bad_answers_get_400_and_strangers_404(api, opened, residents):
    q = qids(opened)
    r = api(residents["zsf"]).post(f"/api/surveys/{opened.pk}/answer/", {"answers": [{"question": q["scale"], "number": 9}]}, format="json")
    assert r.status_code == 400 and set(r.json()) == {str(q["single"]), str(q["scale"])}
    r = api(residents["zsf"]).post(f"/api/surveys/{opened.pk}/answer/", {"answers": [{"question": 999999, "text": "x"}]}, format="json")
    assert r.status_code == 400
    assert api(residents["li"]).post(f"/api/surveys/{opened.pk}/answer/", answers_body(opened), format="json").status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("subdistrict_admin", 201), ("secretary", 201), ("social_worker", 201), ("area_manager", 403), ("grid_worker", 403), ("resident", 403), ("outsider", 403)],
)
def test_only_survey_writers_create_surveys_on_units_they_look_after(api, personas, tree, persona, expected):
    body = {"title": "需求调研", "unit": tree.D1.pk, "questions": QUESTIONS[:1]}
    assert api(personas[persona]).post("/api/surveys/", body, format="json").status_code == expected
    if expected == 201:
        assert api(personas[persona]).post("/api/surveys/", {**body, "unit": make_other_district().pk}, format="json").status_code == 400


def make_other_district():
    from core.testing import make_tree

    return make_tree(prefix="X").D1


@pytest.mark.parametrize(("persona", "expected"), [("secretary", 200), ("area_manager", 403), ("grid_worker", 404)])
def test_opening_needs_the_right_to_change_the_survey(api, personas, tree, residents, persona, expected):
    survey = make_survey(tree.D1)
    assert api(personas[persona]).post(f"/api/surveys/{survey.pk}/open/").status_code == expected


def test_the_api_list_is_filtered_and_stays_constant_in_queries(api, personas, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(personas["subdistrict_admin"])
    make_survey(tree.D1)
    client.get("/api/surveys/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/surveys/")
    for i in range(8):
        make_survey(tree.D2, title=f"调查{i}", purpose="needs")
    with CaptureQueriesContext(connection) as many:
        rows = client.get("/api/surveys/", {"purpose": "needs"}).json()["results"]
    assert len(rows) == 8 and len(many) == len(few)
