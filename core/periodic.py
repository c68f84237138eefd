"""Periodic jobs as data: each app lists its jobs in `<app>/jobs.py` as `JOBS`, and
`manage.py periodic` runs each one every `every` seconds (overdue escalation every 5 minutes, offline
device checks every few seconds, telemetry rollups hourly...).

A job is a function of `now` returning one line that says what it did. Two runners at once are safe:
a job runs only while its runner holds the job's lock (a PostgreSQL advisory lock; on SQLite a file
lock beside the database); the other runner skips it that time.
"""

import contextlib
import datetime
import fcntl
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from core.discovery import app_modules


@dataclass(frozen=True)
class Job:
    name: str
    every: int  # seconds
    run: Callable[[datetime.datetime], str]


def all_jobs() -> list[Job]:
    """The jobs of every installed app whose `jobs` module lists `JOBS`, in app order."""
    return [job for module in app_modules("jobs") for job in getattr(module, "JOBS", ())]


@contextlib.contextmanager
def single_runner(name: str):
    """Yields True when this process holds the lock named `name` (released on exit), False when another does."""
    if connection.vendor == "postgresql":
        key = zlib.crc32(name.encode()) - 2**31  # a signed 32-bit key of the name
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_lock(%s)", [key])
            held = cur.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    db_name = str(settings.DATABASES["default"]["NAME"])
    folder = Path(db_name).parent if "/" in db_name and "mode=memory" not in db_name else Path(settings.BASE_DIR) / "var"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.lock", "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def lock_name(job: Job) -> str:
    return f"jiayuan.periodic.{job.name}"
