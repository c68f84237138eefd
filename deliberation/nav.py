"""deliberation's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import MANAGE_MATTER, VIEW_BODY, VIEW_MATTER
from core.menu import Entry

ENTRIES = [
    # resolutions' actions and 三重一大
    Entry("deliberation:board", _("Resolutions board"), VIEW_BODY, "deliberation", 40),
    Entry("deliberation:board-resident", _("What our district decided"), None, "mine", 70, front="resident", front_group="", front_order=70),
    Entry("deliberation:matter-list", _("三重一大 register"), VIEW_MATTER, "deliberation", 50),
    Entry("deliberation:spending-list", _("Spendings"), VIEW_MATTER, "deliberation", 55),
    Entry("deliberation:threshold-list", _("Large-sum thresholds"), MANAGE_MATTER, "deliberation", 56),
    # 约请 and topics from recurring cases
    Entry("deliberation:summons-list", _("约请"), None, "deliberation", 60, front="both", front_group="mine", front_order=60),
    Entry("deliberation:topic-list", _("Topics from recurring cases"), VIEW_BODY, "deliberation", 70),
]
