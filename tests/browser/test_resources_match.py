"""精准对接, the first half of issue 7's "done when": the committee's social worker enters a need on the page
(on a phone), sees the ranked suggestions with the reasons in words and a bar per factor, switches to the
shared spaces, and confirms the best talent; the match exists, proposed, with the score and reasons."""

import re

import pytest

from resources.defaults import TYPES
from resources.models import Match, Need, ResourceType
from resources.tests.builders import D1_AT, D2_AT, make_space, make_talent
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def catalogue(tree):
    ResourceType.objects.bulk_create(  # seeded by a migration, but an earlier live-server test's flush removed them
        [ResourceType(code=c, kind=k, name=n, name_en=e, group=g, sort=10 * i) for i, (c, k, n, e, g) in enumerate(TYPES, start=1)], ignore_conflicts=True
    )
    tree.D1.lat, tree.D1.lng = D1_AT  # a need entered without a place is placed at its 居民区
    tree.D1.save(update_fields=["lat", "lng"])
    near = make_talent(tree.D1, name="钱书法", skills=("shuhua",))
    related = make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT)
    make_talent(tree.D1, name="周维修", skills=("repair",))  # another field: never suggested
    space = make_space(tree.D1, name="税务局二楼会议室", capacity=30)
    return {"near": near, "related": related, "space": space}


def test_a_social_worker_enters_a_need_sees_ranked_suggestions_with_reasons_and_confirms_one(page_for, live_server, personas, tree, catalogue):
    page = page_for(viewport=PHONE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "social_worker")

    page.goto(f"{live_server.url}/resources/needs/")
    page.click("#enter-need")
    page.wait_for_url(re.compile(r".*/resources/needs/new/$"))
    page.fill("#id_title", "老年书法班")
    page.select_option("#id_source", "residents")
    page.fill("#id_requester", "3号楼书法爱好者")
    page.locator("label.tile", has_text="书画").click()
    page.locator("label.tile", has_text="会议培训").click()
    page.fill("#id_people", "20")
    page.fill("#id_start_date", "2030-03-01")
    page.fill("#id_end_date", "2030-04-30")
    page.fill("#id_hours_2", "14:00-16:00")
    problems = axe_problems(page)
    shot(page, "resources-need-form-phone")
    page.click("#need-save")
    page.wait_for_url(re.compile(r".*/resources/needs/\d+/$"))
    need = Need.objects.get(title="老年书法班")
    assert {t.code for t in need.types.all()} == {"shuhua", "meeting"}

    talents = page.locator("#sugg-talent li.suggestion")
    assert talents.count() == 2
    first = talents.nth(0)
    assert "钱书法" in first.locator("h4").inner_text() and "孙舞蹈" in talents.nth(1).locator("h4").inner_text()
    assert float(first.get_attribute("data-score")) > float(talents.nth(1).get_attribute("data-score"))
    assert "提供所需的书画" in first.inner_text() or "Offers" in first.inner_text()
    assert first.locator("meter").count() == 5
    assert re.search(r"\d+ (m|米)", first.locator("tr.reason-distance").inner_text())  # the distance from the 居民区, in metres
    assert "周维修" not in page.locator("#suggestions").inner_text()
    problems += axe_problems(page)
    shot(page, "resources-need-suggestions-phone")

    page.click("#suggestion-tabs a[data-tab='space']")
    assert page.locator("#sugg-space").is_visible() and not page.locator("#sugg-talent").is_visible()
    assert page.locator("#sugg-space li.suggestion", has_text="税务局二楼会议室").count() == 1
    page.click("#suggestion-tabs a[data-tab='talent']")

    first.locator("button.confirm").click()
    page.wait_for_url(re.compile(r".*/resources/needs/(matches/\d+|\d+)/$"))
    match = Match.objects.get(need=need)
    assert (match.resource, match.state, match.created_by) == (catalogue["near"].resource, "proposed", personas["social_worker"])
    assert match.score > 0 and {r["factor"] for r in match.reasons} >= {"type", "distance", "time", "capacity", "load"}
    shot(page, "resources-match-proposed-phone")

    page.goto(f"{live_server.url}/resources/needs/{need.pk}/")
    assert page.locator(f"#need-matches li[data-match='{match.pk}']").count() == 1
    assert page.locator(f"#suggestion-{catalogue['near'].resource.pk}").count() == 0  # no longer suggested
    assert not problems, problems
    assert not errors, errors


def test_the_need_page_reads_well_on_a_desk(page_for, live_server, personas, tree, catalogue):
    from resources.tests.builders import make_need

    need = make_need(tree.D1, need_types=("shuhua", "meeting"), people=20, requester="3号楼书法爱好者")
    page = page_for()
    sign_in(page, live_server.url, "secretary")
    page.goto(f"{live_server.url}/resources/needs/{need.pk}/")
    assert page.locator("#sugg-talent li.suggestion").count() == 2
    shot(page, "resources-need-detail-desktop")
    assert not axe_problems(page)
    page.goto(f"{live_server.url}/resources/needs/")
    assert page.locator(f"#need-{need.pk}").count() == 1
    shot(page, "resources-need-list-desktop")
    assert not axe_problems(page)
