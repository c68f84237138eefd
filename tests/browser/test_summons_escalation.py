"""约请 in Chromium: the owners' committee summons the property company on the 1+3+N council; nobody answers, the
periodic job (the clock moved past the answer's limit) escalates it, and the 居民区's party secretary finds it in the
约请 inbox as escalated, with the escalation on its timeline."""

import datetime

import pytest
from django.utils import timezone

from deliberation.jobs import escalate_summonses
from deliberation.models import Summons
from deliberation.tests.builders.summons import hold, make_body, seat_of
from tests.browser.fixtures import shot
from tests.browser.helpers import axe_problems

pytestmark = pytest.mark.browser


def signed_in(page, base, user):
    """The page's browser signed in as `user` by a session cookie (the sign-in page itself is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": base}])


def test_an_unanswered_summons_escalates_to_the_party_secretary(page_for, live_server, tree, personas):
    council = make_body(tree.D1)
    hold(seat_of(council, "owners"), personas["owners_committee"], "业委会主任王伟")
    hold(seat_of(council, "property"), personas["property_company"], "物业经理李强")
    page = page_for()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    signed_in(page, live_server.url, personas["owners_committee"])
    page.goto(f"{live_server.url}/deliberation/summons/new/?body={council.pk}")
    page.select_option("#id_to_seat", str(seat_of(council, "property").pk))
    page.fill("#id_subject", "电梯多次困人，维修不及时")
    page.locator("#summons-submit").click()
    page.wait_for_selector("#summons-state .state-sent")
    summons = Summons.objects.get()

    # five working days pass without an answer: the periodic job runs
    Summons.objects.filter(pk=summons.pk).update(answer_due_at=timezone.now() - datetime.timedelta(hours=1))
    assert "1 unanswered 约请 escalated" in escalate_summonses(timezone.now())

    signed_in(page, live_server.url, personas["secretary"])
    page.goto(f"{live_server.url}/deliberation/summons/")
    row = page.locator(f"#summons-{summons.pk}")
    assert "白云居民区" in row.locator(".escalation").inner_text()
    assert page.locator("#box-escalated[aria-current=page]").inner_text() == "上报给我的"  # the box it opens on
    problems = axe_problems(page)
    row.locator("a").click()
    page.wait_for_selector("#summons-escalated")
    steps = page.locator("#timeline tbody tr")
    assert [steps.nth(i).get_attribute("class") for i in range(steps.count())] == ["step-create", "step-escalate"]
    shot(page, "summons-escalated")
    assert problems == [] and errors == []
