"""Writes to surveys: the small public API other apps reuse (睦邻点 needs surveys in issue 6; satisfaction
and consultation surveys come later).

    from surveys.services import survey_create, survey_open
    from surveys.selectors import survey_results

    survey = survey_create(
        title="睦邻点活动需求调研", unit=district, by=user, purpose="needs",
        questions=[
            {"kind": "single", "text": "您最方便参加活动的时间？", "options": ["上午", "下午", "晚上"]},
            {"kind": "multiple", "text": "您希望开展哪些活动？", "options": ["手工", "读书", "健康讲座"], "required": False},
            {"kind": "scale", "text": "您对现有活动的满意度", "scale_max": 5},
            {"kind": "text", "text": "其他建议", "required": False},
        ],
    )  # audience: the residents with accounts living under `unit`; or audience="list", recipients=[users]
    survey_open(survey=survey, by=user)  # draft → open; each recipient gets a notice with a link
    survey_answer(survey=survey, user=resident_user, answers={question.pk: value, ...})  # once per person
    survey_close(survey=survey, by=user)  # open → closed
    results = survey_results(survey)  # counts, percentages, scale averages, text answers, response rate

States: draft → open → closed (surveys/workflow.py: every step through `core.workflow.transition`, so
each leaves a record on the survey's timeline). Questions can be added, changed, reordered and removed until the first
answer arrives (and never once the survey is closed). A person answers once: a unique constraint on
(survey, user) makes a second submission, even a concurrent one, fail cleanly with `AlreadyAnswered`
(a ValidationError) and change nothing. Only recipients answer: the `Recipient` rows written when the
survey opens, plus, for a unit's survey, anyone with an account who lives under the unit by then.

Each service is atomic with keyword-only arguments; bad input raises ValidationError (translated), a
step the state does not allow raises `core.workflow.IllegalTransition`. Permissions are the caller's:
`surveys.change_survey` at the survey's unit to write, `surveys.view_survey` to see results.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment, User
from core.exceptions import Conflict
from core.workflow import IllegalTransition, allowed, begin, transition
from notices.services import notices_send
from org.models import Unit
from people.models import Resident
from surveys.answers import answer_fields, answers_clean
from surveys.models import Answer, Audience, Question, QuestionKind, Recipient, Response, Survey, SurveyState
from surveys.rules import is_survey_recipient, survey_has_no_answers, survey_is_accepting, survey_is_not_closed

MAX_OPTIONS = 20
OPTION_MAX = 100
SCALE_RANGE = (2, 10)
MAX_QUESTIONS = 50


class AlreadyAnswered(Conflict, ValidationError):
    """The person has answered this survey before; nothing was changed (the API answers 409)."""


class NotARecipient(PermissionDenied):
    """The survey was not sent to this person."""


# --- questions -----------------------------------------------------------------------------------


def question_values(*, kind: str, text: str, options: Iterable[str] = (), scale_max: int = 5, required: bool = True) -> dict:
    """Checked fields of a question, or ValidationError naming the field."""
    text = (text or "").strip()
    errors = {}
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose the kind of question.")
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > 300:
        errors["text"] = _("A question has at most 300 characters.")
    options = [str(o).strip() for o in (options or []) if str(o).strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(options) < 2:
            errors["options"] = _("Give at least two answers to choose from.")
        elif len(options) > MAX_OPTIONS:
            errors["options"] = _("Give at most %(n)s answers to choose from.") % {"n": MAX_OPTIONS}
        elif len(set(options)) != len(options):
            errors["options"] = _("Each answer to choose from must be different.")
        elif any(len(o) > OPTION_MAX for o in options):
            errors["options"] = _("An answer to choose from has at most %(n)s characters.") % {"n": OPTION_MAX}
    else:
        options = []
    if kind == QuestionKind.SCALE:
        try:
            scale_max = int(scale_max)
        except (TypeError, ValueError):
            scale_max = 0
        if not SCALE_RANGE[0] <= scale_max <= SCALE_RANGE[1]:
            errors["scale_max"] = _("A scale goes from 1 to a number between %(lo)s and %(hi)s.") % {"lo": SCALE_RANGE[0], "hi": SCALE_RANGE[1]}
    else:
        scale_max = 5
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "text": text, "options": options, "scale_max": scale_max, "required": bool(required)}


def _lock(survey: Survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _check_questions_editable(survey: Survey) -> None:
    if not survey_is_not_closed(None, survey):
        raise IllegalTransition(_("The survey is closed; its questions cannot change."))
    if not survey_has_no_answers(None, survey):
        raise IllegalTransition(_("People have answered already; the questions cannot change any more."))


@transaction.atomic
def question_add(*, survey: Survey, kind: str, text: str, options: Iterable[str] = (), scale_max: int = 5, required: bool = True) -> Question:
    """A question at the end of the survey."""
    survey = _lock(survey)
    _check_questions_editable(survey)
    values = question_values(kind=kind, text=text, options=options, scale_max=scale_max, required=required)
    last = survey.questions.aggregate(m=Max("position"))["m"]
    if survey.questions.count() >= MAX_QUESTIONS:
        raise ValidationError(_("A survey has at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    return Question.objects.create(survey=survey, position=(last or 0) + 1, **values)


@transaction.atomic
def question_update(*, question: Question, kind: str, text: str, options: Iterable[str] = (), scale_max: int = 5, required: bool = True) -> Question:
    _check_questions_editable(_lock(question.survey))
    values = question_values(kind=kind, text=text, options=options, scale_max=scale_max, required=required)
    Question.objects.filter(pk=question.pk).update(**values)
    for k, v in values.items():
        setattr(question, k, v)
    return question


@transaction.atomic
def question_remove(*, question: Question) -> None:
    survey = _lock(question.survey)
    _check_questions_editable(survey)
    question.delete()
    _renumber(survey, [q.pk for q in survey.questions.order_by("position")])


def _renumber(survey: Survey, order: list[int]) -> None:
    """Positions 1..n in `order`; moved out of the way first, so the unique (survey, position) holds at every step."""
    offset = (survey.questions.aggregate(m=Max("position"))["m"] or 0) + len(order) + 1
    for i, pk in enumerate(order):
        Question.objects.filter(pk=pk, survey=survey).update(position=offset + i)
    for i, pk in enumerate(order, start=1):
        Question.objects.filter(pk=pk, survey=survey).update(position=i)


@transaction.atomic
def questions_reorder(*, survey: Survey, order: list[int]) -> None:
    """Put the survey's questions in the order of `order` (every question id once)."""
    survey = _lock(survey)
    _check_questions_editable(survey)
    ids = list(survey.questions.values_list("pk", flat=True))
    if sorted(order) != sorted(ids):
        raise ValidationError(_("Give every question of the survey exactly once."))
    _renumber(survey, list(order))


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """One place up or down (nothing at either end)."""
    order = list(question.survey.questions.order_by("position").values_list("pk", flat=True))
    i = order.index(question.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(order):
        order[i], order[j] = order[j], order[i]
        questions_reorder(survey=question.survey, order=order)


@transaction.atomic
def questions_replace(*, survey: Survey, questions: Iterable[dict]) -> list[Question]:
    """All the questions at once (the API): the old ones go, these come in this order."""
    survey = _lock(survey)
    _check_questions_editable(survey)
    checked, errors = [], {}
    for i, q in enumerate(questions):
        try:
            checked.append(question_values(**q))
        except ValidationError as e:
            errors[f"questions[{i}]"] = [f"{k}: {m}" for k, ms in e.message_dict.items() for m in ms]
    if errors:
        raise ValidationError(errors)
    if len(checked) > MAX_QUESTIONS:
        raise ValidationError({"questions": _("A survey has at most %(n)s questions.") % {"n": MAX_QUESTIONS}})
    survey.questions.all().delete()
    return Question.objects.bulk_create([Question(survey=survey, position=i, **v) for i, v in enumerate(checked, start=1)])


# --- the survey ----------------------------------------------------------------------------------


def audience_users(unit: Unit):
    """Ids of the people with accounts living under `unit`."""
    return Resident.objects.filter(unit_path__startswith=unit.path, user__isnull=False).values_list("user_id", flat=True)


def check_list_recipients(unit: Unit, users: Iterable) -> list[int]:
    """Ids of the chosen people, each of whom lives under `unit` or holds a role there; else ValidationError."""
    ids = list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in users))
    if not ids:
        raise ValidationError({"recipients": _("Choose at least one person to send the survey to.")})
    living = set(Resident.objects.filter(user_id__in=ids, unit_path__startswith=unit.path).values_list("user_id", flat=True))
    working = set(RoleAssignment.objects.filter(user_id__in=ids, unit_path__startswith=unit.path).values_list("user_id", flat=True))
    outside = [i for i in ids if i not in living | working]
    if outside:
        names = ", ".join(str(u) for u in User.objects.filter(pk__in=outside)[:5])
        raise ValidationError({"recipients": _("These people neither live nor work under %(unit)s: %(names)s.") % {"unit": unit.name, "names": names}})
    return ids


@transaction.atomic
def survey_create(
    *,
    title: str,
    unit: Unit,
    by=None,
    intro: str = "",
    questions: Iterable[dict] = (),
    audience: str = Audience.UNIT,
    recipients: Iterable = (),
    anonymous: bool = True,
    purpose: str = "",
    closes_at=None,
) -> Survey:
    """A draft survey on `unit`, with its questions ([{"kind", "text", "options", "scale_max", "required"}])
    and, for `audience="list"`, the people it goes to (users or user ids)."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the survey a title.")})
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose whom the survey is for.")})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing time must be in the future.")})
    ids = check_list_recipients(unit, recipients) if audience == Audience.LIST else []
    survey = Survey(
        title=title[:100], intro=(intro or "").strip(), unit=unit, unit_path=unit.path, audience=audience, anonymous=anonymous,
        purpose=(purpose or "")[:32], closes_at=closes_at, created_by=by if getattr(by, "pk", None) else None,
    )  # fmt: skip
    survey.save()
    begin(survey, by=by)
    if questions:
        questions_replace(survey=survey, questions=questions)
    if ids:
        Recipient.objects.bulk_create([Recipient(survey=survey, user_id=i) for i in ids])
    return survey


@transaction.atomic
def survey_update(*, survey: Survey, title: str, intro: str = "", anonymous: bool | None = None, closes_at=None, recipients: Iterable | None = None) -> Survey:
    """Title, introduction and closing time; while a draft also whether it is anonymous and, for a list,
    the people it goes to."""
    survey = _lock(survey)
    if survey.state == SurveyState.CLOSED:
        raise IllegalTransition(_("The survey is closed; it cannot change."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the survey a title.")})
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing time must be in the future.")})
    survey.title, survey.intro, survey.closes_at = title[:100], (intro or "").strip(), closes_at
    fields = ["title", "intro", "closes_at", "updated_at"]
    if survey.state == SurveyState.DRAFT:
        if anonymous is not None:
            survey.anonymous = anonymous
            fields.append("anonymous")
        if recipients is not None and survey.audience == Audience.LIST:
            ids = check_list_recipients(survey.unit, recipients)
            survey.recipients.exclude(user_id__in=ids).delete()
            Recipient.objects.bulk_create([Recipient(survey=survey, user_id=i) for i in ids], ignore_conflicts=True)
    survey.save(update_fields=fields)
    return survey


def survey_url(survey: Survey) -> str:
    return reverse("surveys:answer", args=[survey.pk])


@transaction.atomic
def survey_open(*, survey: Survey, by=None, notify: bool = True) -> Survey:
    """draft → open: the recipients are fixed (for a unit: everyone with an account living under it) and
    each is sent a notice with a link to the answering page."""
    survey = _lock(survey)
    if not allowed(survey, SurveyState.OPEN, "open"):
        raise IllegalTransition(_("Only a draft survey can be opened."))
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_at is not None and survey.closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing time must be in the future.")})
    if survey.audience == Audience.UNIT:
        Recipient.objects.bulk_create([Recipient(survey=survey, user_id=i) for i in audience_users(survey.unit)], ignore_conflicts=True, batch_size=2000)
    users = list(survey.recipients.values_list("user_id", flat=True))
    if not users:
        raise ValidationError(_("Nobody would receive this survey: nobody with an account lives under %(unit)s.") % {"unit": survey.unit.name})
    survey = transition(survey, SurveyState.OPEN, by, action="open", opens_at=timezone.now())
    if notify:
        with translation.override(settings.LANGUAGE_CODE):  # read later, by someone else
            title = _("A survey for you: %(title)s") % {"title": survey.title}
            body = survey.intro[:500] or _("Please take a minute to answer it; each person answers once.")
        notices_send(users, title, body, survey_url(survey))
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, by=None) -> Survey:
    """open → closed: no more answers."""
    survey = _lock(survey)
    if not allowed(survey, SurveyState.CLOSED, "close"):
        raise IllegalTransition(_("Only an open survey can be closed."))
    now = timezone.now()
    return transition(
        survey, SurveyState.CLOSED, by, action="close", closes_at=lambda s: s.closes_at if s.closes_at is not None and s.closes_at <= now else now
    )


# --- answering -----------------------------------------------------------------------------------


@transaction.atomic
def survey_answer(*, survey: Survey, user, answers: dict) -> Response:
    """One person's answers ({question id: value}, see `surveys.answers`), once. Raises NotARecipient,
    IllegalTransition (not open), AlreadyAnswered, or ValidationError keyed by question id."""
    survey = _lock(survey)  # answers and question changes do not interleave
    if not is_survey_recipient(user, survey):
        raise NotARecipient(_("This survey was not sent to you."))
    if not survey_is_accepting(user, survey):
        raise IllegalTransition(_("This survey is not taking answers."))
    if Response.objects.filter(survey=survey, user=user).exists():
        raise AlreadyAnswered(_("You have answered this survey already; each person answers once."))
    questions = list(survey.questions.order_by("position"))
    cleaned, errors = answers_clean(questions, answers)
    if errors:
        raise ValidationError({str(k): v for k, v in errors.items()})
    try:
        with transaction.atomic():  # a concurrent second submission meets the unique constraint here
            response = Response.objects.create(survey=survey, user=user)
    except IntegrityError as e:
        raise AlreadyAnswered(_("You have answered this survey already; each person answers once.")) from e
    by_id = {q.pk: q for q in questions}
    Answer.objects.bulk_create([Answer(response=response, question_id=pk, **answer_fields(by_id[pk], v)) for pk, v in cleaned.items()])
    Recipient.objects.bulk_create([Recipient(survey=survey, user=user)], ignore_conflicts=True)  # a resident who moved in after it opened
    return response


def surveys_closing_due(now=None):
    """Open surveys whose closing time has passed (for a periodic job)."""
    return Survey.objects.filter(Q(state=SurveyState.OPEN) & Q(closes_at__lte=now or timezone.now()))


def surveys_close_due(now=None) -> str:
    """Close the open surveys past their closing time; a periodic job's function."""
    n = 0
    for survey in surveys_closing_due(now):
        survey_close(survey=survey)
        n += 1
    return f"{n} surveys closed"
