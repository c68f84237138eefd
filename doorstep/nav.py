"""services' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_POINT, CHANGE_SERVICE, RECEIVE_VISITOR, VIEW_SERVICE
from core.menu import Entry

ENTRIES = [
    Entry("services:menu", _("Service menu"), None, "services", 10, front="public", front_group="front_services", front_order=10),
    Entry("services:rooms", _("Rooms to book"), None, "services", 20, front="public", front_group="front_services", front_order=20),
    Entry("services:station-list", _("Stations"), None, "services", 30, front="public", front_group="front_services", front_order=30),
    Entry("services:station-map", _("Map of stations and points"), None, "services", 40, front="public", front_group="front_services", front_order=40),
    Entry("services:places", _("Places and rooms"), (VIEW_SERVICE, CHANGE_SERVICE), "services", 50),
    Entry("services:bookings", _("Bookings"), VIEW_SERVICE, "services", 60),
    Entry("services:occupancy", _("Occupancy"), VIEW_SERVICE, "services", 70),
    Entry("services:reception-list", _("Reception log"), RECEIVE_VISITOR, "services", 80),
    Entry("services:committee-index", _("Station committees"), VIEW_SERVICE, "services", 90),
    Entry("services:point-list", _("Neighbourhood points"), VIEW_SERVICE, "services", 100),
    Entry("services:point-attention", _("Points needing attention"), VIEW_SERVICE, "services", 110),
    Entry("services:point-dashboard", _("Point activity"), VIEW_SERVICE, "services", 120),
    Entry("services:point-quick", _("Record an activity"), CHANGE_POINT, "services", 130),
    Entry("services:my-bookings", _("My bookings"), None, "mine", 30, front="both", front_group="front_services", front_order=50),
]
