"""The named rules of surveys/rules.py: one test per rule and phase, with the shared personas, and the guard
that every rule registered under `surveys.` is listed in `surveys.rules.RULES` and tested here."""

import datetime

from django.utils import timezone

from surveys.models import SurveyState
from surveys.rules import survey_is_accepting
from surveys.services import survey_answer, survey_close
from surveys.tests.conftest import good_answers


def allowed(personas, perm, obj=None):
    return {name for name, user in personas.items() if user.has_perm(perm, obj)}


def test_it_shows_a_sent_survey_to_its_recipients_only(opened, personas, residents):
    assert allowed(personas, "surveys.see_sent_survey", opened) == {"resident"}
    assert residents["wang"].has_perm("surveys.see_sent_survey", opened)
    assert not residents["li"].has_perm("surveys.see_sent_survey", opened)  # lives in D2


def test_it_takes_answers_from_recipients_while_the_survey_is_open_and_not_past_its_closing_time(draft, opened, personas):
    assert allowed(personas, "surveys.answer_survey", opened) == {"resident"}
    opened.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    assert not survey_is_accepting(None, opened) and allowed(personas, "surveys.answer_survey", opened) == set()
    draft.state, draft.closes_at = SurveyState.DRAFT, None
    assert not survey_is_accepting(None, draft)


def test_it_lets_the_questions_change_until_someone_answers(opened, personas):
    editors = allowed(personas, "surveys.change_survey", opened)
    assert "secretary" in editors and allowed(personas, "surveys.edit_questions", opened) == editors
    survey_answer(survey=opened, user=personas["resident"], answers=good_answers(opened))
    assert allowed(personas, "surveys.edit_questions", opened) == set()


def test_it_lets_the_questions_of_a_closed_survey_stay_as_they_are(opened, personas):
    survey_close(survey=opened, by=personas["secretary"])
    opened.refresh_from_db()
    assert allowed(personas, "surveys.edit_questions", opened) == set()


def test_every_rule_of_surveys_is_listed_and_tested():
    from core.testing import rules_left_untested
    from surveys.rules import RULES

    assert rules_left_untested("surveys", RULES, __file__) == {"not listed": [], "not registered": [], "not tested": []}
