"""The device platform's periodic jobs (core.periodic): offline checks, rollups, retention."""

JOBS = []
