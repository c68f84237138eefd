"""accounts' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_ROLEASSIGNMENT, VIEW_ROLEASSIGNMENT
from core.menu import Entry

ENTRIES = [
    Entry("accounts:assignment-list", _("Roles"), (VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT), "system", 20),
]
