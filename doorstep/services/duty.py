"""Duty rosters (错时工作, S1.2): shifts per place, planned by week.

A person is never on two overlapping shifts anywhere: `duty_shift_create` locks the person's user row
(SELECT ... FOR UPDATE) before it looks for an overlap, so two planners booking the same person at once
are serialised and the second one sees the first one's shift. Reads (who is on duty now, the week, the
gaps in the opening hours) are in the second half of this file.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import RoleAssignment
from accounts.roles import CHANGE_SERVICE, RECEIVE_VISITOR, ROLES
from doorstep.models import DutyKind, DutyShift, Place

DUTY_ROLES = sorted(code for code, r in ROLES.items() if r.perms & {CHANGE_SERVICE, RECEIVE_VISITOR})


# ---- writes -------------------------------------------------------------------------------------


@transaction.atomic
def duty_shift_create(
    *, place: Place, user, start: datetime.datetime, end: datetime.datetime, kind: str = DutyKind.REGULAR, note: str = "", by=None
) -> DutyShift:
    """Put `user` on duty at `place` from `start` to `end`, or refuse when the person already has a shift
    that overlaps it (at this place or any other)."""
    if kind not in DutyKind.values:
        raise ValidationError({"kind": _("Choose a kind of duty.")})
    if end <= start:
        raise ValidationError({"end": _("A shift must end after it starts.")})
    if end - start > datetime.timedelta(hours=24):
        raise ValidationError({"end": _("A shift lasts at most 24 hours.")})
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # serialise shifts of one person
    clash = DutyShift.objects.filter(user=user, start__lt=end, end__gt=start).select_related("place").first()
    if clash is not None:
        raise ValidationError(
            {
                "user": _("%(person)s is already on duty at %(place)s from %(start)s to %(end)s.")
                % {"person": user, "place": clash.place.name, "start": _local(clash.start), "end": _local(clash.end)}
            }
        )
    return DutyShift.objects.create(place=place, unit_path=place.unit_path, user=user, kind=kind, start=start, end=end, note=(note or "").strip())


@transaction.atomic
def duty_shift_delete(*, shift: DutyShift, by=None) -> None:
    shift.delete()


@transaction.atomic
def duty_copy_week(*, place: Place, source_week: datetime.date, target_week: datetime.date, by=None) -> tuple[list[DutyShift], list[DutyShift]]:
    """Copy the shifts of the week starting `source_week` to the week starting `target_week` (both Mondays).
    Returns (created, skipped): a shift is skipped when the person is already on duty at that time."""
    if source_week == target_week:
        raise ValidationError({"week": _("Choose another week to copy from.")})
    offset = target_week - source_week
    created, skipped = [], []
    for shift in week_shifts(place, source_week).filter(start__gte=local_midnight(source_week)):
        start, end = _shift_local(shift.start, offset), _shift_local(shift.end, offset)
        try:
            with transaction.atomic():
                created.append(duty_shift_create(place=place, user=shift.user, start=start, end=end, kind=shift.kind, note=shift.note, by=by))
        except ValidationError:
            skipped.append(shift)
    return created, skipped


def _shift_local(moment: datetime.datetime, offset: datetime.timedelta) -> datetime.datetime:
    """The same local wall-clock time `offset` days later (a fixed-offset zone makes this a plain add)."""
    local = timezone.localtime(moment).replace(tzinfo=None) + offset
    return timezone.make_aware(local)


def _local(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


# ---- reads --------------------------------------------------------------------------------------


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def week_shifts(place: Place, monday: datetime.date):
    start = local_midnight(monday)
    return DutyShift.objects.filter(place=place, start__lt=start + datetime.timedelta(days=7), end__gt=start).select_related("user").order_by("start", "id")


def on_duty_now(place: Place, now: datetime.datetime | None = None) -> list[DutyShift]:
    now = now or timezone.now()
    return list(DutyShift.objects.filter(place=place, start__lte=now, end__gt=now).select_related("user").order_by("start", "id"))


def next_shifts(place: Place, now: datetime.datetime | None = None, limit: int = 6) -> list[DutyShift]:
    now = now or timezone.now()
    return list(DutyShift.objects.filter(place=place, start__gt=now).select_related("user").order_by("start", "id")[:limit])


def duty_candidates(place: Place):
    """Staff who may be put on duty at `place`: a duty role at the place's unit, above it or below it."""
    parts = place.unit_path.split(".")[:-1]
    ancestors = [".".join(parts[:i]) + "." for i in range(1, len(parts) + 1)]
    held = RoleAssignment.objects.filter(role__in=DUTY_ROLES).filter(Q(unit_path__startswith=place.unit_path) | Q(unit_path__in=ancestors))
    return get_user_model().objects.filter(is_active=True, pk__in=held.values("user_id")).order_by("display_name", "username")


def opening_intervals(place: Place, day: datetime.date) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """The place's opening hours on `day` as aware datetimes ("24:00" closes at midnight)."""
    out = []
    for pair in (place.opening_hours or {}).get(str(day.weekday()), []):
        try:
            a, b = (_at(day, t) for t in pair)
        except (TypeError, ValueError):
            continue
        if b > a:
            out.append((a, b))
    return sorted(out)


def _at(day: datetime.date, hhmm: str) -> datetime.datetime:
    h, m = (int(x) for x in str(hhmm).split(":"))
    return local_midnight(day) + datetime.timedelta(hours=h, minutes=m)


@dataclass(frozen=True)
class Gap:
    start: datetime.datetime
    end: datetime.datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def duty_gaps(place: Place, monday: datetime.date, shifts=None) -> list[Gap]:
    """Opening hours of the week with nobody on duty."""
    shifts = list(week_shifts(place, monday)) if shifts is None else shifts
    covered = sorted((s.start, s.end) for s in shifts)
    gaps = []
    for i in range(7):
        for a, b in opening_intervals(place, monday + datetime.timedelta(days=i)):
            cursor = a
            for s, e in covered:
                if e <= cursor or s >= b:
                    continue
                if s > cursor:
                    gaps.append(Gap(cursor, min(s, b)))
                cursor = max(cursor, e)
                if cursor >= b:
                    break
            if cursor < b:
                gaps.append(Gap(cursor, b))
    return gaps


def is_open_now(place: Place, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return any(a <= now < b for a, b in opening_intervals(place, timezone.localtime(now).date()))
