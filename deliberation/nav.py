"""deliberation's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.menu import Entry

# 约请 and topics from recurring cases
ENTRIES = [
    Entry("deliberation:summons-list", _("约请"), None, "deliberation", 60, front="both", front_group="mine", front_order=60),
    Entry("deliberation:topic-list", _("Topics from recurring cases"), VIEW_BODY, "deliberation", 70),
]
