"""The alarm rules editor in Chromium: a subdistrict administrator makes a rule with the structured form,
sees a mistake explained, corrects it; both pages are axe-clean and free of console errors."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from smart.models import AlarmRule
from smart.tests.builders.alarms import make_world
from tests.browser.fixtures import shot
from tests.browser.test_case_loop import sign_in

pytestmark = pytest.mark.browser


def axe_serious(page):
    results = Axe().run(page)
    return [v["id"] for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_staff_make_a_rule_with_the_form(page_for, live_server, tree, personas):
    make_world(tree, personas)
    page = page_for()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base = live_server.url
    sign_in(page, base, "subdistrict_admin")
    page.goto(f"{base}/smart/rules/")
    assert page.locator("#type-garbage").is_visible()
    assert axe_serious(page) == []
    shot(page, "smart-rules-list")
    page.click("#new-rule-garbage")
    page.fill("#id_alarm_type", "odour")
    page.fill("#id_name", "异味")
    page.fill("#id_details", "异味指数 {odour}")
    page.locator("#block-major summary").click()
    page.check("#id_major-enabled")
    page.select_option("#id_major-kind", "duration")
    page.fill("#id_major-seconds", "-5")
    page.select_option("#id_major-what_0", "odour")
    page.select_option("#id_major-op_0", ">=")
    page.fill("#id_major-value_0", "6")
    page.locator("#rule-form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#block-major .errorlist").is_visible()  # negative seconds, explained on its block
    assert not AlarmRule.objects.filter(alarm_type="odour").exists()
    assert axe_serious(page) == []
    shot(page, "smart-rule-form-error")
    page.fill("#id_major-seconds", "600")
    page.locator("#rule-form button[type=submit]").click()
    page.wait_for_load_state()
    rule = AlarmRule.objects.get(alarm_type="odour")
    assert rule.create_conditions["MAJOR"]["seconds"] == 600
    assert page.url.endswith(f"/smart/rules/{rule.pk}/")
    assert [e for e in errors if "favicon" not in e and "status of 400" not in e] == []  # the refused form answers 400, as it should
