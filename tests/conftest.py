import pytest

from accounts.services import role_assign
from cases.models import CaseCategory
from cases.services import case_report
from core.testing import make_people, make_tree, make_user
from people.models import CommunityRole
from people.services import community_role_create, ownership_create


@pytest.fixture
def world(tree, personas, people):
    return build_world(tree, personas, people)


def build_world(tree, personas, people):
    """Objects of every API model at three distances from the D1 personas: inside D1, in the other
    district D2 of the same subdistrict, and in another subdistrict."""
    other = make_tree(prefix="O")
    other_people = make_people_other(other)
    ownership_in = ownership_create(house=tree.H1, owner=people["zsf"])
    ownership_d2 = ownership_create(house=tree.H2, owner=people["lisi"])
    ownership_far = ownership_create(house=other.H1, owner=other_people["zsf"])
    role_in = community_role_create(resident=people["zsf"], kind="building_head", unit=tree.B1)
    role_d2 = community_role_create(resident=people["lisi"], kind="volunteer", unit=tree.D2)
    role_far = community_role_create(resident=other_people["zsf"], kind="volunteer", unit=other.D1)
    stranger = make_user("stranger")
    ra_d2 = role_assign(user=stranger, role="social_worker", unit=tree.D2)
    ra_far = role_assign(user=stranger, role="grid_worker", unit=other.G1)
    ra_in = personas["social_worker"].role_assignments.get()
    category = CaseCategory.objects.create(code="W-1", name="楼道堆物")
    case_in, case_d2, case_far = (case_report(category=category, description="堆物", unit=grid) for grid in (tree.G1, tree.G2, other.G1))
    return {
        "unit": (tree.H1, tree.H2, other.H1),
        "resident": (people["zsf"], people["lisi"], other_people["zsf"]),
        "household": (people["h1"], people["h2"], other_people["h1"]),
        "ownership": (ownership_in, ownership_d2, ownership_far),
        "communityrole": (role_in, role_d2, role_far),
        "roleassignment": (ra_in, ra_d2, ra_far),
        "case": (case_in, case_d2, case_far),
    }


def make_people_other(other):
    from datetime import date

    from core.testing import make_id_number
    from people.services import household_create, resident_create

    h1 = household_create(house=other.H1, number="OHH-1")
    zsf = resident_create(house=other.H1, household=h1, name="张三峰", id_number=make_id_number(date(1970, 2, 2)))
    return {"h1": h1, "zsf": zsf}


__all__ = ["CommunityRole", "make_people"]
