"""The surveys' named rules (django-rules): who answers a survey, and when its questions may change.

Object predicates say who someone is to a survey; phase predicates say where it is; the named permissions
compose them with the capability predicates of `accounts.rules`. Pages, API and services ask the same
names (`user.has_perm("surveys.see_sent_survey", survey)`) or, inside a service that must give its own
error for each part, the same predicates (`is_survey_recipient`, `survey_is_accepting`).

Registered here (the guard test in `surveys/tests/test_rules.py` checks this list):
"""

import rules
from django.utils import timezone

from accounts.roles import CHANGE_SURVEY
from accounts.rules import holds, object_predicate
from people.models import Resident
from surveys.models import Audience, Recipient, Response, SurveyState


@object_predicate
def is_survey_recipient(user, survey) -> bool:
    """Sent to this person: a recipient row, or (for a unit's survey) an account living under the unit."""
    if not getattr(user, "is_authenticated", False):
        return False
    if Recipient.objects.filter(survey=survey, user=user).exists():
        return True
    return survey.audience == Audience.UNIT and Resident.objects.filter(user=user, unit_path__startswith=survey.unit_path).exists()


@object_predicate
def survey_is_accepting(user, survey) -> bool:
    """Open, and its closing time (if any) not passed."""
    return survey.state == SurveyState.OPEN and (survey.closes_at is None or survey.closes_at > timezone.now())


@object_predicate
def survey_is_not_closed(user, survey) -> bool:
    return survey.state != SurveyState.CLOSED


@object_predicate
def survey_has_no_answers(user, survey) -> bool:
    return not Response.objects.filter(survey=survey).exists()


RULES = {
    # the answering page and the respondent's API: 404 for anyone the survey was not sent to
    "surveys.see_sent_survey": is_survey_recipient,
    "surveys.answer_survey": is_survey_recipient & survey_is_accepting,
    # the questions change until the survey is closed or someone has answered
    "surveys.edit_questions": holds(CHANGE_SURVEY) & survey_is_not_closed & survey_has_no_answers,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
