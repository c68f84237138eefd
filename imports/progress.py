"""Progress of a running import, kept in the cache (the job row is written once, at the end)."""

import time

from django.core.cache import cache

TIMEOUT = 24 * 3600
INTERVAL = 0.3  # seconds between cache writes


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:progress"


def read_progress(job_id: int) -> dict | None:
    """{"phase": "checking" | "importing", "done": n, "total": m}, or None before the first report."""
    return cache.get(progress_key(job_id))


def clear_progress(job_id: int) -> None:
    cache.delete(progress_key(job_id))


class CacheProgress:
    """A progress callback that writes to the cache at most every INTERVAL seconds."""

    def __init__(self, job_id: int):
        self.key = progress_key(job_id)
        self.phase = None
        self.last = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase != self.phase or done >= total or now - self.last >= INTERVAL:
            cache.set(self.key, {"phase": phase, "done": done, "total": total}, TIMEOUT)
            self.phase, self.last = phase, now
