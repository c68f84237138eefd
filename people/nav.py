"""people's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_RESIDENT
from core.menu import Entry

ENTRIES = [
    Entry("people:resident-list", _("People"), VIEW_RESIDENT, "basic", 50),
]
