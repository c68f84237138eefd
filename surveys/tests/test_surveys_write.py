"""Writing a questionnaire: drafts, questions (kinds, order, required), the audience, opening with
notices, closing; questions are fixed once answers exist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.testing import make_user
from core.workflow import IllegalTransition
from notices.models import Notice
from surveys import services
from surveys.models import Audience, Question, Recipient, SurveyState
from surveys.tests.builders import make_survey
from surveys.tests.conftest import good_answers


def positions(survey):
    return list(survey.questions.order_by("position").values_list("text", flat=True))


def test_a_new_survey_is_a_draft_with_its_questions_in_order(draft):
    assert draft.state == SurveyState.DRAFT and draft.unit_path == draft.unit.path and draft.anonymous
    assert [q.kind for q in draft.questions.order_by("position")] == ["single", "multiple", "scale", "text"]
    assert list(draft.questions.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ({"kind": "single", "text": "选一个", "options": ["只有一个"]}, "options"),
        ({"kind": "multiple", "text": "多选", "options": ["甲", "甲"]}, "options"),
        ({"kind": "scale", "text": "打分", "scale_max": 11}, "scale_max"),
        ({"kind": "text", "text": "  "}, "text"),
        ({"kind": "ranking", "text": "排序"}, "kind"),
    ],
)
def test_a_badly_written_question_is_refused_naming_the_field(draft, question, field):
    with pytest.raises(ValidationError) as e:
        services.question_add(survey=draft, **question)
    assert field in e.value.message_dict
    assert draft.questions.count() == 4


def test_questions_are_added_at_the_end_moved_and_removed_keeping_positions_one_to_n(draft):
    q = services.question_add(survey=draft, kind="scale", text="您对睦邻点的满意度", scale_max=10, required=False)
    assert q.position == 5 and q.scale_max == 10 and not q.required
    services.question_move(question=q, up=True)
    assert positions(draft)[3] == "您对睦邻点的满意度"
    first = draft.questions.get(position=1)
    services.question_move(question=first, up=True)  # already first: nothing moves
    assert draft.questions.get(position=1) == first
    services.question_remove(question=first)
    assert list(draft.questions.order_by("position").values_list("position", flat=True)) == [1, 2, 3, 4]


def test_reordering_needs_every_question_once(draft):
    ids = list(draft.questions.order_by("position").values_list("pk", flat=True))
    services.questions_reorder(survey=draft, order=list(reversed(ids)))
    assert positions(draft)[0] == "其他建议"
    with pytest.raises(ValidationError):
        services.questions_reorder(survey=draft, order=ids[:2])


def test_opening_sends_each_resident_with_an_account_under_the_unit_a_notice_with_the_link(draft, residents, personas):
    services.survey_open(survey=draft, by=personas["secretary"])
    draft.refresh_from_db()
    assert draft.state == SurveyState.OPEN and draft.opens_at is not None
    assert set(Recipient.objects.filter(survey=draft).values_list("user_id", flat=True)) == {residents["zsf"].pk, residents["wang"].pk}  # not 李四 of D2
    notices = Notice.objects.filter(url=f"/surveys/{draft.pk}/answer/")
    assert set(notices.values_list("user_id", flat=True)) == {residents["zsf"].pk, residents["wang"].pk}


def test_a_survey_to_a_list_goes_to_the_people_listed_who_live_or_work_under_the_unit(tree, residents, personas):
    survey = make_survey(tree.D1, audience=Audience.LIST, recipients=[residents["wang"], personas["grid_worker"]])
    services.survey_open(survey=survey)
    assert set(survey.recipients.values_list("user_id", flat=True)) == {residents["wang"].pk, personas["grid_worker"].pk}
    with pytest.raises(ValidationError) as e:
        make_survey(tree.D1, audience=Audience.LIST, recipients=[residents["li"]])  # 李四 lives in D2
    assert "recipients" in e.value.message_dict
    with pytest.raises(ValidationError):
        make_survey(tree.D1, audience=Audience.LIST, recipients=[])


def test_a_survey_without_questions_or_without_anyone_to_answer_cannot_open(tree, residents):
    empty = make_survey(tree.D1, questions=[])
    with pytest.raises(ValidationError):
        services.survey_open(survey=empty)
    nobody = make_survey(tree.G2.children.get())  # building B2: 李四 lives in H2 under it
    services.survey_open(survey=nobody)
    lonely = make_survey(tree.H1b)  # 102室: nobody with an account
    with pytest.raises(ValidationError):
        services.survey_open(survey=lonely)
    assert lonely.__class__.objects.get(pk=lonely.pk).state == SurveyState.DRAFT


def test_states_go_draft_open_closed_and_never_back(opened):
    with pytest.raises(IllegalTransition):
        services.survey_open(survey=opened)
    services.survey_close(survey=opened)
    opened.refresh_from_db()
    assert opened.state == SurveyState.CLOSED and opened.closes_at <= timezone.now()
    for step in (services.survey_open, services.survey_close):
        with pytest.raises(IllegalTransition):
            step(survey=opened)


def test_questions_can_change_while_open_until_the_first_answer_then_never(opened, residents):
    services.question_add(survey=opened, kind="text", text="还有什么想说的？", required=False)
    services.survey_answer(survey=opened, user=residents["zsf"], answers=good_answers(opened))
    q = opened.questions.first()
    for change in (
        lambda: services.question_add(survey=opened, kind="text", text="再加一题"),
        lambda: services.question_update(question=q, kind="text", text="改题"),
        lambda: services.question_remove(question=q),
        lambda: services.question_move(question=opened.questions.last(), up=True),
        lambda: services.questions_replace(survey=opened, questions=[{"kind": "text", "text": "全换"}]),
    ):
        with pytest.raises(IllegalTransition):
            change()
    assert Question.objects.filter(survey=opened).count() == 5 and Question.objects.get(pk=q.pk).text == q.text


def test_a_closing_time_must_lie_ahead_and_due_surveys_are_closed_by_the_periodic_job(tree, residents):
    past = timezone.now() - datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        make_survey(tree.D1, closes_at=past)
    survey = make_survey(tree.D1, closes_at=timezone.now() + datetime.timedelta(hours=1))
    services.survey_open(survey=survey)
    assert services.surveys_close_due(timezone.now()) == "0 surveys closed"
    assert services.surveys_close_due(timezone.now() + datetime.timedelta(hours=2)) == "1 surveys closed"
    survey.refresh_from_db()
    assert survey.state == SurveyState.CLOSED


def test_the_periodic_job_is_registered():
    from core.periodic import all_jobs

    assert "surveys.close_due" in {j.name for j in all_jobs()}


def test_updating_a_draft_changes_its_title_anonymity_and_list(tree, residents, personas):
    survey = make_survey(tree.D1, audience=Audience.LIST, recipients=[residents["wang"]])
    services.survey_update(survey=survey, title="新标题", intro="说明", anonymous=False, recipients=[residents["zsf"]])
    survey.refresh_from_db()
    assert (survey.title, survey.intro, survey.anonymous) == ("新标题", "说明", False)
    assert list(survey.recipients.values_list("user_id", flat=True)) == [residents["zsf"].pk]
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, title=" ")
    outsider = make_user("nobody-here")
    with pytest.raises(ValidationError):
        services.survey_update(survey=survey, title="x", recipients=[outsider])
