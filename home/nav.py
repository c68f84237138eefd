"""The menu's frame (its groups, in order) and the top app's own entries. Every app names the front of each
of its entries (core.menu: "staff" by default, "resident", "both", "public", "visitor"); a later module adds its
resident pages to the resident front with `front="resident"` or `"both"`."""

from django.utils.translation import gettext_lazy as _

from core.menu import Entry, Group

GROUPS = [
    Group("", "", 0),
    Group("basic", _("Basic data"), 10),
    Group("cases", _("Cases"), 20),
    Group("smart", _("Smart community"), 30),
    Group("services", _("Services"), 40),
    Group("resources", _("Resources"), 50),
    Group("deliberation", _("Deliberation"), 55),  # 议事协商: bodies, meetings, resolutions (meetings, deliberation, evaluation)
    Group("front_services", _("Services and bookings"), 45),  # the resident and visitor fronts' services (core.menu front_group)
    Group("mine", _("Mine"), 60),
    Group("system", _("System"), 70),
]

ENTRIES = [
    Entry("home:home", _("Home"), None, "", 10, front="public"),
    Entry("api-docs", _("API"), None, "system", 40),
]
