"""Quality gate: every page reachable from the navigation, as every persona, in Chromium.

The crawler signs in and visits every entry of the persona's navigation first, then every same-site
link of the pages it reaches (breadth first), one representative URL per kind of page: a URL's kind
is the route it resolves to (django.urls.resolve: /org/units/12/ and /org/units/13/ are one kind), so
the crawl is bounded by the number of routes, never by a page count. It fails on an HTTP 5xx or a link
that answers 4xx to the persona who was shown it, a JavaScript error or CSP violation in the console,
a page without <title> or <h1>, or an axe-core violation of impact serious or critical, and when an
entry of the persona's navigation (as the server builds it) was not visited. New modules are checked
as soon as the navigation links to them. The pages checked per persona and in total are printed at
the end of the run (tests/browser/fixtures.py).

Each page is first fetched over HTTP in the persona's signed-in browser context (Playwright's request API: the
same cookies): its status, <title>, <h1> and links are read from the server's HTML, for every persona and every
kind of page. Chromium renders a page (JavaScript errors, CSP, axe) the first time its kind and the shape of its
markup are met in the run, by whichever persona meets it first (`AxeChecked`, shared by xdist's workers), and
whenever the server's HTML has no <title> or <h1> (a page its own script draws): a page of the same kind and shape
runs the same scripts on the same elements, and rendering it again for every persona was most of the crawl's time."""

import hashlib
import os
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

from core.testing import PERSONAS
from home.navigation import navigation
from tests.browser.fixtures import shot
from tests.browser.helpers import sign_in

SKIP = ("/accounts/logout/", "/i18n/", "/django-admin/", "/static/", "/media/", "/api/schema/")
SKIP_SUFFIXES = (".xlsx", ".geojson", ".ics", ".json", ".csv")
AXE = Axe()
# Pages not of our making, checked for everything but axe: the API docs are Swagger UI, whose markup we do
# not control (it is for developers; the pages residents and staff use are all axe-checked).
AXE_EXEMPT = ("/api/docs/",)
# Counts the page's fetch and XMLHttpRequest calls still running (a request settles a task after its
# response, so the handlers that draw what it brought have run): a page is checked once it has loaded
# and none is pending, with no fixed wait (a map or chart that fails on its data fails the crawl).
PENDING_REQUESTS = """(() => {
  let pending = 0;
  const settle = () => setTimeout(() => { pending -= 1; }, 0);
  Object.defineProperty(window, "__crawlPending", { get: () => pending });
  const fetch = window.fetch;
  window.fetch = function (...args) { pending += 1; return fetch.apply(this, args).finally(settle); };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) { pending += 1; this.addEventListener("loadend", settle, { once: true }); return send.apply(this, args); };
})();"""
SETTLED = "() => document.readyState === 'complete' && window.__crawlPending === 0"
# What the crawler reads of a page in one round trip: title, h1, links, and the shape of its markup.
PAGE = """() => {
  const hrefs = (sel) => [...document.querySelectorAll(sel)].map((a) => a.getAttribute("href"));
  const shape = new Set();
  for (const e of document.body.querySelectorAll("*")) {
    const named = ["aria-label", "aria-labelledby", "alt", "title", "for"].filter((a) => e.hasAttribute(a)).join(",");
    shape.add([e.tagName, e.className && typeof e.className === "string" ? e.className : "", e.getAttribute("type") || "", e.getAttribute("role") || "", named].join("|"));
  }
  return { title: document.title.trim(), h1: document.querySelectorAll("h1").length, nav: hrefs("nav ul.nav a[href]"), links: hrefs("a[href]"), shape: [...shape].sort().join("\\n") };
}"""


class ServerHtml(HTMLParser):
    """What the crawler reads of a page, from the server's HTML: the same fields as PAGE reads from the DOM."""

    NAMED = ("aria-label", "aria-labelledby", "alt", "title", "for")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.h1, self.nav, self.links, self.shape = "", 0, [], [], set()
        self._in_title = self._in_body = False
        self._navs, self._uls = 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title" and not self._in_body:
            self._in_title = True
        elif tag == "body":
            self._in_body = True
            return
        elif tag == "nav":
            self._navs += 1
        elif tag == "ul":
            self._uls.append(bool(self._navs) and "nav" in (a.get("class") or "").split())
        elif tag == "h1":
            self.h1 += 1
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
            if any(self._uls):
                self.nav.append(a["href"])
        if self._in_body:
            named = ",".join(n for n in self.NAMED if n in a)
            self.shape.add("|".join([tag.upper(), a.get("class") or "", a.get("type") or "", a.get("role") or "", named]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "nav":
            self._navs = max(0, self._navs - 1)
        elif tag == "ul" and self._uls:
            self._uls.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    @classmethod
    def read(cls, html: str) -> dict:
        p = cls()
        p.feed(html)
        p.close()
        return {"title": p.title.strip(), "h1": p.h1, "nav": p.nav, "links": p.links, "shape": "\n".join(sorted(p.shape))}


class AxeChecked:
    """The (kind of page, shape of markup) pairs axe has checked in this run. With `directory` (one per run, shared
    by xdist's workers: the crawl's personas are spread over both) a pair is claimed by creating its file
    exclusively, so each pair is checked once, by whichever worker's persona meets it first: the same pairs are
    checked as by one process crawling every persona in turn. Without, a set in this process."""

    def __init__(self, directory=None):
        self.directory, self.seen = directory, set()

    def claim(self, shape) -> bool:
        """True the first time `shape` is claimed in this run: the caller checks it."""
        if shape in self.seen:
            return False
        self.seen.add(shape)
        if self.directory is None:
            return True
        try:
            os.close(os.open(self.directory / hashlib.sha256(repr(shape).encode()).hexdigest(), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True


@pytest.fixture(scope="session")
def axe_checked(tmp_path_factory):
    """One registry for the run: under xdist, a directory in the run's base temporary directory (the workers' own
    are inside it), else this process's set."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return AxeChecked()
    directory = Path(tmp_path_factory.getbasetemp()).parent / "axe-checked"
    directory.mkdir(exist_ok=True)
    return AxeChecked(directory)


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


def kind(url):
    """The route a URL resolves to ('org/units/<int:pk>/'): one kind of page, checked once. A path
    that resolves to nothing is its own kind (visiting it reports the 404 link)."""
    path = urlparse(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return f"unresolved {path}"
    return f"{match.view_name} {match.route}"


def navigation_urls(user):
    """The entries of the user's main navigation, as the server builds it for every page."""
    request = RequestFactory().get("/")
    request.user = user
    return [item["url"] for group in navigation(request)["nav_groups"] for item in group["items"]]


class Crawler:
    """One signed-in page (one browser context) per persona; console errors are collected per URL.

    Chromium and axe-core, by far the slowest checks, run once per kind of page and shape of its markup (the set of
    element, class, role and labelling attributes it uses, whatever the number of rows): a page another persona was
    shown in the same shape was rendered and checked already, in this run (`axe_checked`, an AxeChecked); every
    other visit reads the server's HTML (`ServerHtml`)."""

    def __init__(self, page, base, axe_checked):
        self.page, self.base, self.axe_checked = page, base, axe_checked
        self.problems, self.visited, self.kinds, self.axe_runs, self.status, self.fetched, self.rendered = [], [], {}, 0, 0, 0, 0
        self.console = []
        page.context.add_init_script(PENDING_REQUESTS)
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.console.append(str(e)))

    def check(self, url):
        """Fetch `url` and record what is wrong with it; the links it shows ([navigation, others]), or None when it is not a sound page.
        Rendered in Chromium when its (kind, shape) is new in the run or its HTML has no title or h1 until a script draws them."""
        problems = self.problems
        self.status = 0
        try:
            response = self.page.context.request.get(url, timeout=60_000)
        except PlaywrightError as e:
            problems.append(f"{url}: {str(e).splitlines()[0]}")
            return None
        status = self.status = response.status
        if status >= 400:  # a link this persona was shown leads nowhere (5xx: a crash)
            problems.append(f"{url}: HTTP {status}")
            return None
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            return None
        seen = ServerHtml.read(response.text())
        self.fetched += 1
        if not (seen["title"] and seen["h1"]) or self.axe_checked.claim((kind(url), seen["shape"])):
            return self.render(url)
        return self.links(seen)

    def links(self, seen):
        """The same-site links a page shows: [navigation, others]."""
        return [[u for u in (crawlable(self.base, h) for h in hrefs) if u] for hrefs in (seen["nav"], seen["links"])]

    def render(self, url):
        """The page in Chromium: the HTTP status, title and h1 once its scripts have run, JavaScript errors and CSP
        violations in the console, and axe-core (serious and critical)."""
        page, problems = self.page, self.problems
        self.console, self.status = [], 0
        try:
            response = page.goto(url)
        except PlaywrightError as e:
            if "Download is starting" not in str(e):
                problems.append(f"{url}: {str(e).splitlines()[0]}")
            return None
        status = self.status = response.status if response else 0
        if status >= 400:
            problems.append(f"{url}: HTTP {status}")
            problems.extend(f"{url}: console: {c}" for c in self.console if "Failed to load resource" not in c)
            return None
        if not (response.headers.get("content-type") or "").startswith("text/html"):
            return None
        self.rendered += 1
        page.wait_for_function(SETTLED, polling="raf")
        seen = page.evaluate(PAGE)
        if not (seen["title"] and seen["h1"]):
            page.wait_for_load_state("networkidle")  # a page drawn by its own script (Swagger UI) once its data came
            seen = page.evaluate(PAGE)
        if not seen["title"]:
            problems.append(f"{url}: no <title>")
        if not seen["h1"]:
            problems.append(f"{url}: no <h1>")
        if not urlparse(url).path.startswith(AXE_EXEMPT):
            self.axe_runs += 1
            for v in AXE.run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{url}: axe {v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. {v['nodes'][0]['html'][:120]})")
        problems.extend(f"{url}: console: {c}" for c in self.console)
        return self.links(seen)

    def crawl(self):
        """Breadth first from the home page; the navigation's entries are queued ahead of every other link."""
        queue = deque([self.base + "/"])
        while queue:
            url = queue.popleft()
            key = kind(url)
            if key in self.kinds:
                continue
            self.kinds[key] = url
            links = self.check(url)
            self.visited.append(url)
            if links is None:
                continue
            nav, others = links
            queue.extendleft(reversed([u for u in nav if kind(u) not in self.kinds]))
            queue.extend(u for u in others if kind(u) not in self.kinds)
        return self


def check_page(page, url, problems):
    """The crawler's checks of one page, rendered, axe included, for other browser tests: the HTTP status; what is wrong goes to `problems`."""
    parsed = urlparse(url)
    crawler = Crawler(page, f"{parsed.scheme}://{parsed.netloc}", axe_checked=AxeChecked())
    crawler.render(url)
    problems.extend(crawler.problems)
    return crawler.status


def unvisited_navigation(user, base, visited):
    """The entries of the user's navigation the crawl did not visit (the crawl's guard)."""
    return [url for url in navigation_urls(user) if base + url not in visited]


@pytest.mark.browser
@pytest.mark.timeout(600)
@pytest.mark.parametrize("persona", list(PERSONAS) + ["outsider"])
def test_every_reachable_page_is_sound_for_every_persona(page_for, live_server, personas, world, axe_checked, persona, record_property):
    page = page_for()
    sign_in(page, live_server.url, persona)
    crawler = Crawler(page, live_server.url, axe_checked).crawl()
    record_property("crawl_pages", (persona, len(crawler.visited), crawler.axe_runs))
    assert len(crawler.visited) >= 2
    left_out = unvisited_navigation(personas[persona], live_server.url, crawler.visited)
    assert not left_out, f"navigation entries of {persona} the crawl did not visit: {left_out}"
    assert not crawler.problems, "\n".join(crawler.problems)


def test_the_kind_of_a_page_is_its_route_so_one_url_of_each_is_enough():
    assert kind("http://x/org/units/12/") == kind("http://x/org/units/13/?tab=people")
    assert kind("http://x/org/units/12/") != kind("http://x/org/")
    assert kind("http://x/no/such/page/") == "unresolved /no/such/page/"


def test_the_server_html_is_read_as_the_browser_reads_the_dom():
    html = """<html><head><title> 组织单元 · 家园 </title></head><body><nav><ul class="nav"><li><a href="/org/">组织</a>
    <ul class="sub"><li><a href="/org/map/">地图</a></li></ul></li></ul><a href="/help/">帮助</a></nav>
    <main><h1>组织单元</h1><img src="x.png" alt="x"><input type="text" aria-label="搜索"><a class="button" href="/org/units/1/">1</a></main></body></html>"""
    seen = ServerHtml.read(html)
    assert seen["title"] == "组织单元 · 家园" and seen["h1"] == 1
    assert seen["nav"] == ["/org/", "/org/map/"] and seen["links"] == ["/org/", "/org/map/", "/help/", "/org/units/1/"]
    shape = seen["shape"].split("\n")
    assert "IMG||||alt" in shape and "INPUT||text||aria-label" in shape and "A|button|||" in shape
    assert not any(line.startswith("BODY|") for line in shape) and ServerHtml.read(html.replace("h1", "h2"))["h1"] == 0


def test_each_shape_is_claimed_for_axe_once_across_the_workers(tmp_path):
    one, other = AxeChecked(tmp_path), AxeChecked(tmp_path)  # two workers, one run
    assert one.claim(("org:unit", "DIV|card"))
    assert not other.claim(("org:unit", "DIV|card")) and not one.claim(("org:unit", "DIV|card"))
    assert other.claim(("org:unit", "DIV|card\nFORM|")) and other.claim(("org:tree", "DIV|card"))
    alone = AxeChecked()
    assert alone.claim(("org:unit", "DIV|card")) and not alone.claim(("org:unit", "DIV|card"))


@pytest.mark.django_db
def test_the_guard_names_every_navigation_entry_the_crawl_left_out(personas):
    admin = personas["subdistrict_admin"]
    entries = navigation_urls(admin)
    assert len(entries) > 30  # the old crawler stopped after 30 pages, before the later groups
    every = ["http://x" + e for e in entries]
    assert unvisited_navigation(admin, "http://x", every) == []
    assert unvisited_navigation(admin, "http://x", every[:30]) == entries[30:]


KEY_PAGES = {
    "home": "/",
    "unit-tree": "/org/",
    "grid-map": "/org/map/",
    "people": "/people/?q=zsf",
    "roles": "/accounts/roles/",
    "imports": "/imports/",
    "api-docs": "/api/docs/",
}


@pytest.mark.browser
@pytest.mark.parametrize("viewport,label", [({"width": 1366, "height": 900}, "desktop"), ({"width": 390, "height": 844}, "phone")])
def test_screenshots_of_key_pages(page_for, live_server, personas, world, viewport, label):
    page = page_for(viewport=viewport)
    sign_in(page, live_server.url, "subdistrict_admin")
    for name, path in KEY_PAGES.items():
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        shot(page, f"{name}-{label}")
