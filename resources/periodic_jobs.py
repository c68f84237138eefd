"""The resource libraries' periodic jobs (core.periodic)."""

JOBS = []
