"""The boundary editor in Chromium: clear the grid's boundary, click three vertices, save; the grid has the
drawn triangle. The neighbours' names are text (a name with markup stays text). axe-clean."""

import json

import pytest

from org.models import Unit
from org.services import unit_create
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
SIBLING = {"type": "Polygon", "coordinates": [[[121.20, 31.02], [121.21, 31.02], [121.21, 31.03], [121.20, 31.03], [121.20, 31.02]]]}


def test_a_boundary_is_drawn_by_clicking_vertices_and_saved(page_for, live_server, tree, personas):
    unit_create(parent=tree.D1, kind="grid", code="G-XSS", name="<img src=x id=injected>", boundary=SIBLING)
    page = page_for()
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/org/units/{tree.G1.pk}/boundary/")
    page.wait_for_selector("#boundary-map[data-loaded='1']")
    assert page.locator("#boundary-map").get_attribute("data-vertices") == "4"
    page.click("#boundary-clear")
    box = page.locator("#boundary-map").bounding_box()
    for fx, fy in ((0.80, 0.20), (0.95, 0.20), (0.95, 0.35)):  # east of the sibling, far from the markers
        page.mouse.click(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
    assert page.locator("#boundary-map").get_attribute("data-vertices") == "3"
    ring = json.loads(page.input_value("#id_boundary"))["coordinates"][0]
    assert len(ring) == 4 and ring[0] == ring[-1]
    page.locator(".leaflet-overlay-pane path").first.hover()
    assert page.locator("#injected").count() == 0
    assert axe_problems(page) == []
    page.click("#boundary-form button[type=submit]")
    page.wait_for_url(f"**/org/units/{tree.G1.pk}/")
    saved = Unit.objects.get(pk=tree.G1.pk).boundary["coordinates"][0]
    assert saved == ring
