"""`manage.py open311_key` and the demo key."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from cases.models import CaseCategory
from open311.demo import DEMO_KEY, ensure_open311_demo
from open311.models import ApiKey, ServiceAttribute, key_digest
from open311.services import apikey_find


def run(*args) -> str:
    out = StringIO()
    call_command("open311_key", *args, stdout=out)
    return out.getvalue().strip()


def test_creating_a_key_prints_it_once_and_keeps_only_its_digest(personas):
    raw = run("create", "区城运平台", "--user", "grid_worker")
    key = ApiKey.objects.get(name="区城运平台")
    assert key.digest == key_digest(raw) and key.prefix == raw[:6] and key.user == personas["grid_worker"]
    assert apikey_find(raw) == key
    listing = run("list")
    assert "区城运平台" in listing and raw not in listing
    assert run("revoke", "区城运平台") and apikey_find(raw) is None


def test_a_key_name_is_used_once_and_the_user_must_exist(db):
    run("create", "A")
    with pytest.raises(CommandError):
        run("create", "A")
    with pytest.raises(CommandError):
        run("create", "B", "--user", "nobody")
    with pytest.raises(CommandError):
        run("revoke", "nothing")


def test_the_demo_key_and_lift_definition_are_made_once(db):
    ensure_open311_demo()
    ensure_open311_demo()
    assert apikey_find(DEMO_KEY) is not None and ApiKey.objects.count() == 1
    lift = CaseCategory.objects.get(code="FAC-LIFT")  # the default categories, loaded into an empty database
    assert list(ServiceAttribute.objects.filter(category=lift).values_list("code", flat=True)) == ["trapped", "floor", "symptoms"]
    for attribute in ServiceAttribute.objects.all():
        attribute.full_clean()
