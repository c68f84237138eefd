"""What every browser test does: sign in as a persona, and list axe-core's serious problems of a page.

Plain functions (the fixtures live in tests/browser/fixtures.py, a root plugin, and are never imported)."""

from axe_playwright_python.sync_playwright import Axe

from core.testing import PASSWORD

AXE = Axe()


def sign_in(page, base, username):
    """Sign in at the login page as `username` (any earlier session is dropped first) and wait for the next page."""
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state()


def axe_problems(page):
    """axe-core's violations of impact serious or critical on the page as it is now, one line each."""
    return [
        f"{page.url}: {v['id']} {v['help']} {v['nodes'][0]['html'][:160]}"
        for v in AXE.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
