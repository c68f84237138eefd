"""WGS-84 ⇄ GCJ-02 (core/geo.py): the published pairs of the standard algorithm, and a round trip within a metre."""

import pytest

from core.geo import distance_m, gcj02_to_wgs84, to_display, to_stored, wgs84_to_gcj02

# (WGS-84 lat, lng) -> (GCJ-02 lat, lng), as published with the eviltransform library's tests
KNOWN = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
]


@pytest.mark.parametrize(("wgs", "gcj"), KNOWN)
def test_a_known_point_converts_to_its_published_gcj02_twin(wgs, gcj):
    assert distance_m(wgs84_to_gcj02(*wgs), gcj) < 0.01
    assert distance_m(gcj02_to_wgs84(*gcj), wgs) < 0.01


def test_the_shift_in_shanghai_is_a_few_hundred_metres_and_the_round_trip_within_a_metre():
    for lat in (30.7, 31.03, 31.23, 31.5):
        for lng in (121.0, 121.23, 121.47, 121.9):
            gcj = wgs84_to_gcj02(lat, lng)
            assert 300 < distance_m(gcj, (lat, lng)) < 700
            assert distance_m(gcj02_to_wgs84(*gcj), (lat, lng)) < 1.0
            assert distance_m(to_stored(*to_display(lat, lng, "GCJ02"), "GCJ02"), (lat, lng)) < 1.0


def test_outside_china_and_in_wgs84_nothing_moves():
    assert wgs84_to_gcj02(48.8584, 2.2945) == (48.8584, 2.2945)
    assert to_display(31.03, 121.23, "WGS84") == (31.03, 121.23) == to_stored(31.03, 121.23, "WGS84")
