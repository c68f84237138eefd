"""Writes to cases. Pages, the API, Open311, device alarms and tasks all come through here.

Each service is atomic and moves the case through `core.workflow.transition`, so an illegal step
raises `IllegalTransition` and changes nothing. Permissions are checked at the edge.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.protect import encrypt, mask_mobile
from core.validators import validate_mobile
from core.workflow import IllegalTransition, begin, transition
from org.models import Unit, UnitKind

from .calendar import add_working_time
from .geo import bbox, point_in_geometry
from .models import Case, CaseCategory, PhotoKind, Priority, Rating, Source
from .photos import photos_add
from .workflow import OPEN_STATES, CaseState

S = CaseState


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
    contact_phone = (contact_phone or "").strip()
    if contact_phone:
        validate_mobile(contact_phone)
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
    case.save(update_fields=["number"])
    if case.reporter_id:
        case.followers.add(case.reporter_id)
    begin(case, by=by or case.reporter, action="report", note=note)
    if photos:
        photos_add(case=case, images=list(photos), kind=PhotoKind.REPORT, by=by or case.reporter)
    return case


@transaction.atomic
def case_accept(*, case: Case, by, note: str = "", priority: int | None = None) -> Case:
    """立案: the due time starts now, from the category's time limit on the working-day calendar."""
    now = timezone.now()
    changes = {"accepted_at": now, "due_at": add_working_time(now, **case.category.time_limit_kwargs())}
    if priority is not None:
        changes["priority"] = priority
    return transition(case, S.ACCEPTED, by, note, action="accept", **changes)


@transaction.atomic
def case_reject(*, case: Case, by, reason: str) -> Case:
    """不予立案, with the reason given to the reporter."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for not registering the case.")})
    return transition(case, S.REJECTED, by, reason.strip(), action="reject", closed_at=timezone.now())


@transaction.atomic
def case_merge(*, case: Case, into: Case, by, note: str = "") -> Case:
    """合并 a duplicate into the surviving case; its reporter and followers follow the survivor."""
    into = Case.objects.select_for_update().get(pk=into.pk)
    if into.pk == case.pk or into.state not in OPEN_STATES:
        raise IllegalTransition(_("A case can be merged only into another open case."))
    transition(case, S.MERGED, by, note, action="merge", merged_into=into, closed_at=timezone.now())
    followers = set(case.followers.values_list("pk", flat=True))
    if case.reporter_id:
        followers.add(case.reporter_id)
    if followers:
        into.followers.add(*followers)
    return case


@transaction.atomic
def case_dispatch(*, case: Case, to: Unit, by, handler_kind: str = "", note: str = "") -> Case:
    """派遣 (or re-dispatch) to the unit that must handle the case."""
    return transition(
        case, S.DISPATCHED, by, note, action="dispatch", handling_unit=to, handler_kind=handler_kind or case.category.handler_kind, dispatched_at=timezone.now()
    )


@transaction.atomic
def case_start(*, case: Case, by, note: str = "") -> Case:
    """处置中: the handling unit has taken the case up."""
    return transition(case, S.IN_PROGRESS, by, note, action="start")


@transaction.atomic
def case_complete(*, case: Case, by, note: str = "", photos=()) -> Case:
    """处置完成 with evidence photos (checked by `cases.photos.photos_checked`), to be checked by the grid worker or the reporter."""
    case = transition(case, S.COMPLETED, by, note, action="complete", completed_at=timezone.now())
    if photos:
        photos_add(case=case, images=list(photos), kind=PhotoKind.EVIDENCE, by=by)
    return case


@transaction.atomic
def case_verify(*, case: Case, by, passed: bool, note: str = "") -> Case:
    """核查: passed closes the case (结案); failed sends it back to the handling unit (处置中)."""
    if passed:
        return transition(case, S.CLOSED, by, note, action="verify_pass", closed_at=timezone.now())
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what is still wrong.")})
    return transition(case, S.IN_PROGRESS, by, note, action="verify_fail", completed_at=None)


@transaction.atomic
def case_rate(*, case: Case, by, rating: str, note: str = "") -> Case:
    """回访/评价 of a closed case, once."""
    if rating not in Rating.values:
        raise ValidationError({"rating": _("Choose satisfied, basically satisfied or not satisfied.")})
    return transition(case, S.CLOSED, by, note, action="rate", rating=rating)


@transaction.atomic
def case_supervise(*, case: Case, by, note: str = "") -> Case:
    """督办: a superior presses an open case; the state stays, the timeline records it."""
    return transition(case, None, by, note, action="supervise", supervision_count=lambda c: c.supervision_count + 1)


@transaction.atomic
def case_reopen(*, case: Case, by, note: str = "") -> Case:
    """重新打开 a closed case within the reopening period; it goes back to its handling unit with a new due time."""
    now = timezone.now()
    return transition(
        case,
        S.DISPATCHED,
        by,
        note,
        action="reopen",
        reopen_count=lambda c: c.reopen_count + 1,
        closed_at=None,
        completed_at=None,
        rating="",
        dispatched_at=now,
        due_at=add_working_time(now, **case.category.time_limit_kwargs()),
    )


@transaction.atomic
def holidays_load(entries) -> int:
    """Add or correct holiday and make-up days from (date, is_workday, name) rows; returns the count."""
    from .models import Holiday

    for day, is_workday, name in entries:
        Holiday.objects.update_or_create(date=day, defaults={"is_workday": is_workday, "name": name})
    return len(entries)


@transaction.atomic
def categories_load(rows) -> int:
    """Add or update categories from (code, name, parent code, handled by, limit, unit) rows, parents first."""
    made = {}
    for code, name, parent, handler_kind, limit, unit in rows:
        made[code], _created = CaseCategory.objects.update_or_create(
            code=code,
            defaults={"name": name, "parent": made.get(parent) or (CaseCategory.objects.get(code=parent) if parent else None),
                      "handler_kind": handler_kind, "time_limit": limit, "time_unit": unit},
        )  # fmt: skip
    return len(rows)


def escalation_target(case: Case) -> Unit | None:
    """The unit one level above where the case now sits (its unit, or where it was last escalated to)."""
    here = case.escalated_to or case.unit
    return here.parent


@transaction.atomic
def case_escalate(*, case: Case, now=None) -> Case | None:
    """超期升级: an overdue case goes one level up the unit tree (网格 → 居民区 → 片区 → 街道); None at the top."""
    now = now or timezone.now()
    target = escalation_target(case)
    if target is None:
        return None
    note = _("Overdue since %(due)s; escalated to %(unit)s.") % {"due": f"{timezone.localtime(case.due_at):%Y-%m-%d %H:%M}", "unit": target.name}
    return transition(case, None, None, note, action="escalate", escalated_to=target, escalated_at=now)


def cases_escalate_overdue(now=None) -> list[Case]:
    """The periodic sweep (run by `manage.py cases_escalate`): each overdue case not yet escalated goes
    one level up; one escalated before goes up again once its category's time limit has passed again
    since then. Returns the cases escalated."""
    from .calendar import WorkingCalendar

    now = now or timezone.now()
    overdue = list(Case.objects.overdue(now).select_related("category", "unit__parent", "escalated_to__parent").order_by("due_at", "id"))
    if not overdue:
        return []
    earliest = min(c.escalated_at or now for c in overdue)
    calendar = WorkingCalendar.from_db(timezone.localdate(earliest), timezone.localdate(now) + datetime.timedelta(days=1))
    done = []
    for case in overdue:
        if case.escalated_at and now < add_working_time(case.escalated_at, calendar=calendar, **case.category.time_limit_kwargs()):
            continue
        if case_escalate(case=case, now=now) is not None:
            done.append(case)
    return done
