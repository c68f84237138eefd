"""The reception log (接待群众, S1.2): who came to a station, about what, what was done, the follow-up,
and a case opened in `cases` from a record in one step.

A visitor who is not on record leaves a name and maybe a phone; the phone is kept encrypted
(core.protect) with a masked copy for display. A case opened from a record is a walk-in report: its
source is `Source.RESIDENT` (cases has no walk-in source; a resident's report is the closest), the
resident on record (when they have an account) is its reporter, and the visitor's name and phone are
its contact.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case, CaseCategory, Priority, Source
from cases.services import case_report
from core.protect import decrypt, encrypt, mask_mobile
from core.validators import normalize_mobile, validate_mobile
from doorstep.models import Place, ReceptionLog
from org.models import Unit, UnitKind

WALK_IN_SOURCE = Source.RESIDENT


@transaction.atomic
def reception_record(
    *,
    place: Place,
    by,
    topic: str,
    resident=None,
    visitor_name: str = "",
    visitor_phone: str = "",
    action_taken: str = "",
    follow_up: str = "",
    follow_up_due: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> ReceptionLog:
    """One visit. Either a resident on record or a visitor's name; a phone is validated and kept encrypted."""
    visitor_name, visitor_phone, topic = (visitor_name or "").strip(), (visitor_phone or "").strip(), (topic or "").strip()
    if resident is None and not visitor_name:
        raise ValidationError({"visitor_name": _("Find the resident, or write the visitor's name.")})
    if not topic:
        raise ValidationError({"topic": _("Say what the visit was about.")})
    if visitor_phone:
        visitor_phone = normalize_mobile(visitor_phone)
        try:
            validate_mobile(visitor_phone)
        except ValidationError as e:
            raise ValidationError({"visitor_phone": e.messages}) from e
    follow_up = (follow_up or "").strip()
    if follow_up_due and not follow_up:
        raise ValidationError({"follow_up": _("Say what must be followed up by that date.")})
    return ReceptionLog.objects.create(
        place=place,
        unit_path=place.unit_path,
        received_by=by,
        at=at or timezone.now(),
        resident=resident,
        visitor_name=visitor_name or (resident.name if resident is not None else ""),
        visitor_phone_enc=encrypt(visitor_phone),
        visitor_phone_masked=mask_mobile(visitor_phone) if visitor_phone else "",
        topic=topic,
        action_taken=(action_taken or "").strip(),
        follow_up=follow_up,
        follow_up_due=follow_up_due if follow_up else None,
    )


@transaction.atomic
def reception_follow_up_done(*, log: ReceptionLog, by, done: bool = True, note: str = "") -> ReceptionLog:
    log = ReceptionLog.objects.select_for_update().get(pk=log.pk)
    if not log.follow_up:
        raise ValidationError({"follow_up": _("This visit has no follow-up.")})
    log.follow_up_done = done
    fields = ["follow_up_done", "updated_at"]
    note = (note or "").strip()
    if note:
        log.action_taken = f"{log.action_taken}\n{note}".strip()
        fields.append("action_taken")
    log.save(update_fields=fields)
    return log


def visitor_phone(log: ReceptionLog) -> str:
    """The full phone, for the one place that needs it (the case's contact)."""
    return decrypt(log.visitor_phone_enc)


def default_case_unit(log: ReceptionLog) -> Unit:
    """Where the case hangs: the resident's grid when the visitor is on record (and lives under the
    place), else the place's unit."""
    if log.resident_id:
        grid = Unit.objects.filter(kind=UnitKind.GRID, path__in=_ancestor_paths(log.resident.unit_path)).first()
        if grid is not None and grid.path.startswith(log.place.unit_path):
            return grid
    return log.place.unit


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split(".")[:-1]
    return [".".join(parts[:i]) + "." for i in range(1, len(parts) + 1)]


@transaction.atomic
def reception_open_case(
    *, log: ReceptionLog, by, category: CaseCategory, description: str = "", unit: Unit | None = None, priority: int = Priority.NORMAL, address: str = ""
) -> Case:
    """立案 from the desk: one case from one reception record, linked to it. Refused when the record
    already has its case."""
    log = ReceptionLog.objects.select_for_update(of=("self",)).select_related("place__unit", "resident").get(pk=log.pk)
    if log.case_id:
        raise ValidationError({"case": _("A case was already opened from this visit.")})
    description = (description or "").strip() or log.topic
    reporter = getattr(log.resident, "user", None) if log.resident_id else None
    case = case_report(
        category=category,
        description=description,
        source=WALK_IN_SOURCE,
        reporter=reporter,
        unit=unit or default_case_unit(log),
        priority=priority,
        address=address,
        by=by,
        contact_name=log.visitor_name or (log.resident.name if log.resident_id else ""),
        contact_phone=visitor_phone(log),
        note=_("Opened from the reception log of %(place)s (record %(id)s).") % {"place": log.place.name, "id": log.pk},
    )
    log.case = case
    log.save(update_fields=["case", "updated_at"])
    return case
