"""imports' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_RESOURCE, EXPORT_UNIT, IMPORT_DATA
from core.menu import Entry

ENTRIES = [
    Entry("imports:index", _("Import / export"), (IMPORT_DATA, EXPORT_UNIT, CHANGE_RESOURCE), "system", 10),
]
