"""Browser fixtures (a plugin of the root conftest.py): Playwright (from PyPI) driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls stay synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def audit_flushable(transactional_db):
    """Live-server tests end with a flush; on SQLite that is DELETE FROM, which the audit log's
    retention trigger refuses. Drop that trigger for the rest of this (throw-away) test database.
    A flush also empties what migrations wrote (the resource types): put it back first."""
    from resources.defaults import ensure_types

    ensure_types()
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DROP TRIGGER IF EXISTS audit_auditlog_no_early_delete")


@pytest.fixture
def page_for(browser, live_server, audit_flushable):
    contexts = []

    def _page(viewport=None, locale="zh-CN"):
        ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, locale=locale)
        contexts.append(ctx)
        return ctx.new_page()

    yield _page
    for c in contexts:
        c.close()


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


CRAWLED = {}


def pytest_runtest_logreport(report):
    """The crawl's figures (tests/browser/test_crawl.py records them per persona), gathered from xdist's workers too."""
    for name, value in getattr(report, "user_properties", ()):
        if name == "crawl_pages" and report.when == "call":
            persona, pages, axe_runs = value
            CRAWLED[persona] = (pages, axe_runs)


def pytest_terminal_summary(terminalreporter):
    if CRAWLED:
        terminalreporter.section("pages crawled")
        for persona, (pages, axe_runs) in sorted(CRAWLED.items()):
            terminalreporter.write_line(f"{persona}: {pages} pages ({axe_runs} checked by axe)")
        terminalreporter.write_line(f"total: {sum(p for p, _ in CRAWLED.values())} pages, {sum(a for _, a in CRAWLED.values())} axe runs, {len(CRAWLED)} personas")
