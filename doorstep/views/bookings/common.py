"""Helpers shared by the booking pages: the scoped lookups (who may see or act on a booking: `doorstep/rules.py`)."""

from django.core.exceptions import PermissionDenied

from accounts.roles import VIEW_SERVICE
from accounts.scope import has_perm_anywhere
from core.views import ScopedObjectView
from doorstep.models import Booking

BOOKING_RELATED = ("slot__room__place__unit", "slot__service__place__unit", "slot__service__room", "user")


def bookings_visible(user):
    """The bookings the user may see (the `services.view_booking` rule as a queryset): their own, and those under their VIEW_SERVICE."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return (Booking.objects.for_user(user, VIEW_SERVICE) | Booking.objects.filter(user=user)).select_related(*BOOKING_RELATED)


class BookingObjectView(ScopedObjectView):
    """A page of one booking, from `bookings_visible` (404 for anyone else)."""

    model = Booking

    def get_queryset(self):
        return bookings_visible(self.request.user)


def require_anywhere(user, perm: str):
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied
