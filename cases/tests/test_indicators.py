"""Case indicators (cases/indicators.py) and their daily rollup (cases/rollup.py, cases/signals.py)."""

import datetime
import os
import random
import statistics
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import rollup
from cases.indicators import case_indicators, check_period, default_period, median
from cases.models import Case, CaseDayStat, CaseHoursStat, CaseTransition, Rating
from cases.services import case_accept, case_complete, case_dispatch, case_merge, case_rate, case_reject, case_reopen, case_report, case_start, case_verify
from cases.tests.conftest import IN_G1, IN_G2
from cases.workflow import CaseState
from core.testing import FIXED_TODAY
from core.workflow import IllegalTransition

S = CaseState
TODAY = FIXED_TODAY
pytestmark = pytest.mark.usefixtures("fixed_clock")  # "today" is FIXED_TODAY however long the run


def at(day_offset: int, hour: int = 10) -> datetime.datetime:
    day = TODAY + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate(case, **fields):
    """Move a case's times through save(), as a service would, so the rollup follows."""
    case.refresh_from_db()
    for k, v in fields.items():
        setattr(case, k, v)
    case.save(update_fields=list(fields))
    return case


def closed_case(personas, categories, *, rating=None, where=IN_G1):
    admin = personas["subdistrict_admin"]
    case = case_report(category=categories["clutter"], description="堆物", reporter=personas["resident"], **where)
    case_accept(case=case, by=admin)
    case_dispatch(case=case, to=case.unit, by=admin)
    case_start(case=case, by=admin)
    case_complete(case=case, by=admin)
    case_verify(case=case, by=admin, passed=True)
    if rating:
        case_rate(case=case, by=personas["resident"], rating=rating)
    return case


# --- the definitions, on cases made by hand ---------------------------------------------------------------


def test_basically_satisfied_counts_as_satisfied(grids, personas, categories):
    closed_case(personas, categories, rating=Rating.SATISFIED)
    closed_case(personas, categories, rating=Rating.BASIC)
    closed_case(personas, categories, rating=Rating.UNSATISFIED)
    closed_case(personas, categories)  # not rated: not in the satisfaction rate
    f = case_indicators(grids.S, TODAY, TODAY).totals
    assert (f.closed, f.rated, f.satisfied) == (4, 3, 2)
    assert f.satisfaction_rate == pytest.approx(2 / 3, abs=1e-4)


def test_a_case_closed_after_its_due_time_is_due_but_not_on_time(grids, personas, categories):
    on_time = closed_case(personas, categories)
    late = closed_case(personas, categories)
    backdate(late, accepted_at=at(-10), due_at=at(-3))
    backdate(on_time, due_at=at(2))  # closed early: counted in the period it is due
    f = case_indicators(grids.S, TODAY - datetime.timedelta(days=5), TODAY + datetime.timedelta(days=5)).totals
    assert (f.due, f.on_time) == (2, 1)
    assert f.on_time_rate == 0.5
    assert case_indicators(grids.S, TODAY, TODAY).totals.due == 0  # neither is due today


def test_an_open_case_counts_as_due_only_once_its_due_date_has_passed(grids, personas, categories):
    admin = personas["subdistrict_admin"]
    overdue = case_accept(case=case_report(category=categories["clutter"], description="堆物", **IN_G1, unit=grids.G1), by=admin)
    pending = case_accept(case=case_report(category=categories["clutter"], description="堆物", **IN_G1, unit=grids.G1), by=admin)
    backdate(overdue, due_at=at(-1))
    backdate(pending, due_at=at(0, 23))
    f = case_indicators(grids.S, TODAY - datetime.timedelta(days=3), TODAY).totals
    assert (f.due, f.on_time, f.on_time_rate) == (1, 0, 0.0)


def test_a_reopened_case_is_neither_resolved_nor_due_at_its_old_time(grids, personas, categories):
    admin = personas["subdistrict_admin"]
    case = closed_case(personas, categories)
    closed_case(personas, categories)
    case_reopen(case=case, by=personas["resident"], note="又堆上了")
    f = case_indicators(grids.S, TODAY, TODAY).totals
    assert (f.reported, f.reopened, f.closed, f.resolved) == (2, 1, 1, 1)
    for step in (case_start, case_complete):
        step(case=case, by=admin)
    case_verify(case=case, by=admin, passed=True)
    f = case_indicators(grids.S, TODAY, TODAY).totals
    assert (f.closed, f.resolved, f.resolution_rate, f.reopened_share) == (2, 1, 0.5, 0.5)


def test_merged_and_rejected_cases_count_as_reported_and_merged_ones_as_duplicates(grids, personas, categories):
    admin = personas["subdistrict_admin"]
    survivor = case_report(category=categories["clutter"], description="堆物", **IN_G1)
    dup = case_accept(case=case_report(category=categories["clutter"], description="堆物", **IN_G1), by=admin)
    case_merge(case=dup, into=survivor, by=admin)
    case_reject(case=case_report(category=categories["clutter"], description="咨询", **IN_G1), by=admin, reason="不属于受理范围")
    f = case_indicators(grids.S, TODAY, TODAY).totals
    assert (f.reported, f.merged, f.duplicate_share, f.closed, f.due) == (3, 1, pytest.approx(1 / 3, abs=1e-4), 0, 0)


def test_the_median_handling_time_is_in_whole_hours(grids, personas, categories):
    for hours in (1.5, 3.2, 30.9):
        case = closed_case(personas, categories)
        backdate(case, accepted_at=case.closed_at - datetime.timedelta(hours=hours))
    assert case_indicators(grids.S, TODAY, TODAY).totals.median_hours == 3
    assert median({1: 1, 3: 1}) == 2 and median({}) is None and median({5: 3, 7: 1}) == 5


def test_a_unit_counts_only_its_own_subtree(grids, personas, categories):
    closed_case(personas, categories, where=IN_G1)
    closed_case(personas, categories, where=IN_G2)
    result = case_indicators(grids.A1, TODAY, TODAY)
    assert result.totals.reported == 1
    assert case_indicators(grids.S, TODAY, TODAY).totals.reported == 2
    assert case_indicators(grids.G2, TODAY, TODAY).totals.reported == 1
    s = case_indicators(grids.S, TODAY, TODAY)
    assert [(u.code, f.reported) for u, f in s.children] == [("TA1", 1), ("TA2", 1)]


def test_big_units_read_the_rollup_and_small_ones_the_cases(grids, personas, categories):
    closed_case(personas, categories)
    assert case_indicators(grids.S, TODAY, TODAY, children=False).source == "rollup"
    assert case_indicators(grids.A1, TODAY, TODAY, children=False).source == "rollup"
    assert case_indicators(grids.D1, TODAY, TODAY).source == "cases"
    assert case_indicators(grids.A1, TODAY, TODAY).source == "cases"  # its 居民区 rows are counted from the cases
    assert CaseDayStat.objects.filter(path=grids.S.path).exists() and not CaseDayStat.objects.filter(path=grids.D1.path).exists()


def test_a_period_must_run_forwards_and_not_too_long():
    with pytest.raises(ValidationError):
        check_period(datetime.date(2025, 2, 1), datetime.date(2025, 1, 31))
    with pytest.raises(ValidationError):
        check_period(datetime.date(2020, 1, 1), datetime.date(2025, 1, 1))
    check_period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    start, end = default_period(datetime.date(2025, 3, 15))
    assert (start, end) == (datetime.date(2024, 4, 1), datetime.date(2025, 3, 15))


def test_the_monthly_series_has_every_month_of_the_period(grids, personas, categories):
    result = case_indicators(grids.S, datetime.date(2024, 11, 20), datetime.date(2025, 2, 3))
    assert [m for m, _ in result.months] == [datetime.date(2024, 11, 1), datetime.date(2024, 12, 1), datetime.date(2025, 1, 1), datetime.date(2025, 2, 1)]


# --- the rollup equals the cases, on random data -------------------------------------------------------------


def oracle(cases, path, start, end, today, key=lambda c, dt: True):
    """The figures counted the plain way, one list per cohort."""

    def day(dt):
        return timezone.localdate(dt) if dt else None

    def within(dt):
        return dt is not None and start <= day(dt) <= end

    mine = [c for c in cases if c.unit_path.startswith(path)]
    reported = [c for c in mine if within(c.created_at) and key(c, c.created_at)]
    closed = [c for c in mine if c.state == S.CLOSED and within(c.closed_at) and key(c, c.closed_at)]
    due = [
        c for c in mine
        if c.accepted_at and c.state != S.MERGED and within(c.due_at) and key(c, c.due_at) and (c.state == S.CLOSED or day(c.due_at) < today)
    ]  # fmt: skip
    hours = [int((c.closed_at - c.accepted_at).total_seconds() // 3600) for c in closed if c.accepted_at]
    return {
        "reported": len(reported),
        "merged": sum(c.state == S.MERGED for c in reported),
        "reopened": sum(c.reopen_count > 0 for c in reported),
        "closed": len(closed),
        "resolved": sum(c.reopen_count == 0 for c in closed),
        "rated": sum(bool(c.rating) for c in closed),
        "satisfied": sum(c.rating in (Rating.SATISFIED, Rating.BASIC) for c in closed),
        "due": len(due),
        "on_time": sum(c.state == S.CLOSED and c.closed_at <= c.due_at for c in due),
        "median_hours": statistics.median(hours) if hours else None,
    }


def figures(f):
    return {k: getattr(f, k) for k in ("reported", "merged", "reopened", "closed", "resolved", "rated", "satisfied", "due", "on_time", "median_hours")}


def random_cases(rng, grids, personas, categories, n=36):
    """Cases through the services, along random paths of the loop, then spread over ±60 days and moved again."""
    admin, resident = personas["subdistrict_admin"], personas["resident"]
    cats = [categories["clutter"], categories["lift"]]
    made = []
    for _ in range(n):
        where = rng.choice([{**IN_G1}, {**IN_G2}, {"unit": grids.D1}, {"unit": grids.A2}])
        case = case_report(category=rng.choice(cats), description="随机", reporter=resident, **where)
        made.append(case)
        r = rng.random()
        if r < 0.1:
            case_reject(case=case, by=admin, reason="不予立案")
            continue
        if r < 0.2 and len(made) > 1:
            others = [c for c in made[:-1] if c.state in (S.REPORTED, S.ACCEPTED, S.DISPATCHED)]
            if others:
                if rng.random() < 0.5:
                    case_accept(case=case, by=admin)
                case_merge(case=case, into=rng.choice(others), by=admin)
                continue
        case_accept(case=case, by=admin)
        if rng.random() < 0.15:
            continue
        case_dispatch(case=case, to=grids.D1, by=admin)
        case_start(case=case, by=admin)
        if rng.random() < 0.15:
            continue
        case_complete(case=case, by=admin)
        if rng.random() < 0.2:
            case_verify(case=case, by=admin, passed=False, note="没弄好")
            case_complete(case=case, by=admin)
        case_verify(case=case, by=admin, passed=True)
        if rng.random() < 0.7:
            case_rate(case=case, by=resident, rating=rng.choice(Rating.values))
        if rng.random() < 0.2:
            case_reopen(case=case, by=resident, note="又坏了")
            if rng.random() < 0.5:
                case_start(case=case, by=admin)
                case_complete(case=case, by=admin)
                case_verify(case=case, by=admin, passed=True)
    for case in made:  # spread the times, through save()
        case.refresh_from_db()
        created = at(rng.randint(-60, 5), rng.randint(0, 23))
        fields = {"created_at": created}
        if case.accepted_at:
            fields["accepted_at"] = created + datetime.timedelta(hours=rng.randint(0, 30))
            fields["due_at"] = fields["accepted_at"] + datetime.timedelta(hours=rng.randint(4, 300))
        if case.closed_at:
            fields["closed_at"] = (fields.get("accepted_at") or created) + datetime.timedelta(minutes=rng.randint(10, 400 * 60))
        backdate(case, **fields)
    for case in rng.sample(made, 8):  # and a few more steps after that
        case.refresh_from_db()
        try:
            if case.state == S.CLOSED and not case.rating:
                case_rate(case=case, by=resident, rating=Rating.BASIC)
            elif case.state == S.CLOSED:
                backdate(case, closed_at=timezone.now() - datetime.timedelta(days=1))
                case_reopen(case=case, by=resident)
            elif case.state == S.DISPATCHED:
                case_start(case=case, by=admin)
        except IllegalTransition:
            pass
    return made


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_rollup_gives_the_figures_counted_directly_from_the_cases(grids, personas, categories, seed):
    rng = random.Random(seed)
    random_cases(rng, grids, personas, categories)
    cases = list(Case.objects.all())
    lo, hi = TODAY - datetime.timedelta(days=70), TODAY + datetime.timedelta(days=20)
    periods = [(lo, hi)]
    for _ in range(3):
        a = lo + datetime.timedelta(days=rng.randint(0, 80))
        periods.append((a, a + datetime.timedelta(days=rng.randint(0, 40))))
    for start, end in periods:
        for unit in (grids.S, grids.A1, grids.A2, grids.D1, grids.G1, grids.G2):
            result = case_indicators(unit, start, end)
            assert figures(result.totals) == oracle(cases, unit.path, start, end, TODAY), (unit.code, start, end, result.source)
            for month, f in result.months:
                in_month = lambda c, dt, m=month: timezone.localdate(dt).replace(day=1) == m  # noqa: E731
                assert figures(f) == oracle(cases, unit.path, start, end, TODAY, in_month), (unit.code, month)
            for cat, f in result.categories:
                assert figures(f) == oracle(cases, unit.path, start, end, TODAY, lambda c, dt, k=cat.pk: c.category_id == k), (unit.code, cat.code)
            for child, f in result.children:
                assert figures(f) == oracle(cases, child.path, start, end, TODAY), (unit.code, child.code)


def stored():
    days = {(r.path, r.day, r.category_id): tuple(getattr(r, f) for f in CaseDayStat.COUNTS) for r in CaseDayStat.objects.all()}
    hours = {(r.path, r.day, r.category_id, r.hours): r.cases for r in CaseHoursStat.objects.all()}
    return {k: v for k, v in days.items() if any(v)}, {k: v for k, v in hours.items() if v}


def test_rebuilding_the_rollup_from_the_cases_gives_what_the_saves_kept(grids, personas, categories):
    random_cases(random.Random(7), grids, personas, categories, n=24)
    kept = stored()
    assert kept[0] and kept[1]
    rollup.rebuild()
    assert stored() == kept
    some = TODAY - datetime.timedelta(days=20), TODAY
    CaseDayStat.objects.filter(day__gte=some[0], day__lte=some[1]).delete()
    CaseHoursStat.objects.filter(day__gte=some[0], day__lte=some[1]).update(cases=99)  # wrong, put right by the rebuild
    rollup.rebuild(*some)
    assert stored() == kept


def test_a_save_that_touches_no_counted_field_costs_the_rollup_no_query(grids, personas, categories):
    case = closed_case(personas, categories)
    case.description = "改过的描述"
    with CaptureQueriesContext(connection) as saved:
        case.save(update_fields=["description"])
    assert not [
        q["sql"]
        for q in saved
        if "cases_casedaystat" in q["sql"] or "cases_casehoursstat" in q["sql"] or '"cases_case"."unit_path", "cases_case"."category_id"' in q["sql"]
    ]
    case.rating = Rating.BASIC
    with CaptureQueriesContext(connection) as saved:
        case.save(update_fields=["rating"])
    assert [q["sql"] for q in saved if "cases_casedaystat" in q["sql"]]


def test_the_fast_sum_of_many_cases_equals_the_sum_of_each_case(grids, personas, categories):
    random_cases(random.Random(11), grids, personas, categories, n=24)
    facts = list(rollup.facts(Case.objects.all()))
    days, hours = rollup.rows_of(facts, depth=3)
    slow_days, slow_hours = {}, {}
    for f in facts:
        d, h = rollup.contributions(f)
        for p in rollup.levels(f.unit_path, 3):
            for (day, cat), counts in d.items():
                slow_days.setdefault((p, day, cat), Counter()).update(counts)
            for (day, cat, n), k in h.items():
                slow_hours[(p, day, cat, n)] = slow_hours.get((p, day, cat, n), 0) + k
    assert {k: +v for k, v in days.items() if +v} == {k: +v for k, v in slow_days.items() if +v}
    assert dict(hours) == slow_hours


def test_the_benchmark_generator_makes_cases_the_indicators_count_alike_from_both_sides(grids, categories):
    from django.core.management import call_command

    from cases.defaults import CATEGORIES
    from cases.services import categories_load

    categories_load(CATEGORIES)
    call_command("generate_cases", count=300, chunk=100, verbosity=0)
    call_command("generate_cases", count=300, chunk=100, verbosity=0)  # again: nothing more
    cases = list(Case.objects.all())
    assert len(cases) == 300 and Case.objects.filter(state=S.CLOSED).count() > 150
    assert CaseTransition.objects.count() > 1500
    start, end = TODAY - datetime.timedelta(days=400), TODAY
    for unit in (grids.S, grids.D1):
        assert figures(case_indicators(unit, start, end).totals) == oracle(cases, unit.path, start, end, TODAY)


def test_cases_rollup_puts_back_a_rollup_that_bulk_writes_left_behind(grids, personas, categories):
    from django.core.management import call_command

    closed_case(personas, categories)
    Case.objects.update(rating=Rating.SATISFIED)  # bypasses save(): the rollup does not see it
    assert case_indicators(grids.S, TODAY, TODAY).totals.satisfied == 0
    call_command("cases_rollup", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert case_indicators(grids.S, TODAY, TODAY).totals.satisfied == 1
