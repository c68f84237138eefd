"""The surveys' periodic job (core.periodic): close the open surveys whose closing time has passed."""

from core.periodic import Job
from surveys.services import surveys_close_due

JOBS = [Job("surveys.close_due", 300, surveys_close_due)]
