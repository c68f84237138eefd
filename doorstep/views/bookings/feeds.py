"""iCalendar downloads and feeds: one booking (.ics), a person's feed by secret token, a room's and a
place's public feeds; the page that shows (and resets) a person's feed address."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from doorstep import ical
from doorstep.models import Place, Room
from doorstep.views.bookings.common import BookingObjectView


def ics_response(content: bytes, filename: str, *, attachment: bool, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if private else "public, max-age=300"
    return response


def base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


class BookingIcsView(BookingObjectView):
    """添加到日历: the booking as a file a phone's calendar opens (anyone who may not see it, signed in or not: 404)."""

    http_method_names = ["get"]

    def handle_no_permission(self):
        raise Http404

    def get(self, request, pk):
        booking = self.object
        return ics_response(ical.booking_ics(booking, base_url(request)), f"booking-{booking.pk}.ics", attachment=True, private=True)


booking_ics = BookingIcsView.as_view()


@require_GET
def person_feed(request, token):
    user = ical.feed_user(token)
    if user is None:
        raise Http404
    return ics_response(ical.person_feed(user, base_url(request)), "my-bookings.ics", attachment=False, private=True)


@require_GET
def room_feed(request, pk):
    room = get_object_or_404(Room, pk=pk, is_active=True)
    return ics_response(ical.room_feed(room), f"room-{room.pk}.ics", attachment=False, private=False)


@require_GET
def place_feed(request, pk):
    place = get_object_or_404(Place, pk=pk)
    return ics_response(ical.place_feed(place), f"place-{place.pk}.ics", attachment=False, private=False)


class MyCalendarView(LoginRequiredMixin, TemplateView):
    """The address of my feed, to subscribe in a calendar app; POST gives a new one (the old stops)."""

    template_name = "services/bookings/calendar.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        url = base_url(self.request) + reverse("services:calendar-feed", args=[ical.feed_token(self.request.user)])
        ctx.update(feed_url=url, webcal_url="webcal://" + url.split("://", 1)[1])
        return ctx

    def post(self, request):
        ical.feed_token_reset(user=request.user)
        messages.success(request, _("Your calendar address has been changed; the old one no longer works."))
        return redirect("services:my-calendar")
