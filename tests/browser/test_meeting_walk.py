"""One meeting of issue 16 end to end in Chromium: the invitation reaches a member's phone, the member signs in
with the door's QR code, staff tick the others until the meeting is quorate, an item is put to a vote (the member
votes on the phone, staff record a vote), the chair closes it as adopted, and the resolution is carried out: an
action with an owner and a deadline, a case opened from it in one step and closed, the action marked done, and
the resolutions board showing it at 100%."""

import datetime
import re

import pytest
from django.utils import timezone

from cases import services as case_svc
from cases.models import Case, CaseCategory, HandlerKind
from deliberation.models import Action
from meetings.defaults import ensure_kinds
from meetings.models import Attendance, BodyKind, Decision, MemberRole, Vote
from meetings.services.bodies import body_create, body_update, membership_add
from meetings.services.meetings import meeting_schedule
from notices.models import Notice
from tests.browser.fixtures import shot
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def no_horizontal_overflow(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_meeting_goes_from_invitation_and_phone_sign_in_through_a_vote_to_a_done_action(page_for, live_server, personas, tree):
    # set-up: a 1+3+N council at D1 (quorum lowered to 30%: 4 of its 11 seats), four members with accounts, a meeting
    ensure_kinds()
    category = CaseCategory.objects.create(code="ENV-WALK", name="公共设施维修", handler_kind=HandlerKind.PROPERTY)
    body = body_create(kind=BodyKind.objects.get(code="council"), unit=tree.D1, by=personas["secretary"])
    body = body_update(body=body, quorum="0.3")
    seats = {s.party: s for s in body.seats.all()}
    members = {
        "secretary": membership_add(seat=seats["party"], user=personas["secretary"], role=MemberRole.CHAIR),
        "social_worker": membership_add(seat=seats["committee"], user=personas["social_worker"]),
        "owners_committee": membership_add(seat=seats["owners"], user=personas["owners_committee"]),
        "property_company": membership_add(seat=seats["property"], user=personas["property_company"]),
    }
    starts = timezone.now() + datetime.timedelta(hours=1)
    meeting = meeting_schedule(
        body=body, title="三季度议事会", starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), by=personas["secretary"], location="居委会二楼会议室"
    )
    assert Notice.objects.filter(user=personas["owners_committee"], url=meeting.get_absolute_url()).exists()

    base = live_server.url
    errors = []
    phone = page_for(viewport=PHONE)
    desk = page_for()
    for p in (phone, desk):
        p.on("pageerror", lambda e: errors.append(str(e)))

    # 1. the owners' committee member sees the invitation on a phone, and the meeting in "my meetings"
    sign_in(phone, base, "owners_committee")
    phone.goto(f"{base}/notices/")
    phone.locator(".notices a", has_text="三季度议事会").click()
    phone.wait_for_url(re.compile(rf".*/meetings/{meeting.pk}/$"))
    assert "居委会二楼会议室" in phone.inner_text("#meeting-facts")
    phone.goto(f"{base}/meetings/mine/")
    assert "三季度议事会" in phone.inner_text("#meetings-upcoming")
    assert no_horizontal_overflow(phone)
    shot(phone, "meeting-walk-my-meetings-phone")

    # 2. the secretary opens the meeting on the desktop; the member signs in with the door's QR code
    sign_in(desk, base, "secretary")
    desk.goto(f"{base}/meetings/{meeting.pk}/")
    desk.locator("#step-open").click()
    desk.wait_for_selector(".messages li.success")
    meeting.refresh_from_db()
    assert meeting.state == "open"
    desk.goto(f"{base}/meetings/{meeting.pk}/door/")
    desk.wait_for_selector("#door-qr svg")
    sign_in_url = desk.inner_text(".door-url").strip()  # what the QR code encodes
    assert sign_in_url == f"{base}/meetings/sign-in/{meeting.sign_in_token}/"
    phone.goto(sign_in_url)
    assert "✓" in phone.inner_text("#sign-in-result .ok")
    assert Attendance.objects.filter(meeting=meeting, membership=members["owners_committee"], method="qr").exists()
    shot(phone, "meeting-walk-signed-in-phone")

    # staff tick the others; the live part says not quorate until the fourth seat is present
    desk.goto(f"{base}/meetings/{meeting.pk}/")
    for name in ("secretary", "social_worker", "property_company"):
        assert "not-quorate" in desk.get_attribute("#quorum", "class")
        m = members[name]
        desk.locator(f"#member-{m.pk} button[type=submit]").click()
        desk.wait_for_selector(f"#member-{m.pk}.present")
    assert "is-quorate" in desk.get_attribute("#quorum", "class")
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    shot(desk, "meeting-walk-quorate")

    # 3. the secretary adds an item and opens a vote on it
    desk.goto(f"{base}/meetings/{meeting.pk}/")
    desk.locator("#propose-item summary").click()
    desk.fill("#item-title", "更换3号楼单元门禁")
    desk.fill("#item-description", "门禁损坏多次报修，议定由物业更换。")
    desk.locator("#propose-item button[type=submit]").click()
    desk.wait_for_selector(".messages li.success")
    item = meeting.items.get(title="更换3号楼单元门禁")
    desk.locator(f"#item-{item.pk} details.decide summary").click()
    desk.locator(f"#item-{item.pk} details.decide button[type=submit]").click()
    desk.wait_for_selector(".messages li.success")
    decision = Decision.objects.get(item=item)
    assert (decision.state, decision.present, decision.seats) == ("voting", 4, 11)

    # the member votes on the phone, from the meeting page
    phone.goto(f"{base}/meetings/{meeting.pk}/")
    phone.locator(f"#decision-{decision.pk} a").click()
    phone.wait_for_url(re.compile(rf".*/meetings/decisions/{decision.pk}/$"))
    assert no_horizontal_overflow(phone)
    phone.locator("#vote-for").click()
    assert phone.inner_text("#my-vote-choice").strip() == "赞成"
    shot(phone, "meeting-walk-voted-phone")

    # the chair votes, records two present members' votes, and closes the vote
    desk.goto(f"{base}/meetings/decisions/{decision.pk}/")
    desk.locator("#vote-for").click()
    desk.wait_for_selector("#my-vote-choice")
    for name, choice in (("social_worker", "for"), ("property_company", "against")):
        row = desk.locator("#record-votes tr", has_text=members[name].name)
        row.locator(f"button[value={choice}]").click()
        desk.wait_for_selector(".messages li.success")
    assert dict(Vote.objects.filter(decision=decision).values_list("membership_id", "choice")) == {
        members["owners_committee"].pk: "for",
        members["secretary"].pk: "for",
        members["social_worker"].pk: "for",
        members["property_company"].pk: "against",
    }
    desk.locator("#vote-close").click()
    desk.wait_for_selector(".messages li.success")
    decision.refresh_from_db()
    assert (decision.state, decision.votes_for, decision.votes_against) == ("adopted", 3, 1)

    # 4. from the decision, the secretary assigns an action with an owner and a deadline
    desk.locator("#assign-action").click()
    desk.wait_for_url(re.compile(rf".*/deliberation/decisions/{decision.pk}/actions/new/$"))
    desk.fill("#id_title", "物业更换3号楼门禁")
    desk.locator("#id_responsible_unit").select_option(str(tree.D1.pk))
    desk.fill("#id_responsible_name", "物业公司项目经理")
    deadline = timezone.localdate() + datetime.timedelta(days=14)
    desk.fill("#id_deadline", deadline.isoformat())
    desk.locator("#assign-submit").click()
    desk.wait_for_url(re.compile(r".*/deliberation/actions/\d+/$"))
    action = Action.objects.get(decision=decision)
    assert (action.state, action.deadline, action.responsible_unit_id) == ("open", deadline, tree.D1.pk)

    # a case in one step from the action
    form = desk.locator("#step-open_case")
    form.locator("select[name$=category]").select_option(str(category.pk))
    form.locator("button[type=submit]").click()
    desk.wait_for_selector(".messages li.success")
    action.refresh_from_db()
    case = Case.objects.get(pk=action.case_id)
    assert case.state == "reported" and case.category == category
    assert case.number in desk.inner_text("#action-case")

    # the case is handled and closed (through the cases services: the case loop has its own browser test)
    by = personas["secretary"]
    case = case_svc.case_accept(case=case, by=by)
    case = case_svc.case_dispatch(case=case, to=tree.D1, by=by)
    case = case_svc.case_start(case=case, by=by)
    case = case_svc.case_complete(case=case, by=by, note="门禁已更换")
    case = case_svc.case_verify(case=case, by=by, passed=True)
    assert case.state == "closed"

    # the action page shows the case closed; the action is marked done
    desk.reload()
    assert desk.locator("#action-case strong").count() == 1  # "the case is closed: the action can be marked as done"
    desk.locator("#step-finish textarea").fill("门禁已更换，验收通过")
    desk.locator("#finish-submit").click()
    desk.wait_for_selector(".messages li.success")
    action.refresh_from_db()
    assert (action.state, action.progress) == ("done", 100)

    # the decision's page links its action; the resolutions board shows it done at 100%
    desk.goto(f"{base}/meetings/decisions/{decision.pk}/")
    assert "物业更换3号楼门禁" in desk.inner_text("main")
    desk.goto(f"{base}/deliberation/board/")
    card = desk.locator(f"#decision-{decision.pk}")
    assert card.get_attribute("data-progress") == "100"
    assert "100%" in card.locator(f"tr[data-action='{action.pk}']").inner_text()
    shot(desk, "meeting-walk-board")
    assert not errors, errors
