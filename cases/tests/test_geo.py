"""Point-in-polygon by ray casting, and a reported case finding its grid from the pin."""

import pytest

from cases.geo import distance_m, point_in_geometry
from cases.models import Source
from cases.services import case_report, find_grid
from cases.tests.conftest import IN_G1, IN_G2

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
WITH_HOLE = {"type": "Polygon", "coordinates": [SQUARE["coordinates"][0], [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]]}
# an L shape: the notch (7, 7) is outside although inside the bounding box
L_SHAPE = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 5], [5, 5], [5, 10], [0, 10], [0, 0]]]}


@pytest.mark.parametrize(
    "geometry,point,inside",
    [
        (SQUARE, (5, 5), True),
        (SQUARE, (11, 5), False),
        (SQUARE, (-0.001, 5), False),
        (WITH_HOLE, (5, 5), False),
        (WITH_HOLE, (2, 2), True),
        (L_SHAPE, (7, 7), False),
        (L_SHAPE, (7, 2), True),
        (L_SHAPE, (2, 7), True),
        ({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], [[[20, 20], [30, 20], [30, 30], [20, 20]]]]}, (25, 22), True),
        ({"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"]]}, (15, 15), False),
        ({"type": "Point", "coordinates": [5, 5]}, (5, 5), False),
        (None, (5, 5), False),
    ],
)
def test_ray_casting_tells_inside_from_outside(geometry, point, inside):
    assert point_in_geometry(*point, geometry) is inside


def test_a_point_on_a_shared_edge_belongs_to_exactly_one_of_the_two_squares():
    left = SQUARE
    right = {"type": "Polygon", "coordinates": [[[10, 0], [20, 0], [20, 10], [10, 10], [10, 0]]]}
    assert [point_in_geometry(10, 5, left), point_in_geometry(10, 5, right)].count(True) == 1


def test_distance_of_one_thousandth_of_a_degree_of_latitude_is_about_111_metres():
    assert distance_m(31.0, 121.0, 31.001, 121.0) == pytest.approx(111.2, abs=0.5)


def test_a_pinned_report_hangs_on_the_grid_that_holds_the_pin(grids, personas, categories):
    a = case_report(category=categories["clutter"], description="G1", reporter=personas["resident"], **IN_G1)
    b = case_report(category=categories["clutter"], description="G2", reporter=None, **IN_G2)
    assert (a.grid, a.unit_path) == (grids.G1, grids.G1.path)
    assert (b.grid, b.unit_path) == (grids.G2, grids.G2.path)
    assert b.reporter is None


def test_a_pin_outside_every_grid_hangs_on_the_chosen_unit(grids, personas, categories):
    case = case_report(category=categories["clutter"], description="路边", source=Source.HOTLINE, unit=grids.D1, lat="30.0", lng="120.0", by=personas["secretary"])
    assert case.grid is None and case.unit == grids.D1


def test_a_report_without_a_pin_or_a_place_is_refused(grids, categories):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        case_report(category=categories["clutter"], description="?", reporter=None)


def test_the_grid_search_stays_inside_the_chosen_district(grids):
    assert find_grid(IN_G2["lat"], IN_G2["lng"], within=grids.D1) is None
    assert find_grid(IN_G2["lat"], IN_G2["lng"], within=grids.D2) == grids.G2
