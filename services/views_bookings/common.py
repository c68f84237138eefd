"""Helpers shared by the booking pages: who may see or act on a booking, the scoped lookups."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from accounts.scope import has_perm_anywhere

from ..models import Booking


def may_see_booking(user, booking: Booking) -> bool:
    return booking.user_id == user.pk or user.has_perm(VIEW_SERVICE, booking.slot)


def may_act_on_booking(user, booking: Booking) -> bool:
    """Cancel or check in: the person who booked, or staff changing services at the slot's place."""
    return booking.user_id == user.pk or user.has_perm(CHANGE_SERVICE, booking.slot)


def visible_booking(user, pk) -> Booking:
    """The booking, if the user may see it; else 404 (never a hint that it exists)."""
    booking = Booking.objects.select_related("slot__room__place__unit", "slot__service__place__unit", "slot__service__room", "user").filter(pk=pk).first()
    if booking is None or not user.is_authenticated or not may_see_booking(user, booking):
        raise Http404
    return booking


def require_anywhere(user, perm: str):
    if not has_perm_anywhere(user, perm):
        raise PermissionDenied
