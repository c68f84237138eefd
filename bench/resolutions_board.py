"""The resolutions board and the meetings list at 100,000 actions on PostgreSQL (`make bench-board`).

Uses its own database (DATABASE_URL, default `jiayuan_bench_board`; created when missing, migrated). Builds, once
(idempotent: skipped when 100,000 actions are there), a subdistrict `BOARD` of 4 片区 and 22 居民区, a 1+3+N council
per 居民区 with two meetings a month for two years (1,056 meetings), ten adopted decisions per meeting (10,560) and
100,000 actions spread over them (a mix of states, progress, weights and deadlines, some overdue), all with
`bulk_create` (no timelines: the board does not read them), then ANALYZE. Then times, warm, each against a
primary-key lookup of one action measured in the same run (the ratio is the result; the target is ≤ 5×):

(a1) the board's first page query: 20 adopted decisions, newest first, with meeting, body and unit (one query);
(a2) the same with the page's progress figures (`attach_progress`: one grouped query over their actions);
(a) the board's whole first page for the subdistrict administrator: 20 adopted decisions, newest first, each with its
    weighted progress, counts and first actions (`deliberation.selectors.actions.board_decisions`: one query for the
    page; `board_rows`: one query for the first actions of its 20 decisions and their figures, window functions);
(a') its total (the paginator's count);
(b) the board filtered to decisions with overdue actions, first page;
(c) a resident's board (public decisions of their 居民区), first page;
(d) the meetings list's first page (the body's meetings, newest first, with the body and unit).

It also requests the board page and its API list through django.test.Client at this size and prints their
number of queries (the same as with a handful of rows: tests/test_query_counts.py guards that), and the plans.
Exits 1 when a first page ((a1), (a), (d)) is over 5× the primary-key lookup; the filtered pages (b), (c) are
reported as they are.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402  bench/run.py: creating the database, setting Django up

TARGET_ACTIONS = 100_000
CODE = "BOARD"
ADMIN, RESIDENT = "bench_board_admin", "bench_board_resident"
RUNS = 100


def populate() -> str:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import role_assign
    from deliberation.models import Action
    from meetings.models import AgendaItem, Body, BodyKind, Decision, Meeting
    from meetings.workflow import DecisionState, MeetingState
    from org.models import Unit, UnitKind
    from org.services import unit_create

    call_command("migrate", interactive=False, verbosity=0)
    have = Action.objects.filter(unit_path__startswith=Unit.objects.filter(code=CODE).values_list("path", flat=True).first() or "-").count()
    if have >= TARGET_ACTIONS:
        return f"{have:,} actions present; generation skipped"
    started = time.monotonic()
    with transaction.atomic():
        top = Unit.objects.filter(code=CODE).first() or unit_create(parent=None, kind=UnitKind.SUBDISTRICT, code=CODE, name="议事基准街道")
        districts = []
        for a in range(4):
            area = Unit.objects.filter(code=f"{CODE}-A{a}").first() or unit_create(parent=top, kind=UnitKind.AREA, code=f"{CODE}-A{a}", name=f"第{a + 1}片区")
            for d in range(22 // 4 + (1 if a < 22 % 4 else 0)):
                code = f"{CODE}-A{a}-D{d}"
                districts.append(
                    Unit.objects.filter(code=code).first() or unit_create(parent=area, kind=UnitKind.DISTRICT, code=code, name=f"第{a + 1}片区{d + 1}居民区")
                )
        home = districts[0]
        grid = Unit.objects.filter(code=f"{home.code}-G").first() or unit_create(parent=home, kind=UnitKind.GRID, code=f"{home.code}-G", name="1号网格")
        building = Unit.objects.filter(code=f"{grid.code}-B").first() or unit_create(parent=grid, kind=UnitKind.BUILDING, code=f"{grid.code}-B", name="1号楼")
        house = Unit.objects.filter(code=f"{building.code}-H").first() or unit_create(
            parent=building, kind=UnitKind.HOUSE, code=f"{building.code}-H", name="101室"
        )
        admin, created = User.objects.get_or_create(username=ADMIN, defaults={"display_name": "议事基准 街道管理员"})
        if created:
            role_assign(user=admin, role="subdistrict_admin", unit=top)
        resident, created = User.objects.get_or_create(username=RESIDENT, defaults={"display_name": "议事基准 居民"})
        if created:
            role_assign(user=resident, role="resident", unit=house)
        Action.objects.filter(unit_path__startswith=top.path).delete()  # a half-made run starts again
        Decision.objects.filter(unit_path__startswith=top.path).delete()
        Meeting.objects.filter(unit_path__startswith=top.path).delete()
        Body.objects.filter(unit_path__startswith=top.path).delete()
        kind = BodyKind.objects.get(code="council")
        bodies = Body.objects.bulk_create([Body(kind=kind, unit=d, unit_path=d.path, name=f"{d.name}议事会") for d in districts])
        start = timezone.now() - datetime.timedelta(days=730)
        meetings = Meeting.objects.bulk_create(
            [
                Meeting(body=b, unit_path=b.unit_path, title=f"{b.name}第{m + 1}次会议", starts_at=start + datetime.timedelta(days=15 * m, hours=i),
                        ends_at=start + datetime.timedelta(days=15 * m, hours=i + 2), state=MeetingState.CLOSED)
                for i, b in enumerate(bodies) for m in range(48)
            ],
            batch_size=2000,
        )  # fmt: skip
        items = AgendaItem.objects.bulk_create(
            [AgendaItem(meeting=m, unit_path=m.unit_path, order=k, title=f"议题{k + 1}") for m in meetings for k in range(10)], batch_size=5000
        )
        decisions = Decision.objects.bulk_create(
            [
                Decision(item=it, meeting_id=it.meeting_id, unit_path=it.unit_path, text=f"{it.title}：同意实施", state=DecisionState.ADOPTED,
                         present=9, seats=11, votes_for=7, votes_against=1, votes_abstain=1, decided_at=start, is_public=it.order % 4 != 3)
                for it in items
            ],
            batch_size=5000,
        )  # fmt: skip
        unit_of = {b.unit_path: b.unit_id for b in bodies}
        today = timezone.localdate()
        states = ("open", "in_progress", "in_progress", "done", "done", "done", "cancelled")
        rows = []
        for n in range(TARGET_ACTIONS):
            d = decisions[n % len(decisions)]
            state = states[n % len(states)]
            rows.append(
                Action(decision=d, unit_id=unit_of[d.unit_path], unit_path=d.unit_path, title=f"落实事项{n}", responsible_unit_id=unit_of[d.unit_path],
                       responsible_name="居委会", deadline=today + datetime.timedelta(days=(n % 120) - 90), weight=1 + n % 3,
                       progress=100 if state == "done" else (n * 13) % 100, state=state, is_public=n % 5 != 0)
            )  # fmt: skip
        Action.objects.bulk_create(rows, batch_size=10000)
    with connection.cursor() as c:
        c.execute("ANALYZE")
    return f"built {len(decisions):,} decisions and {TARGET_ACTIONS:,} actions in {time.monotonic() - started:.0f} s, then ANALYZE"


def medians_ms(fns: dict) -> dict[str, float]:
    """Median of RUNS warm runs in a row per callable, in two passes over all of them (as bench/run.py)."""
    times = {name: [] for name in fns}
    for _ in range(2):
        for name, fn in fns.items():
            fn(0)
            for i in range(RUNS // 2):
                t = time.perf_counter()
                fn(i)
                times[name].append(time.perf_counter() - t)
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def page(qs, public_only: bool = False) -> list:
    """The first 20 rows with everything a board row shows: the page's query, then `board_rows` (its first actions
    and figures, one query), as the board's pages do."""
    from deliberation.selectors.actions import board_rows

    return board_rows(qs[:20], public_only=public_only)


def queries():
    from accounts.models import User
    from accounts.roles import VIEW_BODY
    from deliberation.models import Action
    from deliberation.selectors.actions import attach_progress, board_decisions, board_filter, resident_board
    from meetings.models import Meeting

    admin, resident = User.objects.get(username=ADMIN), User.objects.get(username=RESIDENT)
    lo = Action.objects.order_by("id").values_list("id", flat=True).first()
    hi = Action.objects.order_by("-id").values_list("id", flat=True).first()
    pks = [lo + (hi - lo) * k // RUNS for k in range(RUNS)]

    def board():
        return board_decisions(admin)

    def overdue():
        return board_filter(board_decisions(admin), overdue=True)

    def meetings():
        return Meeting.objects.for_user(admin, VIEW_BODY).select_related("body__unit").order_by("-starts_at", "-id")

    return admin, {
        "primary-key lookup of one action": (lambda i=0: Action.objects.get(pk=pks[i % len(pks)]), Action.objects.filter(pk=pks[0]).order_by()),
        "(a1) board page: its 20 decisions": (lambda i=0: list(board()[:20]), board()[:20]),
        "(a2) ... their figures only (attach_progress, as the API)": (lambda i=0: attach_progress(board()[:20]), None),
        "(a) board, whole first page (+ actions)": (lambda i=0: page(board()), None),
        "(a') its total count": (lambda i=0: board().count(), None),
        "(b) board, overdue only, first page": (lambda i=0: page(overdue()), overdue()[:20]),
        "(c) a resident's board, first page": (lambda i=0: page(resident_board(resident), public_only=True), resident_board(resident)[:20]),
        "(d) meetings list, first page": (lambda i=0: list(meetings()[:20]), meetings()[:20]),
    }


def request_counts(admin) -> list[tuple[str, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(admin)
    out = []
    for url in ("/deliberation/board/", "/deliberation/board/?overdue=true", "/api/resolutions/", "/api/actions/"):
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        out.append((url, status, len(ctx)))
    return out


def main() -> None:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiayuan_bench_board")
    os.environ["DATABASE_URL"] = url
    run.ensure_database(url)
    run.setup_django()
    from django.conf import settings

    from deliberation.models import Action

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    note = populate()
    admin, plan = queries()
    results = medians_ms({name: fn for name, (fn, _) in plan.items()})
    base = results["primary-key lookup of one action"]
    print(f"\n{note}\nactions: {Action.objects.count():,}; median of {RUNS} warm runs, through the Django ORM\n")
    print(f"{'query':<42}{'median ms':>11}{'× pk':>9}")
    print("-" * 62)
    worst = 0.0
    for name, ms in results.items():
        print(f"{name:<42}{ms:>11.3f}{ms / base:>9.1f}")
        if name.startswith(("(a1)", "(a)", "(d)")):
            worst = max(worst, ms / base)
    print(f"\n{'request (Django test client)':<42}{'status':>8}{'queries':>9}")
    for u, status, n in request_counts(admin):
        print(f"{u:<42}{status:>8}{n:>9}")
    for name, (_, qs) in plan.items():
        if qs is not None:
            print(f"\n== {name}\n{qs.explain(analyze=True, buffers=True)}")
    print(f"\nworst first page (the board's query, the board's whole first page, the meetings list): {worst:.1f}× a primary-key lookup (target ≤ 5×)")
    sys.exit(0 if worst <= 5 else 1)


if __name__ == "__main__":
    main()
