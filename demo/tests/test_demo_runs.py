"""Whole runs of the demo commands, each on an empty database: a larger run after a smaller one, the same data
every time, and the scale generator (the shared small demo of test_demo.py would be in their way)."""

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from audit.models import AuditLog
from demo.specs import ZHONGSHAN
from demo.tests.test_demo import SMALL, counts
from org.models import Unit, UnitKind
from people.models import Household, Resident


def test_a_larger_run_adds_only_the_missing_districts(db):
    call_command("load_demo", districts=1, households=60, verbosity=0)
    first = set(Resident.objects.filter(unit_path__startswith=Unit.objects.get(code=f"{ZHONGSHAN}-D01").path).values_list("id_number_digest", flat=True))
    call_command("load_demo", districts=2, households=120, verbosity=0)
    d1 = Unit.objects.get(code=f"{ZHONGSHAN}-D01")
    assert set(Resident.objects.filter(unit_path__startswith=d1.path).values_list("id_number_digest", flat=True)) == first
    assert Unit.objects.filter(code=f"{ZHONGSHAN}-D02").exists()
    assert User.objects.filter(username="admin").count() == 1


def test_the_data_is_the_same_every_time(db):
    def load():
        with transaction.atomic():
            call_command("load_demo", **SMALL)
            rows = list(Resident.objects.order_by("unit_path", "name", "id_number_digest").values_list("unit_path", "name", "id_number_digest", "mobile_digest"))
            transaction.set_rollback(True)
        return rows

    assert load() == load()


def test_generate_scale_with_tiny_numbers_is_idempotent(db):
    call_command("generate_scale", subdistricts=2, residents_per_subdistrict=50, districts=1, verbosity=0)
    top = Unit.objects.filter(kind=UnitKind.SUBDISTRICT).order_by("code")
    assert list(top.values_list("code", flat=True)) == ["SCALE-01", "SCALE-02"]
    assert Resident.objects.count() == 100 and Household.objects.count() == 40  # exactly as asked
    before = counts()
    call_command("generate_scale", subdistricts=2, residents_per_subdistrict=50, districts=1, verbosity=0)
    assert counts() == before
    call_command("generate_scale", subdistricts=3, residents_per_subdistrict=50, districts=1, verbosity=0)
    assert Unit.objects.filter(kind=UnitKind.SUBDISTRICT).count() == 3
    assert AuditLog.objects.filter(action="import", object_type="demo.generate_scale").count() == 2


@pytest.mark.django_db(transaction=True)
def test_generate_scale_in_parallel_workers_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("worker processes need PostgreSQL")
    call_command("generate_scale", subdistricts=3, residents_per_subdistrict=50, districts=2, workers=2, verbosity=0)
    assert Unit.objects.filter(kind=UnitKind.SUBDISTRICT).count() == 3 and Unit.objects.filter(kind=UnitKind.DISTRICT).count() == 6
    assert Household.objects.count() == 60 and Resident.objects.count() == 150
    assert AuditLog.objects.get(action="import").changes["created"]["residents"] == Resident.objects.count()

