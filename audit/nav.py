"""audit's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_AUDIT
from core.menu import Entry

ENTRIES = [
    Entry("audit:log", _("Audit log"), VIEW_AUDIT, "system", 30),
]
