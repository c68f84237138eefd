"""Map tooltips and popups insert names as text, never as HTML (issue 13 item 15): a need and a device named like
an <img> element show the name literally, and no <img> element appears in the tooltip or the popup."""

from decimal import Decimal

import pytest

from resources.defaults import TYPES
from resources.models import ResourceType
from resources.tests.builders import make_need
from smart.defaults import DEVICE_TYPES
from smart.services.registry import device_types_load
from smart.tests.builders.pages import make_device
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
NAME = "<img src=x onerror=document.title='pwned'>"


def watch(page):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def assert_text_only(page, selector):
    box = page.locator(selector).first
    box.wait_for(state="visible", timeout=10_000)
    assert NAME in box.inner_text(), box.inner_html()
    assert box.locator("img").count() == 0
    assert page.locator(".leaflet-pane img, .leaflet-container img:not(.leaflet-tile)").count() == 0


def test_a_need_named_like_an_element_is_shown_as_text_on_the_resources_map(page_for, live_server, personas, tree):
    ResourceType.objects.bulk_create(
        [ResourceType(code=c, kind=k, name=n, name_en=e, group=g, sort=10 * i) for i, (c, k, n, e, g) in enumerate(TYPES, start=1)], ignore_conflicts=True
    )
    make_need(tree.D1, title=NAME)
    page = page_for()
    errors = watch(page)
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/resources/map/")
    page.wait_for_selector("#map[data-loaded]")
    dot = page.locator("path.res-dot-need").first
    dot.hover(force=True)
    assert_text_only(page, ".leaflet-tooltip")
    dot.click(force=True)
    assert_text_only(page, ".leaflet-popup-content")
    assert page.title() != "pwned" and not errors


def test_a_device_named_like_an_element_is_shown_as_text_on_the_device_map(page_for, live_server, personas, tree):
    device_types_load(DEVICE_TYPES)
    make_device("LIFT-XSS-1", "elevator", tree.B1, name=NAME, lat=Decimal("31.025"), lng=Decimal("121.225"))
    page = page_for()
    errors = watch(page)
    sign_in(page, live_server.url, "subdistrict_admin")
    page.goto(f"{live_server.url}/smart/devices/map/")
    dot = page.locator("path.device-dot").first
    dot.wait_for(state="attached", timeout=10_000)
    dot.hover(force=True)
    assert_text_only(page, ".leaflet-tooltip")
    dot.click(force=True)
    assert_text_only(page, ".leaflet-popup-content")
    assert page.title() != "pwned" and not errors
