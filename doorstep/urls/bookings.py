"""/services/: the menu, rooms and their weeks, booking, my bookings, calendars (iCalendar), and the
staff pages of places, rooms, menu items, operators, bookings and occupancy."""

from django.urls import path

import core.converters  # noqa: F401  registers <id:...>
from doorstep.views.bookings import feeds, menu, occupancy, resident, staff_bookings, staff_places

urlpatterns = [
    # public: the menu and the rooms (phone first)
    path("menu/", menu.MenuView.as_view(), name="menu"),
    path("menu/<id:pk>/", menu.ServiceDetailView.as_view(), name="menu-service"),
    path("rooms/", menu.RoomListView.as_view(), name="rooms"),
    path("rooms/<id:pk>/", menu.RoomWeekView.as_view(), name="room-week"),
    path("rooms/<id:pk>/calendar.ics", feeds.room_feed, name="room-feed"),
    path("places/<id:pk>/calendar.ics", feeds.place_feed, name="place-feed"),
    # residents: book, my bookings, calendars
    path("slots/<id:pk>/book/", resident.BookView.as_view(), name="slot-book"),
    path("bookings/mine/", resident.MyBookingsView.as_view(), name="my-bookings"),
    path("bookings/<id:pk>/", resident.BookingDetailView.as_view(), name="booking"),
    path("bookings/<id:pk>/cancel/", resident.BookingCancelView.as_view(), name="booking-cancel"),
    path("bookings/<id:pk>/check-in/", resident.BookingCheckInView.as_view(), name="booking-check-in"),
    path("bookings/<id:pk>/calendar.ics", feeds.booking_ics, name="booking-ics"),
    path("calendar/", feeds.MyCalendarView.as_view(), name="my-calendar"),
    path("calendar/<str:token>.ics", feeds.person_feed, name="calendar-feed"),
    # staff: places, rooms, menu items, operators
    path("places/", staff_places.PlaceListView.as_view(), name="places"),
    path("places/new/", staff_places.PlaceCreateView.as_view(), name="place-create"),
    path("places/<id:pk>/", staff_places.PlaceDetailView.as_view(), name="place"),
    path("places/<id:pk>/edit/", staff_places.PlaceEditView.as_view(), name="place-edit"),
    path("places/<id:pk>/rooms/new/", staff_places.RoomCreateView.as_view(), name="room-create"),
    path("places/<id:pk>/services/new/", staff_places.ServiceCreateView.as_view(), name="service-create"),
    path("rooms/<id:pk>/edit/", staff_places.RoomEditView.as_view(), name="room-edit"),
    path("menu/<id:pk>/edit/", staff_places.ServiceEditView.as_view(), name="service-edit"),
    path("operators/", staff_places.OperatorListView.as_view(), name="operators"),
    path("operators/new/", staff_places.OperatorEditView.as_view(), name="operator-create"),
    path("operators/<id:pk>/edit/", staff_places.OperatorEditView.as_view(), name="operator-edit"),
    # staff: bookings and occupancy
    path("bookings/", staff_bookings.BookingListView.as_view(), name="bookings"),
    path("slots/<id:pk>/cancel/", staff_bookings.SlotCancelView.as_view(), name="slot-cancel"),
    path("occupancy/", occupancy.OccupancyView.as_view(), name="occupancy"),
]
