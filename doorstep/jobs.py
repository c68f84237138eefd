"""The service system's periodic jobs (core.periodic): slots ahead, no-shows, inactive 睦邻点. Thin: each
calls the services."""

from core.periodic import Job
from doorstep.inactivity import job as flag_inactive_points
from doorstep.services.bookings import bookings_mark_no_shows, setting
from doorstep.slots import slots_generate


def keep_slots_ahead(now) -> str:
    return str(slots_generate(weeks=setting("SERVICES_SLOT_WEEKS"), now=now))


def mark_no_shows(now) -> str:
    return f"{len(bookings_mark_no_shows(now=now))} bookings marked as no-shows"


JOBS = [
    Job("services.slots_ahead", 86400, keep_slots_ahead),  # room slots and service sessions generated SERVICES_SLOT_WEEKS ahead
    Job("services.no_shows", 300, mark_no_shows),  # booked, not checked in, slot ended: no-show
    Job("services.flag_inactive_points", 86400, flag_inactive_points),  # 睦邻点 below the activity threshold: flagged, never retired
]
