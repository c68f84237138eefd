"""The device platform's periodic jobs (core.periodic): offline checks, rollups, retention."""

from core.periodic import Job
from smart.offline import OFFLINE_EVERY, offline_check
from smart.rollup import telemetry_drop_expired, telemetry_rollup

JOBS = [
    Job("smart.offline", OFFLINE_EVERY, offline_check),  # offline alarms on time, without waiting for a message (smart/offline.py)
    Job("smart.rollup", 300, telemetry_rollup),  # hourly rollups of telemetry (smart/rollup.py)
    Job("smart.retention", 3600, telemetry_drop_expired),  # raw rows past SMART_RETENTION_DAYS dropped, rollups kept
]
