"""A survey moves through core.workflow (surveys/workflow.py): draft → open → closed, each step a record on
its timeline, shown on the staff page and in the API's detail; illegal steps are refused and change nothing."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from core.workflow import IllegalTransition
from surveys.models import Survey, SurveyState, SurveyTransition
from surveys.services import survey_close, survey_open, surveys_close_due


def steps(survey):
    return list(SurveyTransition.objects.filter(survey=survey).order_by("at", "id").values_list("action", "from_state", "to_state", "by"))


def test_writing_a_survey_starts_its_timeline(draft, personas):
    assert steps(draft) == [("create", "", "draft", personas["secretary"].pk)]


def test_opening_and_closing_each_write_a_timeline_record(draft, residents, personas):
    survey_open(survey=draft, by=personas["secretary"])
    survey_close(survey=draft, by=personas["social_worker"])
    assert steps(draft)[1:] == [("open", "draft", "open", personas["secretary"].pk), ("close", "open", "closed", personas["social_worker"].pk)]
    survey = Survey.objects.get(pk=draft.pk)
    assert survey.state == SurveyState.CLOSED and survey.opens_at is not None and survey.closes_at <= timezone.now()


def test_the_periodic_job_closes_a_survey_past_its_time_as_the_system(opened):
    Survey.objects.filter(pk=opened.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert surveys_close_due() == "1 surveys closed"
    assert steps(opened)[-1] == ("close", "open", "closed", None)


def test_illegal_steps_raise_and_leave_no_record(draft, residents, personas):
    with pytest.raises(IllegalTransition):
        survey_close(survey=draft, by=personas["secretary"])
    survey_open(survey=draft, by=personas["secretary"])
    with pytest.raises(IllegalTransition):
        survey_open(survey=draft, by=personas["secretary"])
    survey_close(survey=draft, by=personas["secretary"])
    for step in (survey_open, survey_close):
        with pytest.raises(IllegalTransition):
            step(survey=draft, by=personas["secretary"])
    assert [s[0] for s in steps(draft)] == ["create", "open", "close"]


def test_illegal_steps_answer_409_on_the_api(api, draft, residents, personas):
    client = api(personas["secretary"])
    assert client.post(f"/api/surveys/{draft.pk}/close/").status_code == 409
    assert client.post(f"/api/surveys/{draft.pk}/open/").status_code == 200
    assert client.post(f"/api/surveys/{draft.pk}/open/").status_code == 409
    body = client.post(f"/api/surveys/{draft.pk}/close/").json()
    assert [(t["action"], t["from_state"], t["to_state"]) for t in body["transitions"]] == [("create", "", "draft"), ("open", "draft", "open"), ("close", "open", "closed")]
    assert [t["action"] for t in client.get(f"/api/surveys/{draft.pk}/").json()["transitions"]] == ["create", "open", "close"]
    assert "transitions" not in client.get("/api/surveys/").json()["results"][0]


def test_the_staff_page_shows_the_timeline_in_chinese(login, opened, personas):
    page = login(personas["secretary"]).get(f"/surveys/{opened.pk}/")
    assert [(t["action"], t["from"], t["to"]) for t in page.context["timeline"]] == [("创建", "", "草稿"), ("发布", "草稿", "进行中")]
    html = page.content.decode()
    assert 'id="timeline"' in html and 'class="step-open"' in html


def test_the_migration_gives_existing_surveys_the_timeline_their_fields_tell(tree, personas):
    from surveys.tests.builders import make_survey

    draft, opened, closed = (make_survey(tree.D1, by=personas["secretary"]) for _ in range(3))
    now = timezone.now()
    Survey.objects.filter(pk=opened.pk).update(state=SurveyState.OPEN, opens_at=now)
    Survey.objects.filter(pk=closed.pk).update(state=SurveyState.CLOSED, opens_at=now, closes_at=now)
    SurveyTransition.objects.all().delete()
    importlib.import_module("surveys.migrations.0002_survey_timeline").timelines(apps, None)
    assert [s[0] for s in steps(draft)] == ["create"]
    assert [s[0] for s in steps(opened)] == ["create", "open"]
    assert [s[:3] for s in steps(closed)] == [("create", "", "draft"), ("open", "draft", "open"), ("close", "open", "closed")]
    assert Survey.objects.get(pk=closed.pk).state == SurveyState.CLOSED
