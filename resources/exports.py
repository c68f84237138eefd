"""Excel export of the three libraries (S2.1-S2.3) in the import's own columns (resources.imports.spec),
so an exported file, once edited, imports again.

What the user may see (`resources.view_resource`, scoped) is written row by row in openpyxl's
write-only mode to a temporary file that is streamed out; queries stay constant per 1,000 rows
(one query and its prefetches per chunk). Mobile numbers are masked unless the user has
`people.view_pii` where the talent lives; text that looks like a formula is written as text
(imports.cells); every export writes an audit record.
"""

import tempfile

from django.db.models import Prefetch
from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accounts.roles import VIEW_PII, VIEW_RESOURCE
from accounts.scope import scope_paths
from audit.services import audit_record
from core.protect import decrypt
from core.views import CapabilityView
from imports.blanks import HEADER_FILL, HEADER_FONT, XLSX
from imports.cells import safe_row, text_cell
from imports.kinds.weekly import weekly_text
from resources.imports.spec import ORG_KINDS, ORGANISATIONS, PROJECTS, RESOURCE_SPECS, SPACES, TALENTS, YES_NO
from resources.imports.talents import skills_text
from resources.models import Organisation, Project, SharedSpace, Talent, TalentSkill, TalentState

CHUNK = 1000
YES = {value: label for label, value in YES_NO}
ORG_KIND_LABELS = {value: label for label, value in ORG_KINDS}


def _joined(values) -> str:
    return "、".join(str(v) for v in values if v)


def talent_rows(user):
    pii = scope_paths(user, VIEW_PII) or []
    skills = TalentSkill.objects.select_related("type").order_by("-level", "type__sort", "type__code")
    talents = (
        Talent.objects.for_user(user, VIEW_RESOURCE)
        .filter(state=TalentState.ACTIVE)
        .select_related("unit")
        .prefetch_related(Prefetch("skills", queryset=skills))
        .order_by("unit_path", "id")
    )
    for t in talents.iterator(chunk_size=CHUNK):
        full = t.phone_enc and any(t.unit_path.startswith(p) for p in pii)
        skill_cell, level_cell = skills_text([(s.type.name, s.level) for s in t.skills.all()])
        yield (
            t.name, decrypt(t.phone_enc) if full else t.phone_masked, t.unit.code, skill_cell, level_cell, weekly_text(t.availability),
            t.reach_m, t.group_size, t.sessions_per_period, YES[t.public_consent], t.bio,
        )  # fmt: skip


def space_rows(user):
    spaces = (
        SharedSpace.objects.for_user(user, VIEW_RESOURCE).select_related("room__unit", "organisation").prefetch_related("types").order_by("unit_path", "id")
    )
    for s in spaces.iterator(chunk_size=CHUNK):
        room = s.room
        yield (
            room.name, room.unit.code, _joined(t.name for t in s.types.all()), s.organisation.name if s.organisation else "", s.address,
            room.capacity, room.area_m2, _joined(room.equipment or []), weekly_text(room.opening_hours), room.rules, s.fee,
            s.uses_per_period, YES[s.is_active], s.description,
        )  # fmt: skip


def organisation_rows(user):
    orgs = Organisation.objects.for_user(user, VIEW_RESOURCE).select_related("unit").prefetch_related("districts").order_by("unit_path", "name")
    for o in orgs.iterator(chunk_size=CHUNK):
        yield (
            o.name, ORG_KIND_LABELS.get(o.kind, o.kind), o.credit_code, o.unit.code, _joined(d.code for d in o.districts.all()), o.address,
            o.contact_name, o.contact_phone, YES[o.is_active], o.description,
        )  # fmt: skip


def project_rows(user):
    projects = (
        Project.objects.for_user(user, VIEW_RESOURCE)
        .select_related("organisation")
        .prefetch_related("types", "districts")
        .order_by("organisation__name", "name", "id")
    )
    for p in projects.iterator(chunk_size=CHUNK):
        yield (
            p.organisation.name, p.name, _joined(t.name for t in p.types.all()), p.content, p.capacity, p.deliveries, p.budget,
            p.cost_to_requester, p.starts_on, p.ends_on,
            _joined(d.code for d in p.districts.all()), weekly_text(p.availability), YES[p.is_active],
        )  # fmt: skip


def write_sheet(wb, kind: str, rows) -> int:
    """One sheet in the import's columns; the number of data rows written."""
    spec = RESOURCE_SPECS[kind]
    ws = wb.create_sheet(spec.sheet)
    ws.freeze_panes = "A2"
    header = []
    for i, column in enumerate(spec.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
        header.append(text_cell(ws, column.header, font=HEADER_FONT, fill=HEADER_FILL))
    ws.append(header)
    count = 0
    for row in rows:
        ws.append(safe_row(ws, [None if v == "" else v for v in row]))
        count += 1
    return count


# export name -> (file name, [(kind, rows of a user)])
EXPORTS = {
    TALENTS: ("社区达人", [(TALENTS, talent_rows)]),
    SPACES: ("共享空间", [(SPACES, space_rows)]),
    ORGANISATIONS: ("共建单位与企业", [(ORGANISATIONS, organisation_rows), (PROJECTS, project_rows)]),
}


def export_workbook(*, name: str, user):
    """(an open temporary file holding the workbook, rows per sheet); writes an audit record."""
    title, sheets = EXPORTS[name]
    wb = Workbook(write_only=True)
    counts = {kind: write_sheet(wb, kind, rows(user)) for kind, rows in sheets}
    out = tempfile.TemporaryFile()
    wb.save(out)
    out.seek(0)
    audit_record(action="export", user=user, object_type=f"resources.{name}", object_repr=title, changes={"kind": name, "rows": counts})
    return out, counts


class ExportView(CapabilityView):
    """GET /resources/export/<name>.xlsx: everything of one library the user may see, as .xlsx."""

    name = ""
    required_perm = VIEW_RESOURCE

    def get(self, request):
        out, _counts = export_workbook(name=self.name, user=request.user)
        title = EXPORTS[self.name][0]
        return FileResponse(out, as_attachment=True, filename=f"{title}-{timezone.localdate():%Y%m%d}.xlsx", content_type=XLSX)
