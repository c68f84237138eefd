"""Staff pages of bookings: the bookings of the places in scope with each person's no-show count,
check-in at the desk, and calling a slot off."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_SERVICE, VIEW_SERVICE
from core.pagination import DeferredJoinPaginator
from core.views import ScopedListView, StepView
from doorstep.filtersets import BookingFilterSet
from doorstep.models import Booking, Place, Slot
from doorstep.selectors.bookings import no_show_counts
from doorstep.services import bookings as svc


class BookingListView(ScopedListView):
    model = Booking
    view_perm = VIEW_SERVICE
    filterset_class = BookingFilterSet
    template_name = "services/bookings/staff_list.html"
    paginate_by = 50
    paginator_class = DeferredJoinPaginator  # ordered by the slot's start: the page's ids first, then its rows

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


class SlotCancelView(StepView):
    """POST: call a slot off; its bookings are cancelled and their people told."""

    model, view_perm, change_perm = Slot, VIEW_SERVICE, CHANGE_SERVICE

    def run_step(self, form):
        svc.slot_cancel(slot=self.object, by=self.request.user, note=self.request.POST.get("note", "")[:500])

    def success_message(self):
        return _("The slot is cancelled and the people who booked it have been told.")

    def success_url(self):
        request, slot = self.request, self.object
        nxt = request.POST.get("next", "")
        if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            return nxt
        return reverse("services:room-week", args=[slot.room_id]) if slot.room_id else reverse("services:menu-service", args=[slot.service_id])
