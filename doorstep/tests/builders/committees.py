"""Committee members at three distances, for tests/test_scope_matrix.py: a resident of each station's district."""

from doorstep.services.committees import committee_get_or_create, committee_member_add
from doorstep.tests.builders.bookings import _far_district, make_station


def scope_committee_members(tree, world):
    residents = world["resident"]  # inside D1, in D2, in the other subdistrict
    stations = (make_station(tree.D1, name="白云委员会站"), make_station(tree.D2, name="蓝天委员会站"), make_station(_far_district(), name="远方委员会站"))
    return tuple(
        committee_member_add(committee=committee_get_or_create(place=s, kind="safety"), role="chair", resident=r) for s, r in zip(stations, residents, strict=True)
    )
