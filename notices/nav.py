"""notices' menu entries (see core.menu): the resident front lists the notices at the top level (staff reach
them from the header)."""

from django.utils.translation import gettext_lazy as _

from core.menu import Entry

ENTRIES = [
    Entry("notices:list", _("Notices"), None, "mine", 5, front="resident", front_group="", front_order=50),
]
