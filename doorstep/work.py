"""What waits for staff of the 三级服务体系 today (core.work): the bookings of today's sessions still to be
checked in. It links to the bookings list filtered to the same bookings (state and day)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.work import WorkItem
from doorstep.filtersets import BookingFilterSet
from doorstep.models import Booking
from doorstep.workflow import BookingState


def _today(user, now):
    qs = Booking.objects.for_user(user, VIEW_SERVICE).filter(state=BookingState.BOOKED)
    return BookingFilterSet({"day": timezone.localdate(now).isoformat()}, queryset=qs).qs  # the list's own filter


def _today_query(now):
    return {"state": BookingState.BOOKED, "day": timezone.localdate(now).isoformat()}


ITEMS = [
    WorkItem("bookings-today", _("Bookings to check in today"), "services:bookings", CHANGE_SERVICE, _today, 70, _today_query),
]
