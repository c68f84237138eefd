"""In Chromium: the header shows the unread count, the notices page is accessible, "mark all read" clears it."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from notices.services import notices_send
from tests.browser.test_crawl import check_page, sign_in

pytestmark = pytest.mark.browser


def test_a_grid_worker_reads_their_notices(page_for, live_server, personas):
    user = personas["grid_worker"]
    notices_send([user], "案件 1 已派给您处理", "楼道堆物：3楼楼道堆满纸箱。", "/notices/")
    notices_send([user], "案件 2 已超期", "已超期，已升级到白云居民区。", "")
    page = page_for(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "grid_worker")
    header = page.locator("header .tools a[href='/notices/']")
    assert "(2)" in header.inner_text()
    problems = []
    check_page(page, f"{live_server.url}/notices/", problems)
    assert problems == []
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == []
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "(" not in page.locator("header .tools a[href='/notices/']").inner_text()
