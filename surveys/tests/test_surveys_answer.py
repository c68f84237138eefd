"""Answering: only recipients, only while open, every answer checked, once per person, even when two
submissions race on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import translation

from core.testing import make_user
from core.workflow import IllegalTransition
from people.models import Resident
from surveys import services
from surveys.answers import answers_clean
from surveys.models import Answer, Recipient, Response
from surveys.tests.conftest import good_answers, qids


def test_a_recipient_answers_once_and_the_answers_are_kept_per_question(opened, residents):
    response = services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    q = qids(opened)
    kept = {a.question_id: a for a in Answer.objects.filter(response=response)}
    assert kept[q["single"]].choices == [0] and kept[q["multiple"]].choices == [0, 2]
    assert kept[q["scale"]].number == 4 and kept[q["text"]].text == "希望晚上多开展活动"


def test_a_second_answer_is_refused_and_changes_nothing(opened, residents):
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    before = list(Answer.objects.order_by("id").values_list("question_id", "choices", "number", "text"))
    with pytest.raises(services.AlreadyAnswered):
        services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened, single=2, scale=1))
    assert Response.objects.count() == 1
    assert list(Answer.objects.order_by("id").values_list("question_id", "choices", "number", "text")) == before


def test_optional_questions_may_be_left_out_but_required_ones_may_not(opened, residents):
    q = qids(opened)
    response = services.survey_answer(survey=opened, user=residents["wang"], answers={q["single"]: "1", q["scale"]: "5"})
    assert response.answers.count() == 2
    with pytest.raises(ValidationError) as e:
        services.survey_answer(survey=opened, user=residents["zsf"], answers={q["multiple"]: [1]})
    assert set(e.value.message_dict) == {str(q["single"]), str(q["scale"])}
    assert not Response.objects.filter(user=residents["zsf"]).exists()


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single", 7, "This is not one of the answers offered."),
        ("single", [0, 1], "Choose only one answer."),
        ("single", None, "Choose one answer."),
        ("multiple", [0, 9], "This is not one of the answers offered."),
        ("scale", 6, "Choose a value from 1 to 5."),
        ("scale", "很好", "Choose a value from 1 to 5."),
        ("text", "字" * 2001, "The answer is too long: at most 2000 characters."),
    ],
)
def test_each_kind_of_answer_is_checked_with_a_clear_message(opened, kind, value, message):
    questions = list(opened.questions.all())
    raw = {q.pk: value for q in questions if q.kind == kind}
    with translation.override("en"):
        _cleaned, errors = answers_clean([q for q in questions if q.kind == kind], raw)
    assert list(errors.values()) == [message]


def test_only_recipients_answer(opened, residents, tree):
    with pytest.raises(PermissionDenied):
        services.survey_answer(survey=opened, user=residents["li"], answers=good_answers(opened))  # 李四 lives in D2
    with pytest.raises(PermissionDenied):
        services.survey_answer(survey=opened, user=make_user("passer-by"), answers=good_answers(opened))
    assert not Response.objects.exists()


def test_a_resident_who_moves_in_after_opening_may_answer_and_counts_as_a_recipient(opened, residents, people):
    Resident.objects.filter(pk=people["lisi"].pk).update(unit_path=opened.unit_path + "99999.")  # now under D1
    services.survey_answer(survey=opened, user=residents["li"], answers=good_answers(opened))
    assert Recipient.objects.filter(survey=opened, user=residents["li"]).exists()


def test_nobody_answers_a_draft_or_a_closed_survey(draft, residents):
    with pytest.raises(PermissionDenied):  # a draft has no recipients yet
        services.survey_answer(survey=draft, user=make_user("x"), answers={})
    with pytest.raises(IllegalTransition):
        services.survey_answer(survey=draft, user=residents["zsf"], answers=good_answers(draft))  # lives under the unit, but it is a draft
    services.survey_open(survey=draft)
    services.survey_close(survey=draft)
    with pytest.raises(IllegalTransition):
        services.survey_answer(survey=draft, user=residents["zsf"], answers=good_answers(draft))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections; the in-memory SQLite test database cannot be shared by threads")
@pytest.mark.django_db(transaction=True)
def test_two_submissions_at_once_make_exactly_one_response(tree, personas, people):
    """On PostgreSQL the two submissions run in two connections at the same moment; the second is refused."""
    from surveys.tests.builders import make_survey

    Resident.objects.filter(pk=people["zsf"].pk).update(user=personas["resident"])
    survey = services.survey_open(survey=make_survey(tree.D1))
    answers = good_answers(survey)
    barrier, outcomes = threading.Barrier(2), []

    def submit():
        try:
            barrier.wait()
            services.survey_answer(survey=survey, user=personas["resident"], answers=answers)
            outcomes.append("ok")
        except services.AlreadyAnswered:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Response.objects.filter(survey=survey).count() == 1 and Answer.objects.filter(response__survey=survey).count() == 4


def test_the_database_refuses_a_second_response_even_past_the_service(tree, personas, people):
    """The unique constraint itself (srv_response_once), on either database."""
    from django.db import IntegrityError, transaction

    from surveys.tests.builders import make_survey

    survey = make_survey(tree.D1)
    Response.objects.create(survey=survey, user=personas["resident"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, user=personas["resident"])
