"""The meetings engine's menu entries (see core.menu): 议事协商 for staff, 我的会议 for members on either front."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_BODY
from core.menu import Entry

ENTRIES = [
    Entry("meetings:body-list", _("Deliberative bodies"), VIEW_BODY, "deliberation", 10),
    Entry("meetings:meeting-list", _("Meetings"), VIEW_BODY, "deliberation", 20),
    Entry("meetings:my-meetings", _("My meetings"), None, "mine", 40, front="both"),
    Entry("meetings:published", _("Minutes and decisions of my neighbourhood"), None, "mine", 45, front="resident", front_group="", front_order=72),
]
