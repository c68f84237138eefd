"""约请: sending one (and its refusals), the answer, the meeting it leads to, escalation when unanswered, the pages
and the API."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditLog
from cases.calendar import add_working_time
from core.workflow import transition
from deliberation.models import Summons
from deliberation.services.summons import summons_answer, summons_meet, summons_schedule, summons_send, summonses_escalate_overdue
from deliberation.tests.builders.summons import hold, make_body, make_summons, seat_of
from deliberation.workflow import SummonsState
from meetings.models import ItemSource
from meetings.workflow import MeetingState
from notices.models import Notice

pytestmark = pytest.mark.django_db


def send(summons_council, personas, **kw):
    args = {
        "body": summons_council,
        "from_seat": seat_of(summons_council, "owners"),
        "to_seat": seat_of(summons_council, "property"),
        "subject": "电梯维修不及时",
        "by": personas["owners_committee"],
    }
    return summons_send(**(args | kw))


def test_the_owners_committee_summons_the_property_company_which_is_told_to_answer_within_five_working_days(summons_council, personas):
    now = timezone.now()
    summons = send(summons_council, personas, now=now)
    assert summons.state == SummonsState.SENT
    assert summons.answer_due_at == add_working_time(now, days=5)
    notice = Notice.objects.get(user=personas["property_company"])
    assert "电梯维修不及时" in notice.title and notice.url == f"/deliberation/summons/{summons.pk}/"
    assert list(summons.transitions.values_list("action", flat=True)) == ["create"]


@pytest.mark.parametrize(
    "case",
    ["other body", "organisation without a seat", "empty seat", "retired seat", "itself", "not my seat"],
)
def test_a_summons_to_a_party_that_cannot_be_summoned_is_refused_in_chinese_audited_and_changes_nothing(summons_council, personas, tree, case):
    from resources.models import Organisation

    other = make_body(tree.D2)
    hold(seat_of(other, "property"), None, "别家物业")
    kw = {
        "other body": lambda: {"to_seat": seat_of(other, "property")},
        "organisation without a seat": lambda: {
            "to_seat": None,
            "to_organisation": Organisation.objects.create(name="远方物业公司", kind="property", unit=tree.D2, unit_path=tree.D2.path),
        },
        "empty seat": lambda: {"to_seat": seat_of(summons_council, "party")},
        "itself": lambda: {"to_seat": seat_of(summons_council, "owners")},
        "not my seat": lambda: {"from_seat": seat_of(summons_council, "committee"), "by": personas["owners_committee"]},
    }.get(case, dict)()
    if case == "retired seat":
        seat_of(summons_council, "property").__class__.objects.filter(pk=seat_of(summons_council, "property").pk).update(is_active=False)
    before = AuditLog.objects.filter(success=False).count()
    with pytest.raises(ValidationError) as e:
        send(summons_council, personas, **kw)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in " ".join(e.value.messages))  # the message is Chinese
    assert Summons.objects.count() == 0 and not Notice.objects.exists()
    refusal = AuditLog.objects.filter(success=False).latest("id")
    assert AuditLog.objects.filter(success=False).count() == before + 1 and refusal.changes["refused"] in e.value.messages


def test_the_answer_must_propose_a_future_date_within_the_bound(summons_council, personas):
    summons = send(summons_council, personas)
    now = timezone.now()
    for when in (now - datetime.timedelta(hours=1), now + datetime.timedelta(days=400)):
        with pytest.raises(ValidationError):
            summons_answer(summons=summons, by=personas["property_company"], proposed_at=when)
    summons.refresh_from_db()
    assert summons.state == SummonsState.SENT
    answered = summons_answer(summons=summons, by=personas["property_company"], proposed_at=now + datetime.timedelta(days=3), answer="周五下午可以")
    assert answered.state == SummonsState.ANSWERED and answered.answered_by == personas["property_company"]
    assert (
        Notice.objects.filter(user=personas["owners_committee"], title__contains="答复").exists()
        or Notice.objects.filter(user=personas["owners_committee"]).exists()
    )


def test_the_summons_answer_and_meeting_are_one_thread_until_it_is_marked_met(summons_council, personas):
    summons = send(summons_council, personas)
    when = timezone.now() + datetime.timedelta(days=2)
    summons_answer(summons=summons, by=personas["property_company"], proposed_at=when)
    summons = summons_schedule(summons=summons, by=personas["owners_committee"])
    assert summons.meeting.body == summons_council and summons.meeting.starts_at == when
    assert summons.item.source == ItemSource.SUMMONS and summons.item.meeting == summons.meeting
    with pytest.raises(ValidationError):
        summons_schedule(summons=summons, by=personas["owners_committee"])  # once
    with pytest.raises(ValidationError):
        summons_meet(summons=summons, by=personas["owners_committee"])  # not held yet
    meeting = summons.meeting
    transition(meeting, MeetingState.OPEN, action="open")
    transition(meeting, MeetingState.CLOSED, action="close")
    summons.refresh_from_db()
    assert summons_meet(summons=summons, by=personas["owners_committee"]).state == SummonsState.MET
    assert list(summons.transitions.values_list("action", flat=True)) == ["create", "answer", "schedule", "meet"]


def test_an_unanswered_summons_escalates_to_the_party_secretary_then_to_the_area(summons_council, personas, tree):
    sent_at = timezone.now() - datetime.timedelta(days=30)
    summons = make_summons(summons_council, answer_due_at=add_working_time(sent_at, days=5))
    answered = make_summons(summons_council, answer_due_at=summons.answer_due_at, state=SummonsState.ANSWERED)
    now = timezone.now()
    assert summonses_escalate_overdue(now=now) == [summons]
    summons.refresh_from_db()
    assert (summons.escalation_level, summons.escalated_to, summons.state) == (1, tree.D1, SummonsState.SENT)
    assert Notice.objects.filter(user=personas["secretary"], url=f"/deliberation/summons/{summons.pk}/").exists()
    assert summonses_escalate_overdue(now=now + datetime.timedelta(hours=1)) == []  # not again before another 5 working days
    later = add_working_time(now, days=5) + datetime.timedelta(minutes=1)
    assert summonses_escalate_overdue(now=later) == [summons]
    summons.refresh_from_db()
    assert (summons.escalation_level, summons.escalated_to) == (2, tree.A1)
    assert Notice.objects.filter(user=personas["area_manager"]).exists()
    assert summonses_escalate_overdue(now=later + datetime.timedelta(days=30)) == []
    answered.refresh_from_db()
    assert answered.escalation_level == 0
    assert [t.action for t in summons.transitions.all()] == ["create", "escalate", "escalate"]


# --- pages ------------------------------------------------------------------------------------------------------------


def test_the_inbox_shows_each_party_its_box_and_the_secretary_what_was_escalated(login, summons_council, personas, tree):
    summons = make_summons(summons_council, escalation_level=1, escalated_to=tree.D1, escalated_at=timezone.now())
    page = login(personas["owners_committee"]).get("/deliberation/summons/?box=sent")
    assert page.status_code == 200 and f"summons-{summons.pk}" in page.content.decode()
    page = login(personas["property_company"]).get("/deliberation/summons/?box=received&state=sent")
    assert f"summons-{summons.pk}" in page.content.decode()
    page = login(personas["secretary"]).get("/deliberation/summons/")
    assert page.context["box"] == "escalated" and f"summons-{summons.pk}" in page.content.decode()
    assert f"summons-{summons.pk}" not in login(personas["volunteer"]).get("/deliberation/summons/?box=all").content.decode()


def test_a_member_sends_a_summons_from_the_page_and_the_summoned_party_answers_on_the_thread(login, summons_council, personas):
    client = login(personas["owners_committee"])
    assert client.get(f"/deliberation/summons/new/?body={summons_council.pk}").status_code == 200
    data = {"body": summons_council.pk, "from_seat": seat_of(summons_council, "owners").pk, "to_seat": seat_of(summons_council, "party").pk, "subject": "停车难"}
    refused = client.post("/deliberation/summons/new/", data)
    assert refused.status_code == 400 and "空" in refused.content.decode()  # the empty seat, in Chinese
    response = client.post("/deliberation/summons/new/", data | {"to_seat": seat_of(summons_council, "property").pk})
    summons = Summons.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deliberation/summons/{summons.pk}/"
    assert client.post(f"/deliberation/summons/{summons.pk}/answer/", {"answer-proposed_at": "2099-01-01T10:00"}).status_code == 403
    other = login(personas["property_company"])
    when = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    assert other.post(f"/deliberation/summons/{summons.pk}/answer/", {"answer-proposed_at": when, "answer-answer": "可以"}).status_code == 302
    summons.refresh_from_db()
    assert summons.state == SummonsState.ANSWERED
    page = other.get(f"/deliberation/summons/{summons.pk}/").content.decode()
    assert 'id="step-answer"' not in page and "可以" in page and "已答复" in page
    assert other.post(f"/deliberation/summons/{summons.pk}/schedule/", {}).status_code == 403  # the summoning party's step
    client = login(personas["owners_committee"])  # the one test client, signed in again
    assert client.post(f"/deliberation/summons/{summons.pk}/schedule/", {"schedule-location": "居委会议事室"}).status_code == 302
    summons.refresh_from_db()
    assert summons.meeting.location == "居委会议事室" and summons.meeting.starts_at == summons.proposed_at
    page = client.get(f"/deliberation/summons/{summons.pk}/").content.decode()
    assert "summons-meeting" in page and 'id="step-meet"' not in page and 'id="step-schedule"' not in page  # met once the meeting is held


def test_the_inbox_and_the_api_list_make_the_same_number_of_queries_for_more_summonses(login, api, summons_council, personas):
    def grow(n):
        for i in range(n):
            make_summons(summons_council, subject=f"事项{i}")

    for client, url in ((login(personas["secretary"]), "/deliberation/summons/?box=all"), (api(personas["secretary"]), "/api/summonses/")):
        grow(1)
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        grow(15)
        with CaptureQueriesContext(connection) as large:
            assert client.get(url).status_code == 200
        assert len(large) == len(small), [q["sql"] for q in large]
        assert len(large) <= 14


# --- API --------------------------------------------------------------------------------------------------------------


def test_the_api_sends_answers_and_refuses_a_party_without_a_seat(api, summons_council, personas, tree):
    client = api(personas["owners_committee"])
    body = {"body": summons_council.pk, "from_seat": seat_of(summons_council, "owners").pk, "to_seat": seat_of(summons_council, "party").pk, "subject": "噪音扰民"}
    refused = client.post("/api/summonses/", body, format="json")
    assert refused.status_code == 400 and Summons.objects.count() == 0
    created = client.post("/api/summonses/", body | {"to_seat": seat_of(summons_council, "property").pk}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert [row["id"] for row in client.get("/api/summonses/").json()["results"]] == [pk]
    assert client.post(f"/api/summonses/{pk}/answer/", {"proposed_at": "2099-01-01T10:00:00+08:00"}, format="json").status_code == 403
    when = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    answered = api(personas["property_company"]).post(f"/api/summonses/{pk}/answer/", {"proposed_at": when}, format="json")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    assert api(personas["property_company"]).post(f"/api/summonses/{pk}/answer/", {"proposed_at": when}, format="json").status_code == 403
    assert api(personas["volunteer"]).post("/api/summonses/", body, format="json").status_code == 403
