"""Checking one person's answers against the questions: the single place where answers are validated,
used by the answering page, the API and `services.survey_answer`.

`answers_clean(questions, raw)` takes `raw` as {question id: value} where a value is
- single choice: an option index (int, or its digits as text);
- multiple choice: a list of option indexes;
- scale: a whole number 1..scale_max;
- text: a string.
A missing or empty value is no answer. It returns ({question id: cleaned value}, {question id: message});
the messages are translated and written for the person answering.
"""

from django.utils.translation import gettext as _

from surveys.models import QuestionKind

TEXT_MAX = 2000


def _index(value, n: int):
    try:
        i = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return i if 0 <= i < n else None


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, list | tuple) and not value)


def answer_clean(question, value):
    """(cleaned value, None) or (None, message). The cleaned value of no answer is None."""
    kind = question.kind
    if _empty(value):
        if not question.required:
            return None, None
        if kind == QuestionKind.MULTIPLE:
            return None, _("Choose at least one answer.")
        if kind == QuestionKind.TEXT:
            return None, _("Write an answer.")
        return None, _("Choose one answer.")
    if kind == QuestionKind.SINGLE:
        if isinstance(value, list | tuple):
            if len(value) != 1:
                return None, _("Choose only one answer.")
            value = value[0]
        i = _index(value, len(question.options))
        return ([i], None) if i is not None else (None, _("This is not one of the answers offered."))
    if kind == QuestionKind.MULTIPLE:
        values = value if isinstance(value, list | tuple) else [value]
        chosen = [_index(v, len(question.options)) for v in values]
        if any(i is None for i in chosen):
            return None, _("This is not one of the answers offered.")
        return sorted(set(chosen)), None
    if kind == QuestionKind.SCALE:
        try:
            n = int(str(value).strip())
        except (TypeError, ValueError):
            n = 0
        if not 1 <= n <= question.scale_max:
            return None, _("Choose a value from 1 to %(max)s.") % {"max": question.scale_max}
        return n, None
    text = str(value).strip()
    if len(text) > TEXT_MAX:
        return None, _("The answer is too long: at most %(max)s characters.") % {"max": TEXT_MAX}
    return text, None


def answers_clean(questions, raw: dict) -> tuple[dict, dict]:
    cleaned, errors = {}, {}
    raw = {int(k): v for k, v in raw.items()} if raw else {}
    for q in questions:
        value, error = answer_clean(q, raw.get(q.pk))
        if error:
            errors[q.pk] = error
        elif value is not None:
            cleaned[q.pk] = value
    return cleaned, errors


def answer_fields(question, value) -> dict:
    """The Answer model's fields for a cleaned value."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return {"choices": value}
    if question.kind == QuestionKind.SCALE:
        return {"number": value}
    return {"text": value}
