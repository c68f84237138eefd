"""The generic step endpoint (core.api.ApiStep): every workflow step on the API answers alike. Shown on
the surveys' steps: out of scope 404, without the right 403, a bad body 400, a step the state does not
allow 409 (in the request's language), otherwise 200 with the object's detail; and every declared step
is an action of its viewset, in the schema with its 409."""

import pytest
from django.urls import reverse

from core.api import ScopedViewSetMixin
from surveys.models import Survey, SurveyState
from surveys.tests.builders import make_survey

QUESTIONS = {"questions": [{"kind": "text", "text": "您的建议？"}]}


@pytest.fixture
def draft(tree, personas):
    return make_survey(tree.D1, by=personas["secretary"])


def test_a_step_on_an_object_out_of_scope_is_404(api, tree, personas):
    elsewhere = make_survey(tree.D2)
    assert api(personas["secretary"]).post(f"/api/surveys/{elsewhere.pk}/questions/", QUESTIONS, format="json").status_code == 404
    assert api(personas["secretary"]).post(f"/api/surveys/{elsewhere.pk}/questions/", {"questions": "bad"}, format="json").status_code == 404


def test_a_step_without_the_right_is_403_before_the_body_is_read(api, draft, personas):
    area = api(personas["area_manager"])  # sees the surveys of the area, may not write them
    assert area.get(f"/api/surveys/{draft.pk}/").status_code == 200
    assert area.post(f"/api/surveys/{draft.pk}/questions/", QUESTIONS, format="json").status_code == 403
    assert area.post(f"/api/surveys/{draft.pk}/questions/", {"questions": "bad"}, format="json").status_code == 403
    assert area.post(f"/api/surveys/{draft.pk}/open/").status_code == 403


def test_a_step_with_a_bad_body_is_400_and_changes_nothing(api, draft, personas):
    r = api(personas["secretary"]).post(f"/api/surveys/{draft.pk}/questions/", {"questions": [{"kind": "nonsense", "text": ""}]}, format="json")
    assert r.status_code == 400 and "questions" in r.json()
    assert draft.questions.count() == 4


def test_a_step_the_state_does_not_allow_is_409_in_chinese_and_changes_nothing(api, draft, personas):
    r = api(personas["secretary"]).post(f"/api/surveys/{draft.pk}/close/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 409 and r.json() == {"detail": "只有进行中的问卷才能结束。"}
    r = api(personas["secretary"]).post(f"/api/surveys/{draft.pk}/close/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 409 and r.json() == {"detail": "Only an open survey can be closed."}
    assert Survey.objects.get(pk=draft.pk).state == SurveyState.DRAFT


def test_a_services_validation_error_in_a_step_is_400_in_chinese(api, tree, personas):
    empty = make_survey(tree.D1, questions=[])
    r = api(personas["secretary"]).post(f"/api/surveys/{empty.pk}/open/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and r.json() == {"non_field_errors": ["发布前请至少添加一道题。"]}


def test_an_allowed_step_answers_200_with_the_objects_detail(api, draft, personas):
    r = api(personas["secretary"]).post(f"/api/surveys/{draft.pk}/questions/", QUESTIONS, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == draft.pk and [q["text"] for q in body["questions"]] == ["您的建议？"]
    assert [t["action"] for t in body["transitions"]] == ["create"]


def _step_viewsets():
    from config.api import router

    return [(prefix, viewset, basename) for prefix, viewset, basename in router.registry if issubclass(viewset, ScopedViewSetMixin) and viewset.steps]


def test_every_declared_step_is_a_post_action_of_its_viewset():
    found = _step_viewsets()
    assert sum(len(v.steps) for _p, v, _b in found) >= 30
    for _prefix, viewset, basename in found:
        actions = {a.__name__: a for a in viewset.get_extra_actions()}
        for name, step in viewset.steps.items():
            assert name in actions and actions[name].mapping == {"post": name}
            assert reverse(f"{basename}-{actions[name].url_name}", args=[1]).endswith(f"/{step.url_path or name}/")


def test_every_declared_step_is_in_the_schema_with_its_409(client, personas):
    client.force_login(personas["subdistrict_admin"])
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    for prefix, viewset, _basename in _step_viewsets():
        for name, step in viewset.steps.items():
            operation = paths[f"/api/{prefix}/{{id}}/{step.url_path or name}/"]["post"]
            assert operation["summary"] == step.summary and "409" in operation["responses"]
