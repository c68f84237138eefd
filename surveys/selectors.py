"""Reads of surveys: the staff's scoped list, the surveys sent to a person, and `survey_results(survey)`,
part of the public API (see `surveys.services`):

    results = survey_results(survey)
    results.recipients, results.responses, results.rate      # 120, 87, 0.725
    for q in results.questions:                               # in the survey's order
        q.question.text, q.answered                           # how many answered this question
        [(o.label, o.count, o.percent) for o in q.options]    # choices; for a scale the values 1..N
        q.average                                             # a scale's mean, else None
        [(t.text, t.who) for t in q.texts]                    # text answers; `who` is "" when anonymous

Percentages are of the people who answered the question (for multiple choice they may add up to more
than 100). An anonymous survey's results never say who answered what: no names, and text answers in
an order that does not follow the order of submission.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.roles import VIEW_SURVEY
from people.models import Resident
from surveys.labels import state_label, step_label
from surveys.models import Answer, Audience, Question, QuestionKind, Recipient, Response, Survey, SurveyState


def surveys_for_user(user, perm: str = VIEW_SURVEY):
    """The surveys on units in the user's scope for `perm`, with their counts of questions, recipients and answers:
    each count a correlated subquery on its own index, so the list never joins the three (recipients × responses
    rows per survey) before paging."""
    return (
        Survey.objects.for_user(user, perm)
        .select_related("unit")
        .annotate(
            n_questions=_count_of(Question),
            n_recipients=_count_of(Recipient),
            n_responses=_count_of(Response),
        )
    )


def _count_of(model):
    rows = model.objects.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def surveys_for_respondent(user):
    """The open or closed surveys sent to this person (recipient rows, or an open survey on a unit they live
    under), with `answered` telling whether they have answered."""
    if not getattr(user, "is_authenticated", False):
        return Survey.objects.none()
    homes = list(Resident.objects.filter(user=user).values_list("unit_path", flat=True))
    sent = Q(Exists(Recipient.objects.filter(survey=OuterRef("pk"), user=user)))
    for home in homes:  # the survey's unit is an ancestor of (or is) the home
        sent |= Q(audience=Audience.UNIT, state=SurveyState.OPEN, unit__path__in=_prefixes(home))
    return (
        Survey.objects.exclude(state=SurveyState.DRAFT)
        .filter(sent)
        .annotate(answered=Exists(Response.objects.filter(survey=OuterRef("pk"), user=user)))
        .select_related("unit")
        .order_by("-opens_at", "-id")
    )


def _prefixes(path: str) -> list[str]:
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "."]


def survey_questions(survey: Survey) -> list[Question]:
    return list(survey.questions.order_by("position"))


@dataclass
class OptionCount:
    label: str
    count: int
    percent: float  # 0..100, of those who answered the question


@dataclass
class TextAnswer:
    text: str
    who: str = ""  # empty for an anonymous survey


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    options: list[OptionCount] = field(default_factory=list)
    average: float | None = None
    texts: list[TextAnswer] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class Results:
    survey: Survey
    recipients: int
    responses: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> float | None:
        """Response rate 0..1 (None when the survey went to nobody)."""
        return min(1.0, self.responses / self.recipients) if self.recipients else None


def _pct(n: int, of: int) -> float:
    return round(100 * n / of, 1) if of else 0.0


def respondent_names(user_ids) -> dict[int, str]:
    """The name each respondent is known by: their resident record's name, else their account's."""
    from accounts.models import User

    user_ids = set(user_ids)
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids).only("pk", "username", "display_name")}
    names.update(dict(Resident.objects.filter(user_id__in=user_ids).values_list("user_id", "name")))
    return names


def survey_results(survey: Survey) -> Results:
    """The survey's figures, in a fixed number of queries whatever the number of answers."""
    questions = survey_questions(survey)
    rows = list(Answer.objects.filter(response__survey=survey).values_list("question_id", "choices", "number", "text", "response__user_id"))
    names = {} if survey.anonymous else respondent_names(r[4] for r in rows if r[3])
    by_question = {q.pk: QuestionResult(question=q) for q in questions}
    counts = {q.pk: [0] * (q.scale_max if q.kind == QuestionKind.SCALE else len(q.options)) for q in questions}
    totals = dict.fromkeys(by_question, 0)
    for qid, choices, number, text, user_id in rows:
        r = by_question.get(qid)
        if r is None:
            continue
        kind = r.question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            valid = [i for i in choices or [] if isinstance(i, int) and 0 <= i < len(counts[qid])]
            if not valid:
                continue
            for i in valid:
                counts[qid][i] += 1
        elif kind == QuestionKind.SCALE:
            if number is None or not 1 <= number <= len(counts[qid]):
                continue
            counts[qid][number - 1] += 1
            totals[qid] += number
        else:
            if not (text or "").strip():
                continue
            r.texts.append(TextAnswer(text, "" if survey.anonymous else names.get(user_id, "")))
        r.answered += 1
    for q in questions:
        r = by_question[q.pk]
        if q.kind == QuestionKind.SCALE:
            r.options = [OptionCount(str(v), n, _pct(n, r.answered)) for v, n in enumerate(counts[q.pk], start=1)]
            r.average = round(totals[q.pk] / r.answered, 2) if r.answered else None
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            r.options = [OptionCount(label, n, _pct(n, r.answered)) for label, n in zip(q.options, counts[q.pk], strict=True)]
        elif survey.anonymous:
            r.texts.sort(key=lambda t: t.text)  # not the order in which people answered
    recipients = Recipient.objects.filter(survey=survey).count()
    responses = Response.objects.filter(survey=survey).count()
    return Results(survey=survey, recipients=max(recipients, responses), responses=responses, questions=[by_question[q.pk] for q in questions])


def survey_timeline(survey: Survey) -> list[dict]:
    """The survey's steps, oldest first, in words for a page: a step without a person was the system's
    (the periodic job closing it at its closing time)."""
    return [
        {
            "at": t.at,
            "code": t.action,
            "action": step_label(t.action),
            "from": state_label(t.from_state) if t.from_state else "",
            "to": state_label(t.to_state),
            "by": str(t.by) if t.by is not None else _("System"),
            "note": t.note,
        }
        for t in survey.transitions.select_related("by").order_by("at", "id")
    ]
