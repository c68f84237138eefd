"""A meeting's minutes as an Excel workbook (openpyxl), like `surveys.export`: a sheet of the meeting (facts,
attendance, the minutes' text), a sheet of the agenda with each decision's counts, and a sheet of every member's
vote. Text that looks like a formula is written as text (imports.cells)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from imports.cells import put, safe_row
from meetings.selectors.decisions import print_context

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="8F1B12")
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)


def _header(ws, row: int, values) -> None:
    for col, v in enumerate(values, start=1):
        c = put(ws, row, col, v)
        c.font, c.fill = HEADER_FONT, HEADER_FILL


def _at(value) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def minutes_workbook(meeting) -> tuple[bytes, int]:
    """(the .xlsx file's bytes, the number of agenda items in it)."""
    ctx = print_context(meeting)
    minutes = ctx["minutes"]
    wb = Workbook()
    ws = wb.active
    ws.title = _("Meeting")[:31]
    put(ws, 1, 1, meeting.title).font = TITLE_FONT
    facts = [
        (_("Body"), meeting.body.name),
        (_("Starts at"), _at(meeting.starts_at)),
        (_("Place"), meeting.room.name if meeting.room_id else meeting.location),
        (_("Members present"), f"{ctx['present_count']} / {len(ctx['members'])}"),
        (_("Minutes"), minutes.get_state_display() if minutes else _("Not written yet")),
        (_("Approved by"), (minutes.approved_by.display_name if minutes and minutes.approved_by else "")),
        (_("Published until"), f"{minutes.published_until:%Y-%m-%d}" if minutes and minutes.published_until else ""),
    ]
    row = 3
    for label, value in facts:
        put(ws, row, 1, label).font = BOLD
        put(ws, row, 2, value)
        row += 1
    row += 1
    _header(ws, row, [_("Seat"), _("Member"), _("Signed in at")])
    for member, signed_in in ctx["members"]:
        row += 1
        for col, v in enumerate((member.seat.name, member.name, _at(signed_in) if signed_in else _("Absent")), start=1):
            put(ws, row, col, v)
    row += 2
    put(ws, row, 1, _("Minutes")).font = BOLD
    put(ws, row + 1, 1, minutes.text if minutes else "")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 18, 40, 20

    items = wb.create_sheet(_("Agenda and decisions")[:31])
    _header(
        items,
        1,
        [
            _("No."),
            _("Item"),
            _("Discussion notes"),
            _("Resolution"),
            _("How"),
            _("Outcome"),
            pgettext("vote", "For"),
            _("Against"),
            _("Abstain"),
            _("Present"),
            _("Seats"),
        ],
    )
    votes = wb.create_sheet(_("Votes")[:31])
    _header(votes, 1, [_("No."), _("Item"), _("Seat"), _("Member"), _("Vote"), _("Cast at")])
    for n, item in enumerate(ctx["items"], start=1):
        d = item.the_decision
        cells = [n, item.title, item.notes]
        if d is not None:
            cells += [d.text, d.get_mode_display(), d.get_state_display(), d.votes_for, d.votes_against, d.votes_abstain, d.present, d.seats]
            for v in d.votes.all():
                votes.append(safe_row(votes, [n, item.title, v.membership.seat.name, v.membership.name, v.get_choice_display(), _at(v.cast_at)]))
        items.append(safe_row(items, cells))
    for sheet, widths in ((items, (6, 30, 40, 40, 10, 10, 6, 6, 6, 6, 6)), (votes, (6, 30, 16, 14, 8, 18))):
        for i, w in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + i)].width = w
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), len(ctx["items"])
