"""Bookings of rooms and of service sessions (S1.1-S1.2), and of shared spaces later (S2.2).

A `Slot` is one bookable period of one room or one service session, with a capacity (a room booked by
a group: capacity 1; a class: its places). `booked` counts the bookings holding a place; a CHECK
constraint keeps it within `capacity`, and a place is taken by one conditional UPDATE
(`booked = booked + 1 WHERE booked < capacity`), so many people booking at once get exactly the places
there are, on PostgreSQL and SQLite alike. One person holds at most one live booking per slot (a
partial unique index). A full slot puts people on a waitlist; a cancellation promotes the first.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from doorstep.models.menu import Service
from doorstep.models.places import Room
from doorstep.workflow import BOOKING_WORKFLOW, LIVE_BOOKING_STATES, BookingState


class SlotQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Slot(models.Model):
    room = models.ForeignKey(Room, models.CASCADE, null=True, blank=True, related_name="slots", verbose_name=_("room"))
    service = models.ForeignKey(Service, models.CASCADE, null=True, blank=True, related_name="slots", verbose_name=_("service"))
    unit_path = PathField()  # the room's or the service's, for scoping
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveIntegerField(_("capacity"))
    booked = models.PositiveIntegerField(_("booked"), default=0)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="svc_slot_within_capacity"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="svc_slot_ends_after_start"),
            models.CheckConstraint(
                condition=(Q(room__isnull=False) & Q(service__isnull=True)) | (Q(room__isnull=True) & Q(service__isnull=False)),
                name="svc_slot_room_or_service",
            ),
            models.UniqueConstraint(fields=["room", "start"], condition=Q(room__isnull=False), name="svc_slot_room_start_once"),
            models.UniqueConstraint(fields=["service", "start"], condition=Q(service__isnull=False), name="svc_slot_service_start_once"),
        ]
        indexes = [models.Index(fields=["unit_path", "start"], name="svc_slot_path_start")]

    def __str__(self):
        return f"{self.room or self.service} {self.start:%Y-%m-%d %H:%M}"

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


class BookingQuerySet(ScopedQuerySet):
    scope_field = "slot__unit_path"


class Booking(TimeStamped):
    """One person's booking of a slot (for a room: on behalf of a group of `party_size`)."""

    workflow = BOOKING_WORKFLOW

    slot = models.ForeignKey(Slot, models.PROTECT, related_name="bookings", verbose_name=_("slot"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="service_bookings", verbose_name=_("booked by"))
    resident = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="service_bookings", verbose_name=_("resident"))
    state = models.CharField(_("state"), max_length=16, choices=BookingState.choices)
    party_size = models.PositiveSmallIntegerField(_("people"), default=1)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    ical_uid = models.CharField(max_length=64, unique=True, editable=False)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "user"], condition=Q(state__in=LIVE_BOOKING_STATES), name="svc_booking_one_live_per_slot"),
        ]
        indexes = [
            models.Index(fields=["slot", "state", "waitlisted_at"], name="svc_booking_slot_state"),
            models.Index(fields=["user", "state"], name="svc_booking_user_state"),
        ]


class BookingTransition(TransitionRecord):
    booking = models.ForeignKey(Booking, models.CASCADE, related_name="transitions", verbose_name=_("booking"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("booking step")
        verbose_name_plural = _("booking steps")
