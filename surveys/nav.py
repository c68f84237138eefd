"""surveys' menu entries (see core.menu): listed with the services, and the resident's own surveys."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_SURVEY, VIEW_SURVEY
from core.menu import Entry

ENTRIES = [
    Entry("surveys:list", _("Surveys"), (VIEW_SURVEY, CHANGE_SURVEY), "services", 140),
    Entry("surveys:mine", _("My surveys"), None, "mine", 60, front="both"),
]
