"""The demo cases loaded each test's own way on the bare demo tree: the same every time, and a subdistrict's
worth with the mix a real one has (the shared demo of test_demo_cases.py would be in their way)."""

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from cases.models import Case, CaseTransition, Source
from cases.workflow import OPEN_STATES, CaseState
from core.protect import decrypt
from demo import cases as demo_cases
from demo.tests.test_demo_cases import SMALL, load


@pytest.fixture
def bare_demo(db, monkeypatch):
    """The demo tree and accounts without cases, so a test can load them its own way."""
    for name in ("load_demo_cases", "load_demo_smart", "load_demo_services", "load_demo_resources", "load_demo_deliberation", "load_evaluation_demo"):
        monkeypatch.setattr(f"demo.management.commands.load_demo.{name}", lambda *a, **k: {"skipped": True})
    call_command("load_demo", **SMALL)


def test_the_cases_are_the_same_every_time(bare_demo):
    def run():
        with transaction.atomic():
            load()
            rows = list(Case.objects.order_by("id").values_list("number", "category__code", "source", "state", "lat", "lng", "created_at", "contact_phone_masked"))
            rows += list(CaseTransition.objects.order_by("case_id", "at", "id").values_list("case__number", "action", "at", "by__username", "note"))
            transaction.set_rollback(True)
        return rows

    assert run() == run()


def test_a_subdistricts_worth_has_the_mix_a_real_one_has(bare_demo, monkeypatch):
    monkeypatch.setattr(demo_cases, "PER_HOUSE_YEAR", 5)  # ten times the cases of the small demo's houses
    done = load()
    cases = Case.objects.all()
    n = cases.count()
    assert n == done["cases"] > 800
    assert set(cases.values_list("source", flat=True)) == set(Source.values)
    closed = cases.filter(state=CaseState.CLOSED)
    on_time = closed.filter(closed_at__lte=F("due_at")).count() / closed.count()
    assert 0.88 <= on_time <= 0.97
    assert 0.01 <= cases.filter(reopen_count__gt=0).count() / n <= 0.06
    assert cases.filter(state=CaseState.MERGED).exists() and cases.filter(state=CaseState.REJECTED).exists()
    assert cases.filter(escalated_to__isnull=False).exists() and cases.filter(supervision_count__gt=0).exists()
    assert cases.filter(state__in=OPEN_STATES).exists()
    ratings = list(cases.exclude(rating="").values_list("rating", flat=True))
    assert ratings.count("satisfied") / len(ratings) > 0.75
    hotline = cases.filter(source=Source.HOTLINE)
    assert hotline.exists() and all(re.fullmatch(r"1[3-9]\d\*{4}\d{4}", c.contact_phone_masked) for c in hotline)
    c = hotline.first()
    assert decrypt(c.contact_phone_enc)[-4:] == c.contact_phone_masked[-4:]
    summer = cases.filter(created_at__month__in=[7, 8]).count() or 1
    noisy_summer = cases.filter(created_at__month__in=[7, 8], category__code__in=["ORDER-NOISE", "ENV-WASTE", "ENV"]).count() / summer
    winter = cases.filter(created_at__month__in=[12, 1]).count() or 1
    noisy_winter = cases.filter(created_at__month__in=[12, 1], category__code__in=["ORDER-NOISE", "ENV-WASTE", "ENV"]).count() / winter
    assert noisy_summer > noisy_winter

