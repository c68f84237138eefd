"""Excel export of the resolutions (their decisions with progress, and their actions) and of the 三重一大 register
(matters with their decision, and spendings): what the user may see, written row by row in openpyxl's write-only
mode to a temporary file that is streamed out, a constant number of queries per 1,000 rows; text that looks like a
formula is written as text (imports.cells); every export writes an audit record."""

import tempfile

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accounts.roles import VIEW_BODY, VIEW_MATTER
from audit.services import audit_record
from core.views import CapabilityView
from deliberation.models import Action
from deliberation.selectors.actions import with_progress
from deliberation.selectors.matters import matters_visible, spendings_visible
from deliberation.workflow import ACTION_WORKFLOW, MATTER_WORKFLOW, SPENDING_WORKFLOW
from imports.blanks import HEADER_FILL, HEADER_FONT, XLSX
from imports.cells import safe_row, text_cell
from meetings.models import Decision, MajorMatter
from meetings.workflow import DecisionState

CHUNK = 1000
KINDS = dict(MajorMatter.choices)


def _date(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def decision_rows(user):
    decisions = with_progress(Decision.objects.for_user(user, VIEW_BODY).filter(state=DecisionState.ADOPTED)).select_related("meeting__body__unit")
    for d in decisions.order_by("-id").iterator(chunk_size=CHUNK):
        m = d.meeting
        yield (
            m.body.unit.name, m.body.name, _date(m.starts_at), m.title, d.text, d.votes_for, d.votes_against, d.votes_abstain,
            d.get_mode_display(), d.n_actions, d.n_overdue, "" if d.progress is None else d.progress,
        )  # fmt: skip


def action_rows(user):
    actions = Action.objects.for_user(user, VIEW_BODY).select_related("unit", "decision__meeting__body", "escalated_to", "case")
    for a in actions.order_by("unit_path", "deadline", "id").iterator(chunk_size=CHUNK):
        d = a.decision
        yield (
            a.unit.name, d.meeting.body.name if d else a.get_origin_display(), (d.text[:200] if d else ""), a.title, a.responsible_name,
            a.deadline, a.weight, a.progress, ACTION_WORKFLOW.label(a.state), a.escalated_to.name if a.escalated_to else "",
            a.case.number if a.case else "", _date(a.done_at),
        )  # fmt: skip


def matter_rows(user):
    for m in matters_visible(user).order_by("unit_path", "-id").iterator(chunk_size=CHUNK):
        d = m.decision
        yield (
            m.unit.name, str(KINDS.get(m.kind, m.kind)), m.title, m.amount, m.body.name, MATTER_WORKFLOW.label(m.state),
            _date(d.meeting.starts_at) if d else "", d.text[:300] if d else "", f"{d.votes_for}/{d.votes_against}/{d.votes_abstain}" if d else "",
            _date(m.executed_at),
        )  # fmt: skip


def spending_rows(user):
    for s in spendings_visible(user).order_by("unit_path", "-id").iterator(chunk_size=CHUNK):
        yield (s.unit.name, s.purpose, s.amount, s.matter.title if s.matter else "", SPENDING_WORKFLOW.label(s.state), _date(s.created_at))


# sheet: (title, [(header, width)], rows)
SHEETS = {
    "decisions": (
        "决议",
        [("单位", 16), ("议事机构", 22), ("会议时间", 16), ("会议", 24), ("决议内容", 48), ("赞成", 6), ("反对", 6), ("弃权", 6),
         ("表决方式", 10), ("落实事项数", 10), ("逾期事项数", 10), ("落实进度（%）", 12)],
        decision_rows,
    ),
    "actions": (
        "落实事项",
        [("单位", 16), ("议事机构", 22), ("决议", 36), ("落实事项", 32), ("责任方", 18), ("完成时限", 12), ("权重", 6), ("进度（%）", 8),
         ("状态", 10), ("已升级至", 14), ("案件编号", 16), ("完成时间", 16)],
        action_rows,
    ),
    "matters": (
        "三重一大",
        [("单位", 16), ("类别", 14), ("事项", 32), ("金额（元）", 14), ("决策机构", 22), ("状态", 10), ("决策会议时间", 16), ("决议内容", 48),
         ("赞成/反对/弃权", 14), ("执行时间", 16)],
        matter_rows,
    ),
    "spendings": ("资金使用", [("单位", 16), ("用途", 32), ("金额（元）", 14), ("三重一大事项", 32), ("状态", 10), ("申请时间", 16)], spending_rows),
}  # fmt: skip

# export name → (file name, capability, sheets)
EXPORTS = {
    "resolutions": ("决议落实", VIEW_BODY, ("decisions", "actions")),
    "matters": ("三重一大台账", VIEW_MATTER, ("matters", "spendings")),
}


def write_sheet(wb, key: str, user) -> int:
    title, columns, rows = SHEETS[key]
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    header = []
    for i, (name, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        header.append(text_cell(ws, name, font=HEADER_FONT, fill=HEADER_FILL))
    ws.append(header)
    count = 0
    for row in rows(user):
        ws.append(safe_row(ws, [None if v == "" else v for v in row]))
        count += 1
    return count


def export_workbook(*, name: str, user):
    """(an open temporary file holding the workbook, rows per sheet); writes an audit record."""
    title, _perm, sheets = EXPORTS[name]
    wb = Workbook(write_only=True)
    counts = {key: write_sheet(wb, key, user) for key in sheets}
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    audit_record(action="export", user=user, object_type=f"deliberation.{name}", object_repr=title, changes={"kind": name, "rows": counts})
    return out, counts


class ExportView(CapabilityView):
    """GET /deliberation/export/<name>.xlsx: the resolutions (VIEW_BODY) or the 三重一大 register (VIEW_MATTER) as .xlsx."""

    name = ""

    def get_required_perms(self):
        return (EXPORTS[self.name][1],)

    def get(self, request):
        out, _counts = export_workbook(name=self.name, user=request.user)
        return FileResponse(out, as_attachment=True, filename=f"{EXPORTS[self.name][0]}-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX)
