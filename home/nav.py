"""The menu's frame (its groups, in order) and the top app's own entries."""

from django.utils.translation import gettext_lazy as _

from core.menu import Entry, Group

GROUPS = [
    Group("", "", 0),
    Group("basic", _("Basic data"), 10),
    Group("cases", _("Cases"), 20),
    Group("smart", _("Smart community"), 30),
    Group("services", _("Services"), 40),
    Group("resources", _("Resources"), 50),
    Group("mine", _("Mine"), 60),
    Group("system", _("System"), 70),
]

ENTRIES = [
    Entry("home:home", _("Home"), None, "", 10),
    Entry("api-docs", _("API"), None, "system", 40),
]
