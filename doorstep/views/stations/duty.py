"""Duty rosters (错时工作): a station's week with its shifts and the opening hours nobody covers; staff with
services.change_service add and remove shifts and copy a week; a printable roster."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.views import ScopedObjectView
from doorstep.forms.stations import CopyWeekForm, ShiftForm
from doorstep.models import DutyShift, Place
from doorstep.services.duty import duty_copy_week, duty_gaps, duty_shift_create, duty_shift_delete, local_midnight, opening_intervals, week_shifts, week_start


class StationPlaceView(ScopedObjectView):
    """A duty page of one place (scoped by VIEW_SERVICE, 404 outside); changing it needs CHANGE_SERVICE on it."""

    model, view_perm, change_perm = Place, VIEW_SERVICE, CHANGE_SERVICE

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


def requested_week(request) -> datetime.date:
    raw = request.GET.get("week") or request.POST.get("week") or ""
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        day = timezone.localdate()
    return week_start(day)


def roster_url(place, monday) -> str:
    return f"{reverse('services:duty-roster', args=[place.pk])}?week={monday.isoformat()}"


def week_days(place, monday, shifts):
    days = []
    for i in range(7):
        day = monday + datetime.timedelta(days=i)
        start = local_midnight(day)
        end = start + datetime.timedelta(days=1)
        days.append(
            {
                "date": day,
                "name": WEEKDAYS[i],
                "hours": [(timezone.localtime(a), timezone.localtime(b)) for a, b in opening_intervals(place, day)],
                "shifts": [s for s in shifts if s.start < end and s.end > start],
            }
        )
    return days


def roster_context(request, place, monday, form=None, copy_form=None):
    shifts = list(week_shifts(place, monday))
    gaps = duty_gaps(place, monday, shifts)
    can_change = request.user.has_perm(CHANGE_SERVICE, place)
    return {
        "place": place,
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "days": week_days(place, monday, shifts),
        "gaps": [(timezone.localtime(g.start), timezone.localtime(g.end), g.minutes) for g in gaps],
        "count": len(shifts),
        "can_change": can_change,
        "form": form or (ShiftForm(place=place, initial={"day": monday}) if can_change else None),
        "copy_form": copy_form or (CopyWeekForm(initial={"source": monday - datetime.timedelta(days=7)}) if can_change else None),
    }


class RosterView(StationPlaceView):
    """GET the week (?week=any day of it); POST adds a shift."""

    def get(self, request, pk):
        place = self.object
        return render(request, "services/stations/roster.html", roster_context(request, place, requested_week(request)))

    def post(self, request, pk):
        place = self.object
        form = ShiftForm(request.POST, place=place)
        monday = requested_week(request)
        if form.is_valid():
            d = form.cleaned_data
            try:
                shift = duty_shift_create(place=place, user=d["user"], start=d["start"], end=d["end"], kind=d["kind"], note=d["note"], by=request.user)
            except ValidationError as e:
                for field, errs in e.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(
                    request, _("%(person)s is on duty from %(start)s to %(end)s.") % {"person": shift.user, "start": _hm(shift.start), "end": _hm(shift.end)}
                )
                return redirect(roster_url(place, week_start(timezone.localtime(shift.start).date())))
        return render(request, "services/stations/roster.html", roster_context(request, place, monday, form=form), status=400)


def _hm(moment) -> str:
    return timezone.localtime(moment).strftime("%m-%d %H:%M")


class ShiftDeleteView(ScopedObjectView):
    model, view_perm, change_perm = DutyShift, VIEW_SERVICE, CHANGE_SERVICE
    http_method_names = ["post"]

    def get_queryset(self):
        return super().get_queryset().select_related("place", "user")

    def change_target(self):
        return self.object.place

    def post(self, request, pk):
        shift = self.object
        monday = week_start(timezone.localtime(shift.start).date())
        duty_shift_delete(shift=shift, by=request.user)
        messages.success(request, _("The shift of %(person)s was removed.") % {"person": shift.user})
        return redirect(roster_url(shift.place, monday))


class CopyWeekView(StationPlaceView):
    """Copy another week's shifts (last week by default) into this week; clashes are skipped and named."""

    http_method_names = ["post"]

    def post(self, request, pk):
        place = self.object
        monday = requested_week(request)
        form = CopyWeekForm(request.POST)
        if not form.is_valid():
            return render(request, "services/stations/roster.html", roster_context(request, place, monday, copy_form=form), status=400)
        try:
            created, skipped = duty_copy_week(place=place, source_week=week_start(form.cleaned_data["source"]), target_week=monday, by=request.user)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
            return redirect(roster_url(place, monday))
        messages.success(request, _("%(n)s shifts copied.") % {"n": len(created)})
        if skipped:
            names = ", ".join(f"{s.user} {_hm(s.start)}" for s in skipped)
            messages.warning(
                request, _("%(n)s shifts were not copied because the person is already on duty then: %(names)s.") % {"n": len(skipped), "names": names}
            )
        return redirect(roster_url(place, monday))


class RosterPrintView(StationPlaceView):
    """The week as one table to print and put on the station's wall."""

    def get(self, request, pk):
        place = self.object
        monday = requested_week(request)
        shifts = list(week_shifts(place, monday))
        ctx = {
            "place": place,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "days": week_days(place, monday, shifts),
            "printed_at": timezone.localtime(),
        }
        return render(request, "services/stations/roster_print.html", ctx)
