"""The resource libraries' periodic jobs (core.periodic)."""

from core.periodic import Job

from .jobs import recount_asked, repair_counters

JOBS = [
    Job("resources.recount_asked", 86400, recount_asked),  # asked = proposals in the last RESOURCES_ASKED_DAYS days
    Job("resources.repair_counters", 86400, repair_counters),  # committed/served recounted from matches and records; drift logged
]
