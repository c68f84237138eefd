"""A survey's results as an Excel workbook (openpyxl): a summary sheet (the survey, the response rate,
each question's counts and percentages, scale averages) and a sheet of all answers, one row per
response, one column per question. Anonymous surveys are anonymised: respondents are numbered in an
order unrelated to who they are or when they answered, with no names and no times. Text that looks
like a formula (a title or an answer beginning with "=") is written as text (imports.cells)."""

import hashlib
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from imports.cells import put, safe_row
from surveys.labels import state_label
from surveys.models import Answer, QuestionKind, Response, Survey
from surveys.selectors import respondent_names, survey_questions, survey_results

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="8F1B12")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


def _header(ws, row: int, values: list[str]) -> None:
    for col, v in enumerate(values, start=1):
        c = put(ws, row, col, v)
        c.font, c.fill = HEADER_FONT, HEADER_FILL


def _summary(ws, survey: Survey) -> None:
    results = survey_results(survey)
    ws.title = _("Summary")[:31]
    put(ws, 1, 1, survey.title).font = TITLE_FONT
    facts = [
        (_("Unit"), survey.unit.name),
        (_("State"), state_label(survey.state)),
        (_("Anonymous"), _("Yes") if survey.anonymous else _("No")),
        (_("Opened"), f"{timezone.localtime(survey.opens_at):%Y-%m-%d %H:%M}" if survey.opens_at else ""),
        (_("Closes"), f"{timezone.localtime(survey.closes_at):%Y-%m-%d %H:%M}" if survey.closes_at else ""),
        (_("Sent to"), results.recipients),
        (_("Answered"), results.responses),
        (_("Response rate"), f"{results.rate * 100:.1f}%" if results.rate is not None else "—"),
    ]
    row = 3
    for label, value in facts:
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, value)
        row += 1
    row += 1
    _header(ws, row, [_("Question"), _("Answer"), _("Count"), _("Percent")])
    row += 1
    for i, r in enumerate(results.questions, start=1):
        q = r.question
        put(ws, row, 1, f"{i}. {q.text}").font = BOLD
        put(ws, row, 2, f"{q.get_kind_display()} · " + _("%(n)s answered") % {"n": r.answered})
        row += 1
        for o in r.options:
            put(ws, row, 2, o.label)
            ws.cell(row=row, column=3, value=o.count)
            ws.cell(row=row, column=4, value=o.percent / 100).number_format = "0.0%"
            row += 1
        if r.average is not None:
            ws.cell(row=row, column=2, value=_("Average")).font = BOLD
            ws.cell(row=row, column=3, value=r.average)
            row += 1
        if q.kind == QuestionKind.TEXT:
            ws.cell(row=row, column=2, value=_("See the sheet of all answers."))
            row += 1
    for col, width in zip("ABCD", (48, 36, 10, 10), strict=True):
        ws.column_dimensions[col].width = width


def _choice_text(question, answer) -> str | int | None:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return "；".join(question.options[i] for i in answer[0] or [] if isinstance(i, int) and 0 <= i < len(question.options)) or None
    if question.kind == QuestionKind.SCALE:
        return answer[1]
    return answer[2] or None


def _answers(ws, survey: Survey) -> int:
    questions = survey_questions(survey)
    responses = list(Response.objects.filter(survey=survey).order_by("submitted_at", "id").values_list("pk", "user_id", "submitted_at"))
    answers = {}
    for rid, qid, choices, number, text in Answer.objects.filter(response__survey=survey).values_list(
        "response_id", "question_id", "choices", "number", "text"
    ):
        answers[(rid, qid)] = (choices, number, text)
    if survey.anonymous:  # a fixed order that says nothing of who answered or when
        responses.sort(key=lambda r: hashlib.sha256(f"{survey.pk}:{r[0]}".encode()).hexdigest())
        head = [_("Respondent")]
    else:
        names = respondent_names(r[1] for r in responses)
        head = [_("Respondent"), _("Submitted at")]
    _header(ws, 1, head + [f"{i}. {q.text}" for i, q in enumerate(questions, start=1)])
    for n, (rid, user_id, at) in enumerate(responses, start=1):
        lead = [_("Respondent %(n)s") % {"n": n}] if survey.anonymous else [names.get(user_id, ""), f"{timezone.localtime(at):%Y-%m-%d %H:%M}"]
        ws.append(safe_row(ws, lead + [_choice_text(q, answers[(rid, q.pk)]) if (rid, q.pk) in answers else None for q in questions]))
    for i in range(1, len(head) + len(questions) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16 if i <= len(head) else 28
    for cell in ws[1]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=2, column=len(head) + 1)
    return len(responses)


def survey_workbook(survey: Survey) -> tuple[bytes, int]:
    """(the .xlsx file's bytes, the number of responses in it)."""
    wb = Workbook()
    _summary(wb.active, survey)
    n = _answers(wb.create_sheet(_("All answers")[:31]), survey)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n
