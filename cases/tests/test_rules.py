"""Who may do what to a case in G1 (D1's grid), per capability; nobody acts on a case in G2 from D1."""

import pytest

from cases import services as svc

from .conftest import IN_G2

MAY = {
    "cases.view_case": {"subdistrict_admin", "area_manager", "secretary", "social_worker", "grid_worker", "property_company", "police"},
    "cases.change_case": {"subdistrict_admin", "secretary", "grid_worker"},
    "cases.dispatch_case": {"subdistrict_admin", "secretary"},
    "cases.handle_case": {"secretary", "social_worker", "grid_worker", "property_company", "police"},
    "cases.verify_case": {"subdistrict_admin", "secretary", "grid_worker"},
    "cases.supervise_case": {"subdistrict_admin", "area_manager"},
}


@pytest.mark.parametrize("perm", list(MAY))
def test_each_case_capability_is_held_by_the_right_personas_within_their_subtree(perm, reported, personas, categories):
    far = svc.case_report(category=categories["clutter"], description="蓝天", reporter=None, **IN_G2)
    assert {name for name, user in personas.items() if user.has_perm(perm, reported)} == MAY[perm]
    assert {name for name, user in personas.items() if user.has_perm(perm, far)} == MAY[perm] & {"subdistrict_admin"}
