"""The booking jobs of services/periodic_jobs.py: thin, they call the services."""

from .services_bookings import bookings_mark_no_shows, setting
from .slots import slots_generate


def keep_slots_ahead(now) -> str:
    return str(slots_generate(weeks=setting("SERVICES_SLOT_WEEKS"), now=now))


def mark_no_shows(now) -> str:
    return f"{len(bookings_mark_no_shows(now=now))} bookings marked as no-shows"
