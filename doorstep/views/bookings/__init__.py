"""Pages of places, rooms, the menu, bookings, calendars and occupancy (doorstep/urls/bookings.py)."""
