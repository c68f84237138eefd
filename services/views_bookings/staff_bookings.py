"""Staff pages of bookings: the bookings of the places in scope with each person's no-show count,
check-in at the desk, and calling a slot off."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.views import ScopedListView
from core.workflow import IllegalTransition

from .. import services_bookings as svc
from ..filtersets import BookingFilterSet
from ..models import Booking, Place, Slot
from ..selectors_bookings import no_show_counts


class BookingListView(ScopedListView):
    model = Booking
    view_perm = VIEW_SERVICE
    filterset_class = BookingFilterSet
    template_name = "services/bookings/staff_list.html"
    paginate_by = 50

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("slot__room__place", "slot__service__place", "user", "resident")
            .only(
                "id", "state", "party_size", "purpose", "waitlisted_at", "checked_in_at", "user_id", "user__username", "user__display_name",
                "resident__name", "slot__start", "slot__end", "slot__unit_path", "slot__capacity", "slot__booked", "slot__is_cancelled",
                "slot__room__name", "slot__room__place__name", "slot__service__name", "slot__service__place__name",
            )
            .order_by("-slot__start", "id")
        )  # fmt: skip

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = list(ctx["object_list"])
        counts = no_show_counts({b.user_id for b in rows})
        user = self.request.user
        changeable = set()
        for b in rows:
            b.no_shows = counts.get(b.user_id, 0)
            if user.has_perm(CHANGE_SERVICE, b.slot):
                changeable.add(b.pk)
        ctx.update(rows=rows, changeable=changeable, places=Place.objects.for_user(user, VIEW_SERVICE).order_by("kind", "unit_path").only("id", "name"))
        return ctx


class SlotCancelView(LoginRequiredMixin, View):
    """POST: call a slot off; its bookings are cancelled and their people told."""

    def post(self, request, pk):
        slot = get_object_or_404(Slot.objects.for_user(request.user, VIEW_SERVICE), pk=pk)
        if not request.user.has_perm(CHANGE_SERVICE, slot):
            raise PermissionDenied
        try:
            svc.slot_cancel(slot=slot, by=request.user, note=request.POST.get("note", "")[:500])
        except IllegalTransition as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("The slot is cancelled and the people who booked it have been told."))
        nxt = request.POST.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return redirect(nxt)
        return redirect("services:room-week", slot.room_id) if slot.room_id else redirect("services:menu-service", slot.service_id)
