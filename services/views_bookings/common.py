"""Helpers shared by the booking pages: the scoped lookups (who may see or act on a booking: `services/rules.py`)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.scope import has_perm_anywhere

from ..models import Booking


def visible_booking(user, pk) -> Booking:
    """The booking, if the user may see it; else 404 (never a hint that it exists)."""
    booking = Booking.objects.select_related("slot__room__place__unit", "slot__service__place__unit", "slot__service__room", "user").filter(pk=pk).first()
    if booking is None or not user.is_authenticated or not user.has_perm("services.view_booking", booking):
        raise Http404
    return booking


def require_anywhere(user, perm: str):
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied
