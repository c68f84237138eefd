"""A burst of concurrent bookings of one slot on PostgreSQL (`make bench-services`).

200 different users try to book the same service session (20 places) at the same moment: the attempts are
released together (a barrier) onto a pool of worker threads, each with its own database connection, each
attempt its own transaction through `doorstep.services.bookings.booking_create`, the function the pages
and the API call. The script checks the outcome (winners == places, everyone else waitlisted, the slot's
`booked` equal to the places, no refusal, no error) and prints the throughput of the burst against 200
plain reads of the same slot (`Slot.objects.get(pk=...)`) done the same way, with the same pool, in the
same run: the ratio, not the milliseconds, is the result.

Uses the database of `make bench` (created when missing and migrated; the residents are not needed).
Environment: BENCH_ATTEMPTS (200), BENCH_PLACES (20), BENCH_CONNECTIONS (the pool; default 50, as the
default PostgreSQL allows 100 connections in all; set it to the attempts on a server that allows more),
BENCH_ROUNDS (5: each round a fresh slot; medians are printed). See bench/README.md.
"""

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  bench/run.py: the database and Django

ATTEMPTS = int(os.environ.get("BENCH_ATTEMPTS", 200))
PLACES = int(os.environ.get("BENCH_PLACES", 20))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 50))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
UNIT_CODE = "BENCH-SVC"


def setup():
    """The centre of a benchmark subdistrict, one service with PLACES places, ATTEMPTS users (idempotent)."""
    from django.core.management import call_command

    from accounts.models import User
    from doorstep.models import Place, Service
    from doorstep.services.places import place_create, service_create
    from org.models import Unit, UnitKind
    from org.services import unit_create

    call_command("migrate", interactive=False, verbosity=0)
    unit = Unit.objects.filter(code=UNIT_CODE).first() or unit_create(parent=None, kind=UnitKind.SUBDISTRICT, code=UNIT_CODE, name="基准测试街道")
    place = Place.objects.filter(unit=unit).first() or place_create(kind="centre", unit=unit, name="基准测试幸福里")
    service = Service.objects.filter(place=place, name="基准测试义诊").first() or service_create(
        place=place, group="life", name="基准测试义诊", capacity=PLACES
    )
    if service.capacity != PLACES:
        Service.objects.filter(pk=service.pk).update(capacity=PLACES)
    names = [f"bench_booker_{i:04d}" for i in range(ATTEMPTS)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create([User(username=n, display_name=n, password="!") for n in names if n not in have])  # noqa: S106  an unusable password
    users = list(User.objects.filter(username__in=names).order_by("username"))
    return service, users


def fresh_slot(service):
    """A new session far in the future (a unique start per round)."""
    import datetime

    from django.utils import timezone

    from doorstep.models import Slot

    last = Slot.objects.filter(service=service).order_by("-start").values_list("start", flat=True).first()
    start = max(last + datetime.timedelta(hours=1) if last else timezone.now(), timezone.now() + datetime.timedelta(days=30)).replace(microsecond=0)
    return Slot.objects.create(service=service, unit_path=service.unit_path, start=start, end=start + datetime.timedelta(hours=1), capacity=PLACES)


def burst(tasks: list, fn, workers: int):
    """Run fn(task) for every task on `workers` threads, each with its own connection opened beforehand;
    all start together. Returns (seconds from the start to the last finish, results, per-call seconds)."""
    from django.db import connection, connections

    shares = [tasks[i::workers] for i in range(workers)]
    ready, done = threading.Barrier(workers + 1), threading.Barrier(workers + 1)
    results, latencies, lock = [], [], threading.Lock()

    def worker(share):
        try:
            connection.ensure_connection()
            ready.wait()
            for task in share:
                t = time.perf_counter()
                out = fn(task)
                took = time.perf_counter() - t
                with lock:
                    results.append(out)
                    latencies.append(took)
            done.wait()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(s,)) for s in shares]
    for t in threads:
        t.start()
    ready.wait()
    started = time.perf_counter()
    done.wait()
    elapsed = time.perf_counter() - started
    for t in threads:
        t.join()
    return elapsed, results, latencies


def one_round(service, users, workers):
    from django.core.exceptions import ValidationError
    from django.db.models import Count

    from doorstep.models import Booking, Slot
    from doorstep.services.bookings import booking_create

    slot = fresh_slot(service)

    def book(user):
        try:
            return booking_create(slot=Slot(pk=slot.pk), user=user).state
        except ValidationError as e:
            return f"refused: {e.code}"
        except Exception as e:  # noqa: BLE001  counted and reported: the run fails on any
            return f"error: {type(e).__name__}: {e}"

    book_s, outcomes, book_lat = burst(users, book, workers)
    read_s, reads, read_lat = burst([slot.pk] * len(users), lambda pk: Slot.objects.get(pk=pk).booked, workers)
    slot.refresh_from_db()
    stored = dict(Booking.objects.filter(slot=slot).order_by().values_list("state").annotate(n=Count("id")))
    return {
        "booked": outcomes.count("booked"),
        "waitlisted": outcomes.count("waitlisted"),
        "other": sorted({o for o in outcomes if o not in ("booked", "waitlisted")}),
        "slot_booked": slot.booked,
        "stored": stored,
        "book_s": book_s,
        "read_s": read_s,
        "book_p50": statistics.median(book_lat) * 1000,
        "book_p95": sorted(book_lat)[int(len(book_lat) * 0.95) - 1] * 1000,
        "read_p50": statistics.median(read_lat) * 1000,
        "reads_ok": len(reads) == len(users),
    }


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench/services_booking.py measures PostgreSQL: set DATABASE_URL=postgres://...")
    run.ensure_database(url)
    run.setup_django()
    from django.db import connection

    service, users = setup()
    with connection.cursor() as c:
        c.execute("SHOW max_connections")
        max_conn = int(c.fetchone()[0])
        c.execute("SELECT version()")
        version = c.fetchone()[0].split(" on ")[0]
    workers = max(1, min(CONNECTIONS, ATTEMPTS))
    print(f"{version}; max_connections {max_conn}; {os.cpu_count()} CPUs")
    print(f"{ATTEMPTS} users book one session of {PLACES} places at once, on {workers} connections (one thread each); {ROUNDS} rounds, a fresh slot each")
    connection.close()

    rounds, failed = [], False
    for i in range(ROUNDS):
        r = one_round(service, users, workers)
        rounds.append(r)
        ok = (
            r["booked"] == PLACES
            and r["waitlisted"] == ATTEMPTS - PLACES
            and not r["other"]
            and r["slot_booked"] == PLACES
            and r["stored"] == {"booked": PLACES, "waitlisted": ATTEMPTS - PLACES}
            and r["reads_ok"]
        )
        failed |= not ok
        print(
            f"  round {i + 1}: {r['booked']} booked, {r['waitlisted']} waitlisted{', ' + ', '.join(r['other']) if r['other'] else ''}; "
            f"slot.booked={r['slot_booked']}; stored {r['stored']}; bookings {ATTEMPTS / r['book_s']:.0f}/s, reads {ATTEMPTS / r['read_s']:.0f}/s"
            f"{'' if ok else '  <-- WRONG'}"
        )
    book_rate = statistics.median(ATTEMPTS / r["book_s"] for r in rounds)
    read_rate = statistics.median(ATTEMPTS / r["read_s"] for r in rounds)
    print()
    print(f"winners == places ({PLACES}) in every round: {all(r['booked'] == PLACES for r in rounds)}")
    print(f"waitlisted == the rest ({ATTEMPTS - PLACES}) in every round: {all(r['waitlisted'] == ATTEMPTS - PLACES for r in rounds)}")
    print(f"no overbooking (slot.booked <= places, CHECK svc_slot_within_capacity): {all(r['slot_booked'] <= PLACES for r in rounds)}")
    print()
    print("| burst of 200 | median per second | median latency ms (p95) |")
    print("|---|---:|---:|")
    print(f"| plain reads of the slot | {read_rate:.0f} | {statistics.median(r['read_p50'] for r in rounds):.2f} |")
    print(
        f"| booking attempts | {book_rate:.0f} | {statistics.median(r['book_p50'] for r in rounds):.2f} ({statistics.median(r['book_p95'] for r in rounds):.1f}) |"
    )
    print(f"\nthroughput ratio, bookings : reads = 1 : {read_rate / book_rate:.1f}")
    if failed:
        sys.exit("WRONG: a round did not give exactly the places there are")


if __name__ == "__main__":
    main()
