"""resources' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_RESOURCE, MATCH_RESOURCE, VIEW_RESOURCE
from core.menu import Entry

ENTRIES = [
    Entry("resources:need-list", _("Needs"), VIEW_RESOURCE, "resources", 10),
    Entry("resources:match-list", _("Matching"), VIEW_RESOURCE, "resources", 20),
    Entry("resources:round-list", _("Matching rounds"), MATCH_RESOURCE, "resources", 30),
    Entry("resources:record-list", _("Service records"), VIEW_RESOURCE, "resources", 40),
    Entry("resources:map", _("Resource-sharing map"), VIEW_RESOURCE, "resources", 50),
    Entry("resources:talent-list", _("Community talents"), VIEW_RESOURCE, "resources", 60),
    Entry("resources:talent-review", _("Talent applications"), CHANGE_RESOURCE, "resources", 70),
    Entry("resources:talent-public", _("Talents near you"), None, "resources", 80, front="both"),
    Entry("resources:space-list", _("Shared spaces"), None, "resources", 90, front="both"),
    Entry("resources:organisation-list", _("Co-building units and charities"), None, "resources", 100, front="both"),
    Entry("resources:type-list", _("Resource types"), VIEW_RESOURCE, "resources", 110),
    Entry("resources:my-services", _("My services as a talent"), None, "mine", 40, front="both"),
    Entry("resources:talent-apply", _("Become a community talent"), None, "mine", 50, front="both"),
]
