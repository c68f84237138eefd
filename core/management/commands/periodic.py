"""`manage.py periodic`: run every app's periodic jobs (core.periodic), each on its own period.

The loop wakes every `--tick` seconds (default 5) and runs the jobs that are due; `--once` runs every
job once and exits (for cron); `--only NAME` limits it to some jobs. Each job prints one line. Stop it
with Ctrl-C or SIGTERM: it finishes the job it is in.
"""

import signal
import threading
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.periodic import all_jobs, lock_name, single_runner


class Command(BaseCommand):
    help = "Run the periodic jobs (overdue escalation, offline devices, rollups...) each on its period; --once for one pass."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=5, help="seconds between checks for due jobs (default 5)")
        parser.add_argument("--once", action="store_true", help="run every job once and exit")
        parser.add_argument("--only", action="append", default=[], help="run only this job (repeatable)")

    def handle(self, *args, tick, once, only, **options):
        jobs = [j for j in all_jobs() if not only or j.name in only]
        stop = threading.Event()
        if not once and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            listed = ", ".join(f"{j.name} every {j.every} s" for j in jobs)
            self.stdout.write(f"periodic: {listed}; stop with Ctrl-C or SIGTERM")
        next_at = {j.name: 0.0 for j in jobs}
        while True:
            if not once:
                close_old_connections()  # a long-lived loop: drop a connection the database has closed or that is too old
            for job in jobs:
                if stop.is_set():
                    break
                if once or time.monotonic() >= next_at[job.name]:
                    next_at[job.name] = time.monotonic() + job.every
                    self.run_job(job)
            if once or stop.wait(max(0.1, tick)):
                break
        if not once:
            self.stdout.write("periodic: stopped")

    def run_job(self, job):
        started = time.monotonic()
        now = timezone.now()
        stamp = f"{timezone.localtime(now):%Y-%m-%d %H:%M:%S}"
        with single_runner(lock_name(job)) as held:
            if not held:
                self.stdout.write(f"{stamp} {job.name}: another periodic runner is running it; skipped")
                return
            line = job.run(now)
        self.stdout.write(f"{stamp} {job.name}: {line} ({time.monotonic() - started:.1f} s)")
        self.stdout.flush()
