"""cases' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VERIFY_CASE, VIEW_CASE
from core.menu import Entry

ENTRIES = [
    Entry("cases:workbench", _("Cases"), VIEW_CASE, "cases", 10),
    Entry("cases:patrol", _("Patrol"), VERIFY_CASE, "cases", 20),
    Entry("cases:dashboard", _("Case indicators"), VIEW_CASE, "cases", 30),
    Entry("cases:report", _("Report a problem"), None, "mine", 10, front="public", front_group="", front_order=20),  # visitors too (rate-limited)
    Entry("cases:track", _("Track a case"), None, "mine", 15, front="visitor", front_group="", front_order=30),
    Entry("cases:mine", _("My reports"), None, "mine", 20, front="both", front_group="", front_order=30),
]
