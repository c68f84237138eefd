"""社区达人 end to end: a resident applies on a phone-sized page (375 px), the social worker of 白云居民区
approves the application in the review queue, and the talent appears in the public listing with the
given name masked. The pages have no serious accessibility problems and no script errors."""

import re

import pytest

from resources.models import Talent, TalentState
from resources.tests.builders import make_talent
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


def test_a_resident_applies_on_a_phone_a_social_worker_approves_and_the_talent_is_listed(page_for, live_server, tree, personas):
    make_talent(tree.H1, name="钱书法", skills=("shuhua",))  # already in the library, so the staff list has rows
    problems = []
    page = page_for(viewport=PHONE)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "resident")

    page.goto(f"{live_server.url}/resources/talents/apply/")
    page.fill("#id_name", "王大爷")
    page.select_option("#id_district", str(tree.D1.pk))
    page.fill("#id_phone", "13700001111")
    page.locator("#step-skills label.tile", has_text="曲艺").click()
    page.locator("#step-skills input[name=level][value='3']").check()
    page.fill("#id_bio", "会唱沪剧，退休前在文化馆工作")
    page.locator("#step-when label.tile", has_text="星期二").click()
    page.locator("#step-when input[name=times][value=afternoon]").check()
    page.locator("#step-consent label.tile").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    problems += axe_problems(page)
    shot(page, "talent-apply-phone")
    page.locator("#apply-submit").click()
    page.wait_for_url(re.compile(r".*/resources/talents/apply/$"))
    assert page.get_attribute("#my-application", "data-state") == "applied"
    talent = Talent.objects.get(name="王大爷")
    assert (talent.state, talent.user, talent.availability) == (TalentState.APPLIED, personas["resident"], {"1": [["14:00", "17:00"]]})

    staff = page_for()
    staff.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(staff, live_server.url, "social_worker")
    staff.goto(f"{live_server.url}/resources/talents/review/")
    problems += axe_problems(staff)
    staff.locator(f"#step-approve-{talent.pk} button[type=submit]").click()
    staff.wait_for_url(re.compile(r".*/resources/talents/review/$"))
    assert staff.locator(f"#application-{talent.pk}").count() == 0
    talent.refresh_from_db()
    assert talent.state == TalentState.ACTIVE

    staff.goto(f"{live_server.url}/resources/talents/")
    assert staff.locator(f"#talent-{talent.pk}").count() == 1
    shot(staff, "talent-library")
    problems += axe_problems(staff)

    page.goto(f"{live_server.url}/resources/talents/public/")
    card = page.locator(f"#public-talents li[data-talent='{talent.pk}']")
    assert "王*" in card.inner_text() and "曲艺" in card.inner_text()
    assert "王大爷" not in page.content() and "13700001111" not in page.content()
    shot(page, "talent-public-phone")
    problems += axe_problems(page)
    assert not problems, problems
