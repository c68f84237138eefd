"""The service system's periodic jobs (core.periodic): no-shows, waitlists, inactive 睦邻点."""

JOBS = []
