"""The daily jobs of the matching catalogue (resources/jobs.py): `asked` ages out, drifted counters are
repaired and logged, each in a fixed number of queries."""

import datetime
import logging

import pytest
from django.test import override_settings
from django.utils import timezone

from core.periodic import all_jobs
from resources.jobs import recount_asked, repair_counters
from resources.models import Match, Resource
from resources.tests.builders import make_need
from resources.tests.builders.matches import agreed, propose, served, talent_match

pytestmark = pytest.mark.django_db


def test_the_jobs_are_listed_for_the_periodic_runner():
    names = {j.name: j.every for j in all_jobs()}
    assert names["resources.recount_asked"] == 86400 and names["resources.repair_counters"] == 86400


@override_settings(RESOURCES_ASKED_DAYS=30)
def test_asked_counts_only_the_proposals_of_the_last_days(tree):
    m = talent_match(tree.D1, quick=True)
    old = propose(make_need(tree.D1, title="旧需求"), m.resource, quick=True)
    Match.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    idle = talent_match(tree.D2, quick=True, name="闲着的达人")
    Match.objects.filter(pk=idle.pk).delete()
    Resource.objects.filter(pk=idle.resource_id).update(asked=7)  # left over
    assert Resource.objects.get(pk=m.resource_id).asked == 2
    out = recount_asked(timezone.now())
    assert Resource.objects.get(pk=m.resource_id).asked == 1
    assert Resource.objects.get(pk=idle.resource_id).asked == 0
    assert "asked recounted over the last 30 days" in out


def test_recounting_asked_is_one_statement_however_many_resources(tree, django_assert_num_queries):
    for i in range(6):
        talent_match(tree.D1, quick=True, name=f"达人{i}", title=f"需求{i}")
    with django_assert_num_queries(1):
        recount_asked(timezone.now())


def test_drifted_counters_are_repaired_from_the_matches_and_records_and_logged(tree, personas, caplog):
    user = personas["social_worker"]
    a = talent_match(tree.D1, quick=True, sessions=3)
    agreed(a, user)
    b = talent_match(tree.D1, quick=True, name="孙书法", title="另一个")
    served(b, user)
    fine = talent_match(tree.D1, quick=True, name="周书法", title="第三个")
    Resource.objects.filter(pk=a.resource_id).update(committed=3, served=2)  # drift
    Resource.objects.filter(pk=b.resource_id).update(committed=1)
    with caplog.at_level(logging.WARNING, logger="resources.jobs"):
        out = repair_counters(timezone.now())
    assert out == "resource counters: 2 resources repaired"
    assert Resource.objects.filter(pk=a.resource_id).values_list("committed", "served").get() == (1, 0)
    assert Resource.objects.filter(pk=b.resource_id).values_list("committed", "served").get() == (0, 1)
    assert Resource.objects.filter(pk=fine.resource_id).values_list("committed", "served").get() == (0, 0)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"resource {a.resource_id}" in logged and "committed 3, counted 1" in logged
    assert repair_counters(timezone.now()) == "resource counters: no drift"


def test_repairing_counters_takes_two_statements_however_many_resources(tree, personas, django_assert_num_queries):
    for i in range(5):
        m = talent_match(tree.D1, quick=True, name=f"达人{i}", title=f"需求{i}")
        agreed(m, personas["social_worker"])
    Resource.objects.update(committed=0)
    with django_assert_num_queries(2):
        assert repair_counters(timezone.now()) == "resource counters: 5 resources repaired"
    assert set(Resource.objects.values_list("committed", flat=True)) == {1}
