"""Pages of places, rooms, the menu, bookings, calendars and occupancy (services/urls_bookings.py)."""
