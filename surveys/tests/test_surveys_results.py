"""Results and the Excel export: counts, percentages, scale averages, text answers, response rate;
anonymous surveys never say who answered what."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import make_id_number, make_user
from people.models import Resident
from people.services import resident_create
from surveys import services
from surveys.export import survey_workbook
from surveys.selectors import survey_results
from surveys.tests.builders import make_survey
from surveys.tests.conftest import good_answers, qids


@pytest.fixture
def answered(opened, residents):
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened, single=0, multiple=(0, 2), scale=4, text="晚上"))
    services.survey_answer(survey=opened, user=residents["wang"], answers=good_answers(opened, single=2, multiple=(2,), scale=5, text="周末"))
    return opened


def test_results_count_each_choice_with_percentages_of_those_who_answered(answered):
    r = survey_results(answered)
    assert (r.recipients, r.responses, r.rate) == (2, 2, 1.0)
    single, multiple, scale, text = r.questions
    assert [(o.label, o.count, o.percent) for o in single.options] == [("上午", 1, 50.0), ("下午", 0, 0.0), ("晚上", 1, 50.0)]
    assert [(o.count, o.percent) for o in multiple.options] == [(1, 50.0), (0, 0.0), (2, 100.0), (0, 0.0)]
    assert scale.average == 4.5 and [o.count for o in scale.options] == [0, 0, 0, 1, 1]
    assert sorted(t.text for t in text.texts) == ["周末", "晚上"]


def test_anonymous_results_never_name_anyone_but_named_ones_do(answered, residents):
    assert all(t.who == "" for t in survey_results(answered).questions[3].texts)
    answered.anonymous = False
    answered.save()
    assert {t.who for t in survey_results(answered).questions[3].texts} == {"张三丰", "王芳"}


def test_the_response_rate_counts_recipients_who_have_not_answered(opened, residents, tree):
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    r = survey_results(opened)
    assert (r.recipients, r.responses, r.rate) == (2, 1, 0.5)
    assert survey_results(make_survey(tree.D1)).rate is None


def test_results_take_the_same_queries_for_many_answers(opened, residents, tree):
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    opened.anonymous = False
    opened.save()
    with CaptureQueriesContext(connection) as few:
        survey_results(opened)
    for i in range(15):
        user = make_user(f"r{i}")
        resident_create(house=tree.H1b, name=f"居民{i}", id_number=make_id_number())
        Resident.objects.filter(name=f"居民{i}").update(user=user)
        services.survey_answer(survey=opened, user=user, answers=good_answers(opened, scale=1 + i % 5))
    with CaptureQueriesContext(connection) as many:
        r = survey_results(opened)
    assert len(many) == len(few) and r.responses == 16


def read(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def test_the_excel_file_has_a_summary_and_every_answer_anonymised(answered):
    content, rows = survey_workbook(answered)
    wb = read(content)
    assert rows == 2 and len(wb.sheetnames) == 2
    summary, answers = wb.worksheets
    values = [c for row in summary.iter_rows(values_only=True) for c in row if c is not None]
    assert answered.title in values and "上午" in values and 4.5 in values
    header, *lines = list(answers.iter_rows(values_only=True))
    assert len(header) == 1 + 4 and len(lines) == 2
    cells = {c for line in lines for c in line}
    assert not cells & {"张三丰", "王芳", "resident", "wangfang"}
    assert {("上午", "手工；健康讲座", 4, "晚上"), ("晚上", "健康讲座", 5, "周末")} == {line[1:] for line in lines}


def test_a_named_survey_exports_who_answered_and_when(answered):
    answered.anonymous = False
    answered.save()
    header, *lines = list(read(survey_workbook(answered)[0]).worksheets[1].iter_rows(values_only=True))
    assert len(header) == 2 + 4 and {line[0] for line in lines} == {"张三丰", "王芳"}
    assert all(line[1] for line in lines)


def test_a_question_left_unanswered_is_an_empty_cell(opened, residents):
    q = qids(opened)
    services.survey_answer(survey=opened, user=residents["zsf"], answers={q["single"]: 1, q["scale"]: 3})
    (_header, line) = list(read(survey_workbook(opened)[0]).worksheets[1].iter_rows(values_only=True))
    assert line[1:] == ("下午", None, 3, None)
