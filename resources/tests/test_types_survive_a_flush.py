"""The resource types are platform data: a flush (what a transactional test's teardown does) puts them back."""

import pytest
from django.core.management import call_command

from resources.defaults import TYPES
from resources.models import ResourceType


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_every_resource_type_in_place():
    assert ResourceType.objects.count() == len(TYPES)
    call_command("flush", interactive=False, verbosity=0)
    assert set(ResourceType.objects.values_list("code", flat=True)) == {t[0] for t in TYPES}
