"""Who sees which cases, and nearby open duplicates."""

import datetime

from django.utils import timezone

from cases import services as svc
from cases.models import Case
from cases.selectors import case_by_number, case_timeline, cases_for_user, duplicate_candidates
from cases.tests.conftest import IN_G2


def test_staff_see_the_cases_of_their_subtree_only(reported, personas, grids, categories):
    far = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    seen = {name: set(cases_for_user(user)) for name, user in personas.items()}
    for name in ("subdistrict_admin",):
        assert seen[name] == {reported, far}
    for name in ("area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police"):
        assert seen[name] == {reported}, name
    for name in ("resident", "owners_committee", "volunteer", "sysadmin", "security_admin", "auditor", "outsider"):
        assert seen[name] == set(), name


def test_a_case_is_found_by_its_number_with_its_timeline(reported, personas):
    svc.case_accept(case=reported, by=personas["grid_worker"])
    assert case_by_number(reported.number) == reported
    assert [t.action for t in case_timeline(reported)] == ["report", "accept"]


def test_open_cases_of_the_same_category_nearby_are_suggested_nearest_first(reported, personas, grids, categories):
    near = svc.case_report(category=categories["clutter"], description="近", reporter=None, lat="31.025300", lng="121.225000")  # ~33 m
    nearer = svc.case_report(category=categories["clutter"], description="更近", reporter=None, lat="31.025100", lng="121.225000")  # ~11 m
    svc.case_report(category=categories["lift"], description="别的类别", reporter=None, lat="31.025000", lng="121.225000")
    svc.case_report(category=categories["clutter"], description="远", reporter=None, lat="31.028000", lng="121.225000")  # ~330 m
    closed = svc.case_report(category=categories["clutter"], description="已办", reporter=None, lat="31.025000", lng="121.225000")
    svc.case_reject(case=closed, by=personas["grid_worker"], reason="重复")
    old = svc.case_report(category=categories["clutter"], description="上月", reporter=None, lat="31.025000", lng="121.225000")
    Case.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    probe = svc.case_report(category=categories["clutter"], description="新报", reporter=None, lat="31.025000", lng="121.225000")
    assert duplicate_candidates(probe) == [reported, nearer, near]
    assert duplicate_candidates(probe, radius_m=20) == [reported, nearer]
