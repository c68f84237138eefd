"""The agenda and voting pages: a member proposes and votes on a phone, staff record a present member's vote,
the chair closes; a refused vote is answered in Chinese and audited; the meeting page's parts render."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from audit.models import AuditLog
from meetings.models import Decision, Vote
from meetings.selectors.decisions import agenda_context
from meetings.tests.builders.decisions import add_item, sign_in

QUORUM = ("chair", "secretary", "m1", "m2", "m3")


def test_a_member_proposes_an_item_and_the_chair_opens_a_vote(sitting, login):
    client = login(sitting.users["m4"])
    assert client.post(reverse("meetings:item-add", args=[sitting.meeting.pk]), {"title": "楼道照明", "description": ""}).status_code == 302
    item = sitting.meeting.items.get()
    assert item.proposed_by == sitting.users["m4"]
    assert client.post(reverse("meetings:item-decide", args=[item.pk]), {"text": "同意", "mode": "vote"}).status_code == 403  # members do not open votes
    chair = login(sitting.users["chair"])
    r = chair.post(reverse("meetings:item-decide", args=[item.pk]), {"text": "同意", "mode": "vote", "is_public": "on"}, follow=True)
    assert not Decision.objects.exists() and "法定人数" in r.content.decode()  # not quorate yet
    sign_in(sitting, *QUORUM)
    chair.post(reverse("meetings:item-decide", args=[item.pk]), {"text": "同意", "mode": "vote", "is_public": "on"})
    assert Decision.objects.filter(item=item).exists()


def test_members_vote_on_their_phone_and_a_second_vote_is_refused_in_chinese(sitting, login, personas):
    sign_in(sitting, *QUORUM)
    item = add_item(sitting)
    client = login(sitting.users["m1"])
    client.post(reverse("meetings:item-decide", args=[item.pk]), {"text": "x", "mode": "vote"})  # 403, nothing
    from meetings.services.decisions import decision_open

    decision = decision_open(item=item, text="同意", by=sitting.users["chair"])
    page = client.get(reverse("meetings:decision-detail", args=[decision.pk]))
    assert page.status_code == 200 and 'id="vote-for"' in page.content.decode()
    assert client.post(reverse("meetings:decision-vote", args=[decision.pk]), {"choice": "for"}).status_code == 302
    again = client.post(reverse("meetings:decision-vote", args=[decision.pk]), {"choice": "against"}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "已" in again.content.decode()  # 已经投过票
    assert Vote.objects.filter(decision=decision).count() == 1
    assert AuditLog.objects.filter(action="request", success=False, changes__step="vote_cast").count() == 1
    staff = login(personas["secretary"])
    r = staff.post(reverse("meetings:decision-vote", args=[decision.pk]), {"choice": "for", "membership": sitting.members["m2"].pk})
    assert r.status_code == 302 and Vote.objects.filter(decision=decision, membership=sitting.members["m2"], by=personas["secretary"]).exists()
    assert login(sitting.users["m1"]).post(reverse("meetings:decision-close", args=[decision.pk])).status_code == 403
    assert login(sitting.users["chair"]).post(reverse("meetings:decision-close", args=[decision.pk])).status_code == 302
    decision.refresh_from_db()
    assert (decision.state, decision.votes_for) == ("rejected", 2)  # 2 of 5 present


def test_outsiders_do_not_see_a_meetings_decisions(sitting, login, personas):
    sign_in(sitting, *QUORUM)
    from meetings.services.decisions import decision_open

    decision = decision_open(item=add_item(sitting), text="同意", by=sitting.users["chair"])
    assert login(personas["outsider"]).get(reverse("meetings:decision-detail", args=[decision.pk])).status_code == 404
    assert login(personas["outsider"]).post(reverse("meetings:decision-vote", args=[decision.pk]), {"choice": "for"}).status_code == 404


@pytest.mark.parametrize("who", ["m1", "chair", "staff"])
def test_the_meeting_pages_agenda_and_minutes_parts_render_for_each_role(sitting, personas, who, django_assert_max_num_queries):
    sign_in(sitting, *QUORUM)
    from meetings.services.decisions import decision_open

    for n in range(3):
        decision_open(item=add_item(sitting, f"事项{n}"), text="同意", by=sitting.users["chair"])
    user = personas["secretary"] if who == "staff" else sitting.users[who]
    request = RequestFactory().get("/")
    request.user = user
    with django_assert_max_num_queries(30):
        ctx = agenda_context(sitting.meeting, user)
    html = render_to_string("meetings/_agenda.html", ctx, request=request) + render_to_string("meetings/_minutes.html", ctx, request=request)
    assert "事项2" in html and 'id="minutes"' in html
    assert ("Vote now" in html or "立即投票" in html) == (who != "staff")
