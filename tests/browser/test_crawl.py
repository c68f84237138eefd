"""Quality gate: every page reachable from the navigation, as every persona, in Chromium.

The crawler signs in, follows every same-site link of the navigation and of the pages it reaches
(breadth first, bounded), and fails on an HTTP 5xx or a link that answers 4xx to the persona who was shown it, a JavaScript error or CSP violation in the
console, a page without <title> or <h1>, or an axe-core violation of impact serious or critical.
New modules are checked as soon as the navigation links to them."""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe

from core.testing import PERSONAS
from tests.browser.helpers import sign_in

from .fixtures import shot

pytestmark = pytest.mark.browser

MAX_PAGES = 30
PER_PATTERN = 2
SKIP = ("/accounts/logout/", "/i18n/", "/django-admin/", "/static/", "/media/", "/api/schema/")
SKIP_SUFFIXES = (".xlsx", ".geojson", ".ics", ".json", ".csv")
AXE = Axe()
# Pages not of our making, checked for everything but axe: the API docs are Swagger UI, whose markup we do
# not control (it is for developers; the pages residents and staff use are all axe-checked).
AXE_EXEMPT = ("/api/docs/",)


def crawlable(base, href):
    if not href:
        return None
    url, _ = urldefrag(href)
    parsed = urlparse(url)
    if parsed.netloc and parsed.netloc != urlparse(base).netloc:
        return None
    path = parsed.path
    if not path.startswith("/") or path.startswith(SKIP) or path.endswith(SKIP_SUFFIXES):
        return None
    return base + path + (f"?{parsed.query}" if parsed.query else "")


def check_page(page, url, problems):
    console = []
    handler = lambda m: console.append(m.text) if m.type == "error" else None  # noqa: E731
    page.on("console", handler)
    page.on("pageerror", lambda e: console.append(str(e)))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    status = response.status if response else 0
    if status >= 400:  # a link this persona was shown leads nowhere (5xx: a crash)
        problems.append(f"{url}: HTTP {status}")
        console = [c for c in console if "Failed to load resource" not in c]
    if status < 400:
        if not page.title().strip():
            problems.append(f"{url}: no <title>")
        if page.locator("h1").count() == 0:
            problems.append(f"{url}: no <h1>")
        violations = [] if urlparse(url).path.startswith(AXE_EXEMPT) else AXE.run(page).response["violations"]
        for v in violations:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{url}: axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})")
    problems.extend(f"{url}: console: {c}" for c in console)
    page.remove_listener("console", handler)
    return status


def pattern(url):
    """/org/units/12/ and /org/units/13/ are one kind of page: visit at most PER_PATTERN of each."""
    parsed = urlparse(url)
    return re.sub(r"\d+", "N", parsed.path) + ("?" + "&".join(sorted(k.split("=")[0] for k in parsed.query.split("&"))) if parsed.query else "")


def crawl(page, base):
    problems, seen, queue, kinds = [], set(), deque([base + "/"]), Counter()
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or kinds[pattern(url)] >= PER_PATTERN:
            continue
        seen.add(url)
        kinds[pattern(url)] += 1
        if check_page(page, url, problems) >= 400:
            continue
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            nxt = crawlable(base, href)
            if nxt and nxt not in seen:
                queue.append(nxt)
    return seen, problems


@pytest.mark.parametrize("persona", list(PERSONAS) + ["outsider"])
def test_every_reachable_page_is_sound_for_every_persona(page_for, live_server, personas, world, persona):
    page = page_for()
    sign_in(page, live_server.url, persona)
    seen, problems = crawl(page, live_server.url)
    assert len(seen) >= 2
    assert not problems, "\n".join(problems)


KEY_PAGES = {
    "home": "/",
    "unit-tree": "/org/",
    "grid-map": "/org/map/",
    "people": "/people/?q=zsf",
    "roles": "/accounts/roles/",
    "imports": "/imports/",
    "api-docs": "/api/docs/",
}


@pytest.mark.parametrize("viewport,label", [({"width": 1366, "height": 900}, "desktop"), ({"width": 390, "height": 844}, "phone")])
def test_screenshots_of_key_pages(page_for, live_server, personas, world, viewport, label):
    page = page_for(viewport=viewport)
    sign_in(page, live_server.url, "subdistrict_admin")
    for name, path in KEY_PAGES.items():
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        shot(page, f"{name}-{label}")
