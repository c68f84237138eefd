"""The service system's periodic jobs (core.periodic): no-shows, waitlists, inactive 睦邻点."""

from core.periodic import Job

from .inactivity import job as flag_inactive_points
from .jobs_bookings import keep_slots_ahead, mark_no_shows

JOBS = [
    Job("services.slots_ahead", 86400, keep_slots_ahead),  # room slots and service sessions generated SERVICES_SLOT_WEEKS ahead
    Job("services.no_shows", 300, mark_no_shows),  # booked, not checked in, slot ended: no-show
    Job("services.flag_inactive_points", 86400, flag_inactive_points),  # 睦邻点 below the activity threshold: flagged, never retired
]
