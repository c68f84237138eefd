"""/services/: places, rooms and the service menu, bookings and calendars, stations' duty and reception, 睦邻点."""

from django.urls import include, path

app_name = "services"

urlpatterns = [
    path("", include("doorstep.urls.bookings")),  # menu, rooms, slots, bookings, iCalendar feeds, occupancy
    path("stations/", include("doorstep.urls.stations")),  # public station pages, duty rosters, reception log
    path("points/", include("doorstep.urls.points")),  # 睦邻点
]
