"""audit's menu entries (see core.nav)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import VIEW_AUDIT
from core.nav import Entry

ENTRIES = [
    Entry("audit:log", _("Audit log"), VIEW_AUDIT, "system", 30),
]
