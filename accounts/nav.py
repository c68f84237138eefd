"""accounts' menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from core.menu import Entry

from .roles import CHANGE_ROLEASSIGNMENT, VIEW_ROLEASSIGNMENT

ENTRIES = [
    Entry("accounts:assignment-list", _("Roles"), (VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT), "system", 20),
]
