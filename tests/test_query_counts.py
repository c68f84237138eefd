"""Lists stay constant in queries as data grows (DESIGN convention 8)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.testing import make_id_number
from org.services import unit_create
from people.services import community_role_create, household_create, ownership_create, resident_create

PAGES = ["/", "/org/", "/people/", "/accounts/roles/", "/org/map/grids.geojson"]
PAGES += ["/cases/", "/cases/?tab=all", "/cases/patrol/", "/cases/map/cases.geojson"]  # staff case pages; cases grow in cases/tests/test_workbench.py
APIS = ["/api/units/", "/api/residents/", "/api/households/", "/api/ownerships/", "/api/community-roles/", "/api/role-assignments/"]


def grow(tree, n, start=0):
    for i in range(start, start + n):
        house = unit_create(parent=tree.B1, kind="house", code=f"GROW{i}", name=f"{300 + i}室", exclusive_area="80")
        hh = household_create(house=house, number=f"G-{i}")
        r = resident_create(house=house, household=hh, name=f"测试{i}", id_number=make_id_number(datetime.date(1985, 1, 1)))
        ownership_create(house=house, owner=r)
        community_role_create(resident=r, kind="volunteer", unit=tree.G1)
        unit_create(parent=tree.D1, kind="grid", code=f"GRIDG{i}", name=f"网格{i}", boundary={"type": "Polygon", "coordinates": []})


def queries_small_and_large(client, tree, url):
    """Queries of one request with a little data, then with 25 times more (after a warm-up request:
    the user's grants are loaded once and kept on the user object)."""
    grow(tree, 1, start=100)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(tree, 25)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large]
    return len(large)


@pytest.mark.parametrize("url", PAGES)
def test_list_pages_make_the_same_number_of_queries_for_more_data(login, personas, tree, people, url):
    assert queries_small_and_large(login(personas["subdistrict_admin"]), tree, url) <= 14


@pytest.mark.parametrize("url", APIS)
def test_api_lists_make_the_same_number_of_queries_for_more_data(api, personas, tree, people, url):
    assert queries_small_and_large(api(personas["subdistrict_admin"]), tree, url) <= 8
