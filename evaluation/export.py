"""A period's results as an Excel workbook (openpyxl): one row per subject with its score, rank and every
indicator's raw value and score, then a sheet stating each indicator's weight and source (the computation)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from imports.cells import put, safe_row

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="8F1B12")


def _header(ws, values):
    for col, v in enumerate(values, start=1):
        c = put(ws, 1, col, v)
        c.font, c.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = 18


def results_workbook(period, results) -> tuple[bytes, int]:
    """(the .xlsx bytes, rows): `results` with their `values` prefetched."""
    indicators = list(period.plan.indicators.order_by("position"))
    wb = Workbook()
    ws = wb.active
    ws.title = _("Results")[:31]
    head = [_("Rank"), _("Residential district"), _("Evaluated"), _("Score"), _("Under the threshold")]
    for ind in indicators:
        head += [f"{ind.name} ({_('raw')}{', ' + ind.unit_label if ind.unit_label else ''})", f"{ind.name} ({_('score')})"]
    _header(ws, head)
    n = 0
    for r in results:
        values = {v.indicator_id: v for v in r.values.all()}
        row = [r.rank, r.estate.name, r.subject_name, r.score, _("Yes") if r.below_threshold else ""]
        for ind in indicators:
            v = values.get(ind.pk)
            row += [v.raw if v else None, v.score if v else None]
        ws.append(safe_row(ws, row))
        n += 1
    ws.freeze_panes = "D2"
    how = wb.create_sheet(_("Computation")[:31])
    _header(how, [_("Indicator"), _("Weight"), _("Source and rule")])
    for ind in indicators:
        first = next((v for r in results for v in r.values.all() if v.indicator_id == ind.pk), None)
        how.append(safe_row(how, [ind.name, ind.weight, first.source if first else ""]))
    how.column_dimensions["C"].width = 80
    how.append([])
    how.append(safe_row(how, [_("Score = Σ weight × indicator score / Σ weight, over the indicators with data.")]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n
