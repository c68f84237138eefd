"""Writes to cases. Pages, the API, Open311, device alarms and tasks all come through here.

Each service is atomic and moves the case through `case_step` (`core.workflow.transition`, then the
notices and the `cases.hooks` steps, called here rather than by signals), so an illegal step raises
`IllegalTransition` and changes nothing. Permissions are checked at the edge.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from cases import hooks, limits
from cases.calendar import add_working_time
from cases.defaults import emergency_fields
from cases.geo import bbox, point_in_geometry
from cases.models import Case, CaseCategory, ExtensionState, PhotoKind, Priority, Rating, Source
from cases.notices import notify_case_step
from cases.photos import photos_add
from cases.workflow import OPEN_STATES, CaseState
from core.protect import decrypt, encrypt, mask_mobile
from core.validators import clean_mobile
from core.workflow import IllegalTransition, begin, transition
from org.models import Unit, UnitKind

S = CaseState



@transaction.atomic
def case_step(case: Case, to, by=None, note: str = "", *, action: str, **changes) -> Case:
    """Every step of a case's workflow: the state change with its timeline record (core.workflow), then,
    in the same transaction, the notices to the people concerned and the steps of the apps above cases
    that asked to follow (`cases.hooks`, e.g. a closed case clears its device alarms)."""
    case = transition(case, to, by, note, action=action, **changes)
    notify_case_step(case.last_step)
    hooks.run_after_step(case.last_step)
    return case

def find_grid(lat, lng, within: Unit | None = None) -> Unit | None:
    """The grid whose boundary holds the point; the first by path when boundaries overlap."""
    if lat is None or lng is None:
        return None
    grids = Unit.objects.filter(kind=UnitKind.GRID, boundary__isnull=False)
    if within is not None:
        grids = grids.filter(path__startswith=within.path)
    x, y = float(lng), float(lat)
    for grid in grids.order_by("path").only("id", "path", "boundary", "name", "kind"):
        box = bbox(grid.boundary)
        if box and box[0] <= x <= box[2] and box[1] <= y <= box[3] and point_in_geometry(x, y, grid.boundary):
            return grid
    return None


def _number(case: Case) -> str:
    return f"{timezone.localtime(case.created_at):%Y%m%d}{case.pk:07d}"


@transaction.atomic
def case_report(
    *,
    category: CaseCategory,
    description: str,
    source: str = Source.RESIDENT,
    reporter=None,
    unit: Unit | None = None,
    lat: Decimal | float | None = None,
    lng: Decimal | float | None = None,
    address: str = "",
    priority: int = Priority.NORMAL,
    by=None,
    external_ref: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    photos=(),
    note: str = "",
    element=None,
) -> Case:
    """A new case from any source. With a pin, its grid is found by point-in-polygon (inside `unit`
    when one is given) and the case hangs on that grid; otherwise on `unit`. `reporter` None is an
    anonymous report; `by` is who keyed it in (staff for a hotline ticket), the reporter by default.
    `external_ref` is the outside id (12345 ticket, device, Open311 client); `contact_*` a caller's
    contact, kept encrypted; `photos` are images already checked by `cases.photos.photos_checked`."""
    try:
        contact_phone = clean_mobile(contact_phone)  # the normalised number is what is kept
    except ValidationError as exc:
        raise ValidationError({"contact_phone": exc.messages}) from None
    if element is not None:  # a shop, public place or street segment: the case hangs on its grid, at its place
        grid = element.grid
        if lat is None and element.lat is not None:
            lat, lng = element.lat, element.lng
        address = address or element.address
    else:
        grid = find_grid(lat, lng, within=unit if unit is not None and unit.kind in (UnitKind.SUBDISTRICT, UnitKind.AREA, UnitKind.DISTRICT) else None)
    if grid is None and unit is not None and unit.kind == UnitKind.GRID:
        grid = unit
    where = grid or unit
    if where is None:
        raise ValidationError({"location": _("Put the pin inside a grid, or choose the place of the problem.")})
    case = Case(
        source=source,
        category=category,
        description=description,
        lat=lat,
        lng=lng,
        address=address,
        grid=grid,
        unit=where,
        unit_path=where.path,
        element=element,
        reporter=reporter if getattr(reporter, "pk", None) else None,
        priority=priority,
        state=S.REPORTED,
        handler_kind=category.handler_kind,
        external_ref=external_ref,
        contact_name=(contact_name or "").strip(),
        contact_phone_enc=encrypt(contact_phone),
        contact_phone_masked=mask_mobile(contact_phone) if contact_phone else "",
    )
    case.full_clean(exclude=["number", "unit_path"])
    case.save()
    case.number = _number(case)
    # the clocks start at the report: 立案 within the category's acceptance limit, and the latest handling deadline from there
    case.accept_due_at = add_working_time(case.created_at, **category.accept_limit_kwargs())
    case.due_at = add_working_time(case.accept_due_at, **category.time_limit_kwargs())
    case.save(update_fields=["number", "accept_due_at", "due_at"])
    if case.reporter_id:
        case.followers.add(case.reporter_id)
    begin(case, by=by or case.reporter, action="report", note=note)
    if photos:
        photos_add(case=case, images=list(photos), kind=PhotoKind.REPORT, by=by or case.reporter)
    return case


def case_contact_reveal(*, case: Case, by, ip: str = "") -> str:
    """The caller's full mobile number, for staff who must call them back (the right is checked at the
    edge, `cases.reveal_contact` in `rules.py`); every reveal writes an audit record."""
    value = decrypt(case.contact_phone_enc)
    audit_record(action="view_pii", user=by, obj=case, ip=ip, changes={"field": "contact_phone"})
    return value


@transaction.atomic
def case_accept(*, case: Case, by, note: str = "", priority: int | None = None) -> Case:
    """立案: the due time starts now, from the category's time limit on the working-day calendar."""
    now = timezone.now()
    changes = {"accepted_at": now, "due_at": add_working_time(now, **case.category.time_limit_kwargs())}
    if priority is not None:
        changes["priority"] = priority
    return case_step(case, S.ACCEPTED, by, note, action="accept", **changes)


@transaction.atomic
def case_reject(*, case: Case, by, reason: str) -> Case:
    """不予立案, with the reason given to the reporter."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for not registering the case.")})
    return case_step(case, S.REJECTED, by, reason.strip(), action="reject", closed_at=timezone.now())


@transaction.atomic
def case_merge(*, case: Case, into: Case, by, note: str = "") -> Case:
    """合并 a duplicate into the surviving case; its reporter and followers follow the survivor."""
    into = Case.objects.select_for_update().get(pk=into.pk)
    if into.pk == case.pk or into.state not in OPEN_STATES:
        raise IllegalTransition(_("A case can be merged only into another open case."))
    case_step(case, S.MERGED, by, note, action="merge", merged_into=into, closed_at=timezone.now())
    followers = set(case.followers.values_list("pk", flat=True))
    if case.reporter_id:
        followers.add(case.reporter_id)
    if followers:
        into.followers.add(*followers)
    return case


@transaction.atomic
def case_dispatch(*, case: Case, to: Unit, by, handler_kind: str = "", note: str = "") -> Case:
    """派遣 (or re-dispatch) to the unit that must handle the case."""
    return case_step(
        case, S.DISPATCHED, by, note, action="dispatch", handling_unit=to, handler_kind=handler_kind or case.category.handler_kind, dispatched_at=timezone.now()
    )


@transaction.atomic
def case_start(*, case: Case, by, note: str = "") -> Case:
    """处置中: the handling unit has taken the case up."""
    return case_step(case, S.IN_PROGRESS, by, note, action="start")


@transaction.atomic
def case_complete(*, case: Case, by, note: str = "", photos=()) -> Case:
    """处置完成 with evidence photos (checked by `cases.photos.photos_checked`), to be checked by the grid worker or the reporter."""
    case = case_step(case, S.COMPLETED, by, note, action="complete", completed_at=timezone.now(), supervision_due_at=None)
    if photos:
        photos_add(case=case, images=list(photos), kind=PhotoKind.EVIDENCE, by=by)
    return case


@transaction.atomic
def case_verify(*, case: Case, by, passed: bool, note: str = "") -> Case:
    """核查: passed closes the case (结案); failed sends it back to the handling unit (处置中)."""
    if passed:
        now = timezone.now()
        visit_due = add_working_time(now, days=limits.visit_working_days())
        return case_step(case, S.CLOSED, by, note, action="verify_pass", closed_at=now, visit_due_at=visit_due)
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what is still wrong.")})
    return case_step(case, S.IN_PROGRESS, by, note, action="verify_fail", completed_at=None)


@transaction.atomic
def case_rate(*, case: Case, by, rating: str, note: str = "") -> Case:
    """回访/评价 of a closed case, once."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose satisfied, basically satisfied or not satisfied.")})
    return case_step(case, S.CLOSED, by, note, action="rate", rating=rating)


@transaction.atomic
def case_supervise(*, case: Case, by, note: str = "") -> Case:
    """督办: a superior presses an open case; the state stays, the timeline records it, and the handler has
    `CASES_SUPERVISION_WORKING_DAYS` (3) working days to answer it by completing the case; past that the case is overdue."""
    due = add_working_time(timezone.now(), days=limits.supervision_working_days())
    return case_step(case, None, by, note, action="supervise", supervision_count=lambda c: c.supervision_count + 1, supervision_due_at=due)


@transaction.atomic
def case_request_extension(*, case: Case, by, reason: str) -> Case:
    """延期申请: the handler asks for a complex matter's longer limit, with the reason; once per case (again after a refusal)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    return case_step(case, None, by, reason, action="request_extension", extension_state=ExtensionState.REQUESTED, extension_reason=reason)


@transaction.atomic
def case_decide_extension(*, case: Case, by, approved: bool, note: str = "") -> Case:
    """延期审批 by the dispatching or supervising staff. Approved, the case is a complex matter: due
    `CASES_COMPLEX_WORKING_DAYS` (15) working days from 立案 (never earlier than it already was); refused, the limit stays."""
    if not approved:
        if not (note or "").strip():
            raise ValidationError({"note": _("Say why the extension is refused.")})
        return case_step(case, None, by, note, action="refuse_extension", extension_state=ExtensionState.REFUSED)

    def extended(c):
        due = add_working_time(c.accepted_at or c.created_at, days=limits.complex_working_days())
        return max(due, c.due_at) if c.due_at else due

    return case_step(case, None, by, note, action="approve_extension", extension_state=ExtensionState.APPROVED, due_at=extended)


@transaction.atomic
def case_reopen(*, case: Case, by, note: str = "") -> Case:
    """重新打开 a closed case within the reopening period; it goes back to its handling unit with a new due time."""
    now = timezone.now()
    return case_step(
        case,
        S.DISPATCHED,
        by,
        note,
        action="reopen",
        reopen_count=lambda c: c.reopen_count + 1,
        closed_at=None,
        completed_at=None,
        rating="",
        visit_due_at=None,
        supervision_due_at=None,
        dispatched_at=now,
        due_at=add_working_time(now, **case.category.time_limit_kwargs()),
    )


@transaction.atomic
def holidays_load(entries) -> int:
    """Add or correct holiday and make-up days from (date, is_workday, name) rows; returns the count."""
    from cases.models import Holiday

    for day, is_workday, name in entries:
        Holiday.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    return len(entries)


@transaction.atomic
def categories_load(rows) -> int:
    """Add or update categories from (code, name, parent code, handled by, limit, unit[, registration minutes]) rows, parents first."""
    made = {}
    for code, name, parent, handler_kind, limit, unit, *rest in rows:
        made[code], created = CaseCategory.objects.update_or_create(
            code=code,
            defaults={"name": name, "parent": made.get(parent) or (CaseCategory.objects.get(code=parent) if parent else None),
                      "handler_kind": handler_kind, "time_limit": limit, "time_unit": unit, "accept_minutes": rest[0] if rest else None},
        )  # fmt: skip
        if not made[code].is_urgent and (advice := emergency_fields(code))["emergency_advice"]:
            # the shipped advice fills an empty category; advice edited in the admin is kept
            CaseCategory.objects.filter(pk=made[code].pk).update(**advice)
    return len(rows)


MANAGEMENT_KINDS = (UnitKind.GRID, UnitKind.DISTRICT, UnitKind.AREA, UnitKind.SUBDISTRICT)


def management_unit(unit: Unit | None) -> Unit | None:
    """The unit itself when it is a management level (网格, 居民区, 片区, 街道); else its nearest such ancestor (a house's grid)."""
    while unit is not None and unit.kind not in MANAGEMENT_KINDS:
        unit = unit.parent
    return unit


def escalation_target(case: Case) -> Unit | None:
    """The management level above the one answering for the case now: where it was last escalated to, else its
    handling unit, else its grid or place. Buildings and houses are never a level: a case on a house starts at its grid."""
    here = management_unit(case.escalated_to or case.handling_unit or case.grid or case.unit)
    return management_unit(here.parent) if here is not None else None


def _clock_limit(case: Case) -> dict:
    """The limit of the clock running now, which an escalated case waits again before going up another level."""
    return case.category.accept_limit_kwargs() if case.state == S.REPORTED else case.category.time_limit_kwargs()


@transaction.atomic
def case_escalate(*, case: Case, now=None) -> Case | None:
    """超期升级: a case past its 立案 or handling limit goes one management level up (网格 → 居民区 → 片区 → 街道); None at the top."""
    now = now or timezone.now()
    target = escalation_target(case)
    if target is None:
        return None
    deadline = case.running_deadline() or case.due_at
    values = {"due": f"{timezone.localtime(deadline):%Y-%m-%d %H:%M}", "unit": target.name}
    if case.state == S.REPORTED:
        note = _("Not registered by %(due)s; escalated to %(unit)s.") % values
    else:
        note = _("Overdue since %(due)s; escalated to %(unit)s.") % values
    return case_step(case, None, None, note, action="escalate", escalated_to=target, escalated_at=now)


def cases_escalate_overdue(now=None) -> list[Case]:
    """The periodic sweep (run by `manage.py cases_escalate`): each overdue case (past its 立案, handling or
    督办 limit) not yet escalated goes one level up; one escalated before goes up again once the running
    clock's limit has passed again since then. Returns the cases escalated."""
    from cases.calendar import WorkingCalendar

    now = now or timezone.now()
    related = ("category", "unit__parent", "grid__parent", "handling_unit__parent", "escalated_to__parent")
    overdue = list(Case.objects.overdue(now).select_related(*related).order_by("due_at", "id"))
    if not overdue:
        return []
    earliest = min(c.escalated_at or now for c in overdue)
    calendar = WorkingCalendar.from_db(timezone.localdate(earliest), timezone.localdate(now) + datetime.timedelta(days=1))
    done = []
    for case in overdue:
        if case.escalated_at and now < add_working_time(case.escalated_at, calendar=calendar, **_clock_limit(case)):
            continue
        if case_escalate(case=case, now=now) is not None:
            done.append(case)
    return done
