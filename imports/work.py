"""What waits for staff in imports (core.work): their own imports rejected in the last days, to correct and
upload again. It links to the import page's list filtered to the same jobs (?status=failed)."""

import datetime

from django.utils.translation import gettext_lazy as _

from accounts.roles import IMPORT_DATA
from core.work import WorkItem
from imports.models import ImportStatus
from imports.selectors import RECENT_DAYS, user_jobs


def _failed(user, now):
    return user_jobs(user).filter(status=ImportStatus.FAILED, created_at__gte=now - datetime.timedelta(days=RECENT_DAYS))


ITEMS = [
    WorkItem("imports-failed", _("Imports rejected this week"), "imports:index", IMPORT_DATA, _failed, 100, {"status": ImportStatus.FAILED}),
]
