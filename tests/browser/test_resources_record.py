"""精准对接, the second half of issue 7's "done when", in Chromium: from a proposed match (a 书画 talent for a
老年书法班 need), the social worker makes the agreement, then records the service with both sides' ratings;
the record shows on the match page and in the service record list. axe-clean match page, desktop and phone."""

import datetime
import re

import pytest
from django.utils import timezone

from core.testing import make_user
from resources.models import Match, Resource, ServiceRecord
from resources.tests.builders import make_need, make_talent
from resources.tests.builders.matches import propose
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def proposed(tree, personas):
    talent = make_talent(tree.D1, name="钱书法", skills=("shuhua",), sessions_per_period=2, user=make_user("qian", display_name="钱书法"))
    need = make_need(tree.D1, title="老年书法班", requester="3号楼书法爱好者", people=16)
    return propose(need, talent, user=personas["social_worker"])


def test_a_social_worker_agrees_a_match_and_records_the_service_with_both_sides_feedback(page_for, live_server, proposed):
    m = proposed
    base = live_server.url
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in(page, base, "social_worker")

    page.goto(f"{base}/resources/needs/matches/")
    page.locator(f"#match-{m.pk} a").click()
    page.wait_for_url(re.compile(rf".*/resources/needs/matches/{m.pk}/$"))
    assert page.get_attribute("#match-state [data-state]", "data-state") == "proposed"
    assert page.locator("#reasons tbody tr").count() >= 5
    problems = axe_problems(page)
    shot(page, "resources-match-proposed-desktop")

    # 对接协议
    when = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=14, minute=0)
    page.fill("#id_agree-terms", "每周三下午两点，白云居民区活动室，免费")
    page.fill("#id_agree-scheduled_for", when.strftime("%Y-%m-%dT%H:%M"))
    page.locator("#agree-submit").click()
    page.wait_for_selector("#match-state [data-state=agreed]")
    assert "白云居民区活动室" in page.inner_text("#match-terms")
    assert Resource.objects.get(pk=m.resource_id).committed == 1

    # 服务记录, with both sides' ratings
    page.fill("#id_record-people_served", "15")
    page.fill("#id_record-hours", "2")
    page.fill("#id_record-summary", "楷书入门：握笔、永字八法")
    page.select_option("#id_record-requester_rating", "5")
    page.fill("#id_record-requester_comment", "老人们很喜欢")
    page.select_option("#id_record-provider_rating", "4")
    page.fill("#id_record-provider_comment", "希望有更大的桌子")
    page.locator("#record-submit").click()
    page.wait_for_selector("#match-state [data-state=served]")
    rec = ServiceRecord.objects.get(match=m)
    assert (rec.people_served, rec.requester_rating, rec.provider_rating) == (15, 5, 4)
    card = page.locator(f"#record-{rec.pk}")
    assert "老人们很喜欢" in card.inner_text() and "希望有更大的桌子" in card.inner_text()
    assert card.locator(".requester-rating .stars").get_attribute("aria-label").startswith("5")
    assert [page.locator("#timeline tbody tr").nth(i).get_attribute("class") for i in range(3)] == ["step-create", "step-agree", "step-serve"]
    assert Match.objects.get(pk=m.pk).state == "served" and Resource.objects.get(pk=m.resource_id).served == 1
    shot(page, "resources-match-served-desktop")
    page.reload()  # without the flash message
    problems += axe_problems(page)

    # the service record list
    page.locator("nav.submenu a", has_text=re.compile("服务记录|Service records")).click()
    page.wait_for_url(re.compile(r".*/resources/needs/matches/records/$"))
    row = page.locator(f"#record-{rec.pk}")
    assert "老年书法班" in row.inner_text() and "老人们很喜欢" in row.inner_text()
    problems += axe_problems(page)
    shot(page, "resources-record-list-desktop")

    # the match page on a phone
    phone = page_for(viewport=PHONE)
    sign_in(phone, base, "social_worker")
    phone.goto(f"{base}/resources/needs/matches/{m.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    problems += axe_problems(phone)
    shot(phone, "resources-match-served-phone")

    # the talent's own page on a phone: the agreement, the record, their feedback
    sign_in(phone, base, "qian")
    phone.goto(f"{base}/resources/needs/matches/mine/")
    assert phone.locator(f"#my-match-{m.pk} #record-{rec.pk}").count() == 1
    assert phone.locator(f"#feedback-{rec.pk}-requester").count() == 0
    problems += axe_problems(phone)
    shot(phone, "resources-my-services-phone")
    assert not problems, problems
    assert not errors, errors
