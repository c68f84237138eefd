"""org's menu entries (see core.menu)."""

from django.utils.translation import gettext_lazy as _

from core.menu import Entry
from org.models import VIEW_UNIT

ENTRIES = [
    Entry("org:unit-tree", _("Units"), VIEW_UNIT, "basic", 10),
    Entry("org:grid-map", _("Grid map"), VIEW_UNIT, "basic", 20),
    Entry("org:coverage", _("Grid coverage"), VIEW_UNIT, "basic", 30),
    Entry("org:element-list", _("Shops and public places"), VIEW_UNIT, "basic", 40),
]
