"""The demo builds on any day: the date-dependent steps (cases, devices, services, resources) for 20 days
spread over two years (every 36 days, each weekday at least twice), each under a timeout, so a retry loop over a
finite pool cannot hang the suite. What depends on the day is Python, not the database: CI's SQLite pass (after
every day ran on PostgreSQL) builds every fifth day, 4 days across the two years (`core.testing.sampled`).

The tree and the people do not depend on the day (ages count from `demo.identity.REFERENCE_DATE`): they
are built once; each day's steps run inside a savepoint that is rolled back."""

import datetime
from random import Random
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from core.testing import sampled
from demo.cases import load_demo_cases
from demo.resources import load_demo_resources
from demo.services import load_demo_services
from demo.smart import load_demo_smart
from demo.specs import ZHONGSHAN
from demo.unique import PoolExhausted, draw_index, draw_name
from doorstep.models import NeighbourhoodPoint

FIRST_DAY = datetime.date(2026, 1, 1)
DAYS = [FIRST_DAY + datetime.timedelta(days=36 * k + k % 7) for k in range(20)]  # 20 days across two years, every weekday
DAYS = sampled(DAYS, lambda k, day: k % 5 == 0)


@pytest.fixture(scope="module")
def tree_and_people(django_db_setup, django_db_blocker):
    """One small subdistrict with its people, built once for the module and removed after."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            with mock.patch.multiple(
                "demo.management.commands.load_demo",
                load_demo_cases=lambda *a, **k: {"skipped": True}, load_demo_smart=lambda *a, **k: {"skipped": True},
                load_demo_services=lambda *a, **k: {"skipped": True}, load_demo_resources=lambda *a, **k: {"skipped": True},
            ):  # fmt: skip
                call_command("load_demo", districts=1, households=60, verbosity=0)
            yield
            transaction.set_rollback(True)


@pytest.mark.timeout(240)  # a day takes ~1 s alone, ~20 s on a loaded machine; a hang takes forever
@pytest.mark.parametrize("day", DAYS, ids=[d.isoformat() for d in DAYS])
def test_the_small_demo_builds_on_any_day(tree_and_people, db, day):
    now = timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 30))
    load_demo_cases(ZHONGSHAN, now=now, days=60, progress=False)
    load_demo_smart(ZHONGSHAN, now=now, hours=6, progress=False)
    load_demo_services(ZHONGSHAN, now=now, booking_days=7, progress=False)
    load_demo_resources(ZHONGSHAN, now=now, progress=False)
    names = list(NeighbourhoodPoint.objects.values_list("unit_id", "name"))
    assert len(names) >= 150 and len(set(names)) == len(names)  # one district topped up to 150 distinct names


def test_a_name_pool_used_up_numbers_its_repeats():
    rng, used = Random(7), set()
    names = [draw_name(rng, ["银杏读书睦邻点", "紫藤读书睦邻点"], used, numbered=lambda s, k: s.replace("睦邻点", f"{k}号睦邻点")) for _ in range(6)]
    assert len(set(names)) == 6 and {"银杏读书睦邻点", "紫藤读书睦邻点"} <= set(names)
    assert any(n.endswith("3号睦邻点") for n in names)


def test_an_index_pool_used_up_says_so_instead_of_looping():
    rng, taken = Random(1), set()
    for _ in range(5):
        taken.add(draw_index(rng, 5, taken.__contains__))
    assert taken == set(range(5))
    with pytest.raises(PoolExhausted):
        draw_index(rng, 5, taken.__contains__)
