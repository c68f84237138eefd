"""A resident's booking pages (phone first): book a slot, my bookings (upcoming, waitlisted with the
place in the queue, past), one booking with its timeline, cancel, check in. Writes go through
doorstep.services.bookings."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from core.views import StepView
from doorstep.forms.bookings import BookForm
from doorstep.models import Slot
from doorstep.rules import is_booking_holder
from doorstep.selectors import bookings as sel
from doorstep.services import bookings as svc
from doorstep.views.bookings.common import BookingObjectView
from doorstep.workflow import BookingState

B = BookingState

# What each step of a booking's timeline means to its person (doorstep.workflow.BOOKING_WORKFLOW).
ACTION_LABELS = {
    "book": gettext_lazy("Booked"),
    "waitlist": gettext_lazy("Put on the waitlist"),
    "promote": gettext_lazy("A place came free: booked"),
    "cancel": gettext_lazy("Cancelled"),
    "check_in": gettext_lazy("Checked in"),
    "no_show": gettext_lazy("Marked as not come"),
}


def _slot(pk) -> Slot:
    return get_object_or_404(Slot.objects.select_related("room__place", "room__unit", "service__place__unit", "service__room"), pk=pk)


def _where(slot: Slot):
    """The place of the slot; for a shared space (no place, S2.2) its 居民区, with the space's address."""
    if not slot.room_id:
        return slot.service.place
    if slot.room.place_id:
        return slot.room.place
    shared = getattr(slot.room, "shared_space", None)
    return {"name": slot.room.unit.name, "address": shared.address if shared else ""}


class BookView(LoginRequiredMixin, View):
    """GET: what is being booked (a room asks how many people and what for); POST: book."""

    template_name = "services/bookings/book.html"

    def get(self, request, pk):
        return self.show(_slot(pk), BookForm())

    def show(self, slot, form, status=200, overlaps=()):
        ctx = {"slot": slot, "form": form, "label": svc.slot_label(slot), "where": _where(slot), "overlaps": [(b, svc.slot_label(b.slot)) for b in overlaps]}
        return render(request=self.request, template_name=self.template_name, context=ctx, status=status)

    def post(self, request, pk):
        slot = _slot(pk)
        form = BookForm(request.POST)
        if not form.is_valid():
            return self.show(slot, form, status=400)
        party_size = form.cleaned_data["party_size"] if slot.room_id else 1
        try:
            booking = svc.booking_create(
                slot=slot, user=request.user, party_size=party_size, purpose=form.cleaned_data["purpose"], confirm_overlap=form.cleaned_data["confirm_overlap"]
            )
        except svc.OverlapWarning as e:  # not a refusal: the confirm step, the entries kept
            return self.show(slot, BookForm(initial={**form.cleaned_data, "confirm_overlap": True}), overlaps=e.overlaps)
        except ValidationError as e:
            for msg in e.messages:
                form.add_error(None, msg)
            return self.show(slot, form, status=400)
        if booking.state == B.WAITLISTED:
            messages.info(request, _("All places are taken: you are on the waitlist and will be told if a place comes free."))
        else:
            messages.success(request, _("Booked."))
        return redirect("services:booking", booking.pk)


class MyBookingsView(LoginRequiredMixin, TemplateView):
    """我的预约."""

    template_name = "services/bookings/mine.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **sel.my_bookings(self.request.user)}


class BookingDetailView(BookingObjectView, TemplateView):
    template_name = "services/bookings/booking.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        booking = self.object
        slot = booking.slot
        ahead = None
        if booking.state == B.WAITLISTED:
            ahead = sel.with_queue_position(type(booking).objects.filter(pk=booking.pk)).values_list("ahead", flat=True).first()
        opens, closes = svc.check_in_window(slot)
        ctx.update(
            booking=booking,
            slot=slot,
            label=svc.slot_label(slot),
            position=None if ahead is None else ahead + 1,
            steps=[{"action": ACTION_LABELS.get(t.action, t.action), "at": t.at} for t in sel.booking_timeline(booking)],
            can_cancel=user.has_perm("services.cancel_booking", booking),
            can_check_in=user.has_perm("services.check_in_booking", booking),
            check_in_opens=opens,
            is_mine=is_booking_holder(user, booking),
            no_shows=None if is_booking_holder(user, booking) else sel.no_show_counts([booking.user_id]).get(booking.user_id, 0),
        )
        return ctx


class BookingStepView(BookingObjectView, StepView):
    """POST a step on a booking (the person who booked, or staff at its place)."""

    def step(self, booking, user):
        raise NotImplementedError

    done_message = ""

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("services.act_on_booking", self.object):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def run_step(self, form):
        self.step(self.object, self.request.user)

    def success_message(self):
        return self.done_message

    def success_url(self):
        nxt = self.request.POST.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()):
            return nxt
        return reverse("services:booking", args=[self.object.pk])


class BookingCancelView(BookingStepView):
    done_message = gettext_lazy("The booking is cancelled.")

    def step(self, booking, user):
        svc.booking_cancel(booking=booking, by=user, note=self.request.POST.get("note", "")[:500])


class BookingCheckInView(BookingStepView):
    done_message = gettext_lazy("Checked in.")

    def step(self, booking, user):
        svc.booking_check_in(booking=booking, by=user)
