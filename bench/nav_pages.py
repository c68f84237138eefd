"""Every page of the navigation, as each demo persona sees it, timed on the server (`make bench-pages`).

Uses the demo database (DATABASE_URL, else `make demo`'s var/jiayuan.sqlite3), migrating it and running
`manage.py load_demo` (idempotent: loads the demo when it is not there, then ANALYZE). Then, in process through the Django test
client (middleware, view, queries and template; no network), for each demo account of demo/accounts.py and
for a visitor without an account: the navigation entries that person sees (`home.navigation.navigation`,
the context processor every page renders its menu from, itself built on `home.navigation.menu()` and the
permission logic) plus the home page, each requested once to warm up and then RUNS times; the median is
the page's server time. A baseline page (the sign-in page, anonymous: middleware, a form and the base
template) is measured between personas in the same run; the table, slowest first, gives each page's median,
its ratio to the baseline and its number of queries. Exits 1 when a page's median exceeds the limit.

Environment / options: BENCH_PAGE_RUNS (--runs, 5), BENCH_PAGE_LIMIT_MS (--limit, 300), --persona NAME
(repeatable; "visitor" for the anonymous one), --top N (rows printed; all by default). See bench/README.md.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE_URL = "/accounts/login/"
VISITOR = "visitor"
VISITOR_PAGES = ["/", "/services/menu/", "/services/stations/"]  # the public front, beside whatever the navigation gives a visitor


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")  # this installation's keys (var/secrets.env)
    os.environ["DEBUG"] = "0"  # DEBUG off: no query log, templates cached, as served
    import django

    django.setup()


def ensure_demo() -> str:
    """Migrate and run `load_demo`: it loads what is missing (nothing when the demo is there) and ends with
    ANALYZE, so the planner has statistics on a demo database built by an older load_demo too."""
    from django.core.management import call_command

    from accounts.models import User
    from demo.accounts import DEMO_USERS

    call_command("migrate", interactive=False, verbosity=0)
    present = User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count() == len(DEMO_USERS)
    started = time.monotonic()
    call_command("load_demo", verbosity=0)
    return "demo present" if present else f"demo loaded in {time.monotonic() - started:.0f} s"


def nav_urls(user) -> list[tuple[str, str]]:
    """[(url, label)] of the navigation `user` sees (anonymous included), as the menu renders it."""
    from django.test import RequestFactory

    from home.navigation import navigation

    request = RequestFactory().get("/")
    request.user = user
    out = []
    for group in navigation(request).get("nav_groups", []):
        for item in group.get("items", []):
            out.append((str(item["url"]), str(item["label"])))
    return out


def persona_pages(user, is_visitor: bool) -> list[tuple[str, str]]:
    pages = [("/", "home")] + nav_urls(user)
    if is_visitor:
        pages += [(u, "public") for u in VISITOR_PAGES]
    seen, out = set(), []
    for url, label in pages:
        if url not in seen:
            seen.add(url)
            out.append((url, label))
    return out


def timed_get(client, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    r = client.get(url)
    return (time.perf_counter() - t) * 1000, r.status_code


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        client.get(url)
    return len(q)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_PAGE_RUNS", 5)))
    parser.add_argument(
        "--limit", type=float, default=float(os.environ.get("BENCH_PAGE_LIMIT_MS", 300)), help="ms; a page whose median exceeds it fails the run"
    )
    parser.add_argument("--persona", action="append", default=[], help="only these demo accounts (repeatable); 'visitor' for the anonymous one")
    parser.add_argument("--top", type=int, default=0, help="print only the N slowest rows (0: all)")
    args = parser.parse_args(argv)

    setup_django()
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from demo.accounts import DEMO_USERS

    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    note = ensure_demo()
    personas = [(VISITOR, None)] + [(u.username, u.role) for u in DEMO_USERS]
    if args.persona:
        personas = [p for p in personas if p[0] in args.persona]

    anon = Client()
    baseline = []

    def measure_baseline(n=3):
        for _ in range(n):
            baseline.append(timed_get(anon, BASELINE_URL)[0])

    anon.get(BASELINE_URL)
    measure_baseline()
    rows = []  # (median, persona, role, url, label, status, queries)
    for username, role in personas:
        client = Client()
        if username == VISITOR:
            user = AnonymousUser()
        else:
            user = User.objects.get(username=username)
            client.force_login(user)
        for url, label in persona_pages(user, username == VISITOR):
            _, status = timed_get(client, url)  # warm up: templates, caches
            times = [timed_get(client, url)[0] for _ in range(args.runs)]
            rows.append((statistics.median(times), username, role or "", url, label, status, count_queries(client, url)))
        measure_baseline()
    base = statistics.median(baseline)

    rows.sort(key=lambda r: -r[0])
    shown = rows[: args.top] if args.top else rows
    vendor = connection.vendor
    print(f"\n{note}; database {vendor} ({settings.DATABASES['default']['NAME']}); {len(rows)} pages of {len(personas)} personas")
    print(
        f"server time in process (Django test client), median of {args.runs} warm runs; baseline {BASELINE_URL} (anonymous) {base:.1f} ms, median of {len(baseline)}\n"
    )
    print(f"{'#':>3} {'median ms':>9} {'× base':>7} {'queries':>7} {'status':>6}  {'persona':<15}{'url':<40}label")
    print("-" * 110)
    for i, (ms, who, _role, url, label, status, nq) in enumerate(shown, 1):
        flag = " !" if ms > args.limit else ""
        print(f"{i:>3} {ms:>9.1f} {ms / base:>7.1f} {nq:>7} {status:>6}  {who:<15}{url:<40}{label}{flag}")
    bad_status = [r for r in rows if r[5] >= 500]
    over = [r for r in rows if r[0] > args.limit]
    print()
    for r in bad_status:
        print(f"ERROR {r[5]}: {r[1]} {r[3]}")
    if over:
        print(f"{len(over)} of {len(rows)} pages over {args.limit:.0f} ms (marked !); slowest {over[0][3]} for {over[0][1]}: {over[0][0]:.1f} ms")
    else:
        print(f"every page under {args.limit:.0f} ms; slowest {rows[0][3]} for {rows[0][1]}: {rows[0][0]:.1f} ms ({rows[0][0] / base:.1f} × baseline)")
    return 1 if over or bad_status else 0


if __name__ == "__main__":
    sys.exit(main())
