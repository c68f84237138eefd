"""smart's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import ACK_ALARM, CHANGE_DEVICE, VIEW_DEVICE
from core.menu import Entry

ENTRIES = [
    Entry("smart:ops", _("Operations"), VIEW_DEVICE, "smart", 10),
    Entry("smart:device-list", _("Devices"), VIEW_DEVICE, "smart", 20),
    Entry("smart:alarm-list", _("Alarms"), (VIEW_DEVICE, ACK_ALARM), "smart", 30),
    Entry("smart:rule-list", _("Alarm rules"), CHANGE_DEVICE, "smart", 40),
]
