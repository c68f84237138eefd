"""`manage.py periodic`: the periodic work of the case system, every `--interval` seconds (default 300).

Each pass runs the overdue sweep (`cases.services.cases_escalate_overdue`: an overdue case goes one
level up the unit tree and its handlers and the supervisors there get a notice) and prints what it did.
`--once` runs one pass and exits (for cron). Two runners at once are safe: a pass runs only while it
holds a lock (a PostgreSQL advisory lock; on SQLite a file lock beside the database); the other skips
that pass. Stop it with Ctrl-C or SIGTERM: it finishes the pass it is in.
"""

import contextlib
import fcntl
import signal
import threading
import time
import zlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from cases.services import cases_escalate_overdue

LOCK_NAME = "jiayuan.periodic"


@contextlib.contextmanager
def single_runner(name: str = LOCK_NAME):
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


class Command(BaseCommand):
    help = "Run the periodic work (overdue escalation and reminders) every --interval seconds; --once for one pass."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=300, help="seconds between passes (default 300)")
        parser.add_argument("--once", action="store_true", help="run one pass and exit")

    def handle(self, *args, interval, once, **options):
        stop = threading.Event()
        if not once and threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
            self.stdout.write(f"periodic: a pass every {interval} s; stop with Ctrl-C or SIGTERM")
        while True:
            if not once:
                close_old_connections()  # a long-lived loop: drop a connection the database has closed or that is too old
            self.run_pass()
            if once or stop.wait(max(1, interval)):
                break
        if not once:
            self.stdout.write("periodic: stopped")

    def run_pass(self):
        started = time.monotonic()
        stamp = f"{timezone.localtime():%Y-%m-%d %H:%M:%S}"
        with single_runner() as held:
            if not held:
                self.stdout.write(f"{stamp} another periodic runner is in a pass; skipped")
                return
            done = cases_escalate_overdue()
        self.stdout.write(f"{stamp} escalation: {len(done)} overdue cases escalated ({time.monotonic() - started:.1f} s)")
        for case in done:
            self.stdout.write(f"  {case.number} → {case.escalated_to.name}")
