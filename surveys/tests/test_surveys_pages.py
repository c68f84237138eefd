"""The survey pages: staff write, open and read results; a resident answers on one page, once."""

import io

import openpyxl
import pytest
from django.utils import translation

from audit.models import AuditLog
from surveys.models import Question, Response, Survey, SurveyState
from surveys.tests.builders import make_survey
from surveys.tests.conftest import good_answers, qids


def form_data(survey, answers: dict) -> dict:
    return {f"q{k}": v for k, v in answers.items()}


def test_staff_create_a_survey_add_questions_and_open_it(login, personas, tree, residents):
    client = login(personas["secretary"])
    r = client.post("/surveys/new/", {"title": "议事厅使用需求", "intro": "请填写", "unit": tree.D1.pk, "audience": "unit", "anonymous": "on"})
    survey = Survey.objects.get(title="议事厅使用需求")
    assert r.status_code == 302 and r["Location"] == f"/surveys/{survey.pk}/"
    assert survey.created_by == personas["secretary"] and survey.anonymous
    client.post(f"/surveys/{survey.pk}/questions/add/", {"kind": "single", "text": "何时方便？", "options": "上午\n下午\n晚上", "required": "on"})
    client.post(f"/surveys/{survey.pk}/questions/add/", {"kind": "scale", "text": "满意度", "scale_max": "5", "required": "on"})
    assert list(survey.questions.values_list("kind", flat=True)) == ["single", "scale"]
    second = survey.questions.get(position=2)
    client.post(f"/surveys/{survey.pk}/questions/{second.pk}/move/", {"direction": "up"})
    assert survey.questions.get(position=1) == second
    assert client.post(f"/surveys/{survey.pk}/open/").status_code == 302
    survey.refresh_from_db()
    assert survey.state == SurveyState.OPEN and survey.recipients.count() == 2
    page = client.get(f"/surveys/{survey.pk}/").content.decode()
    assert f"/surveys/{survey.pk}/answer/" in page and 'id="question-add"' in page  # editable until the first answer


def test_a_badly_written_question_shows_the_form_again_with_the_reason(login, personas, draft):
    r = login(personas["secretary"]).post(f"/surveys/{draft.pk}/questions/add/", {"kind": "single", "text": "选什么？", "options": "只有一个"})
    assert r.status_code == 400 and 'id="question-add"' in r.content.decode() and draft.questions.count() == 4


def test_only_units_in_scope_can_be_chosen_and_only_writers_may_write(login, personas, tree, draft):
    r = login(personas["secretary"]).post("/surveys/new/", {"title": "越界", "unit": tree.D2.pk, "audience": "unit"})
    assert r.status_code == 400 and not Survey.objects.filter(title="越界").exists()
    area = login(personas["area_manager"])  # sees surveys, may not write them
    assert area.get(f"/surveys/{draft.pk}/").status_code == 200
    assert area.post(f"/surveys/{draft.pk}/open/").status_code == 403
    assert area.get("/surveys/new/").status_code == 403
    assert login(personas["grid_worker"]).get(f"/surveys/{draft.pk}/").status_code == 404


def test_a_resident_answers_on_one_page_then_a_second_try_is_refused(login, personas, opened, residents):
    client = login(residents["zsf"])
    page = client.get("/surveys/mine/").content.decode()
    assert f"/surveys/{opened.pk}/answer/" in page
    form = client.get(f"/surveys/{opened.pk}/answer/").content.decode()
    assert 'id="answer-form"' in form and form.count("<fieldset") == 4
    r = client.post(f"/surveys/{opened.pk}/answer/", form_data(opened, good_answers(opened)))
    assert r.status_code == 302 and r["Location"] == f"/surveys/{opened.pk}/thanks/"
    assert client.get(r["Location"]).status_code == 200
    again = client.post(f"/surveys/{opened.pk}/answer/", form_data(opened, good_answers(opened, single=2)))
    assert again.status_code == 409 and 'id="survey-refused"' in again.content.decode()
    assert Response.objects.filter(survey=opened).count() == 1
    assert 'id="survey-answered-already"' in client.get(f"/surveys/{opened.pk}/answer/").content.decode()


def test_missing_answers_are_marked_with_translated_messages_and_nothing_is_saved(login, opened, residents):
    q = qids(opened)
    with translation.override("en"):
        r = login(residents["zsf"]).post(f"/surveys/{opened.pk}/answer/", {f"q{q['text']}": "只写了建议"}, HTTP_ACCEPT_LANGUAGE="en")
    html = r.content.decode()
    assert r.status_code == 400 and 'id="answer-errors"' in html
    assert html.count('class="field-error"') == 2
    assert not Response.objects.exists()
    assert "只写了建议" in html  # what was written stays


def test_people_the_survey_was_not_sent_to_get_404(login, personas, opened, residents, draft):
    assert login(residents["li"]).get(f"/surveys/{opened.pk}/answer/").status_code == 404
    assert login(personas["outsider"]).post(f"/surveys/{opened.pk}/answer/", {}).status_code == 404
    other_draft = make_survey(opened.unit)
    assert login(residents["zsf"]).get(f"/surveys/{other_draft.pk}/answer/").status_code == 404


def test_a_resident_opening_the_survey_list_is_sent_to_their_own_surveys(login, residents, client):
    assert login(residents["zsf"]).get("/surveys/").url == "/surveys/mine/"
    client.logout()
    assert client.get("/surveys/mine/").status_code == 302


def test_staff_see_results_with_chart_data_and_download_the_excel_file(login, personas, opened, residents):
    from surveys.services import survey_answer

    survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    client = login(personas["social_worker"])
    html = client.get(f"/surveys/{opened.pk}/results/").content.decode()
    assert 'id="survey-chart-data"' in html and f'id="chart-q{qids(opened)["single"]}"' in html and 'id="res-rate"' in html
    assert "张三丰" not in html  # anonymous
    r = client.post(f"/surveys/{opened.pk}/export/")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(list(wb.worksheets[1].iter_rows(values_only=True))) == 2
    assert AuditLog.objects.filter(action="export", object_type="surveys.survey", object_id=str(opened.pk)).exists()
    assert login(personas["grid_worker"]).post(f"/surveys/{opened.pk}/export/").status_code == 404


@pytest.mark.parametrize(
    "url", ["/surveys/", "/surveys/new/", "/surveys/{pk}/", "/surveys/{pk}/edit/", "/surveys/{pk}/results/", "/surveys/{pk}/questions/{q}/"]
)
def test_staff_pages_render(login, personas, draft, url):
    q = draft.questions.first().pk
    assert login(personas["secretary"]).get(url.format(pk=draft.pk, q=q)).status_code == 200


def test_editing_a_question_and_the_settings(login, personas, draft):
    client = login(personas["secretary"])
    q = draft.questions.get(kind="text")
    client.post(f"/surveys/{draft.pk}/questions/{q.pk}/", {"kind": "single", "text": "改成单选", "options": "是\n否", "required": "on"})
    q.refresh_from_db()
    assert (q.kind, q.options) == ("single", ["是", "否"])
    client.post(f"/surveys/{draft.pk}/questions/{q.pk}/delete/")
    assert not Question.objects.filter(pk=q.pk).exists()
    client.post(f"/surveys/{draft.pk}/edit/", {"title": "新的标题", "intro": ""})
    draft.refresh_from_db()
    assert draft.title == "新的标题" and not draft.anonymous  # the box was not ticked


def test_the_survey_list_makes_the_same_queries_for_more_surveys(login, personas, tree, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas["subdistrict_admin"])
    make_survey(tree.D1)
    client.get("/surveys/")
    with CaptureQueriesContext(connection) as few:
        client.get("/surveys/")
    for i in range(10):
        make_survey(tree.D2 if i % 2 else tree.D1, title=f"调查{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/surveys/").status_code == 200
    assert len(many) == len(few) <= 10
