"""Minutes: drafted, approved by the chair, published to the unit's residents for a number of days; printable,
exported to Excel; attachments with size and type limits."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from audit.models import AuditLog
from meetings.models import Minutes
from meetings.services.decisions import Refused, decision_open, vote_cast, vote_close
from meetings.services.minutes import attachment_add, minutes_approve, minutes_draft, minutes_publish
from meetings.tests.builders.decisions import add_item, sign_in
from meetings.workflow import MinutesState

QUORUM = ("chair", "secretary", "m1", "m2", "m3")


@pytest.fixture
def decided(sitting):
    """The sitting's meeting with one adopted decision by vote."""
    sign_in(sitting, *QUORUM)
    decision = decision_open(item=add_item(sitting, "更换门禁"), text="同意更换门禁", by=sitting.users["chair"])
    for name in ("chair", "secretary", "m1"):
        vote_cast(decision=decision, choice="for", by=sitting.users[name])
    vote_cast(decision=decision, choice="against", by=sitting.users["m2"])
    vote_close(decision=decision)
    return sitting


def test_minutes_go_from_draft_through_the_chair_to_the_residents(decided, personas, login):
    sitting = decided
    minutes = minutes_draft(meeting=sitting.meeting, text="会议讨论了门禁更换。", by=sitting.users["secretary"])
    with pytest.raises(Refused):
        minutes_approve(minutes=minutes, by=personas["secretary"])  # staff, but the body has a chair
    assert AuditLog.objects.filter(action="request", success=False, changes__step="minutes_approve").exists()
    minutes = minutes_approve(minutes=minutes, by=sitting.users["chair"])
    with pytest.raises(Refused):
        minutes_draft(meeting=sitting.meeting, text="改写", by=sitting.users["secretary"])
    minutes = minutes_publish(minutes=minutes, by=personas["secretary"])
    assert minutes.state == MinutesState.PUBLISHED
    assert minutes.published_until == timezone.localdate() + datetime.timedelta(days=sitting.body.minutes_publish_days)
    page = login(personas["resident"]).get(reverse("meetings:published"))  # the resident lives in D1
    assert page.status_code == 200
    assert "会议讨论了门禁更换" in page.content.decode() and "同意更换门禁" in page.content.decode()
    Minutes.objects.filter(pk=minutes.pk).update(published_until=timezone.localdate() - datetime.timedelta(days=1))
    assert "会议讨论了门禁更换" not in login(personas["resident"]).get(reverse("meetings:published")).content.decode()


def test_the_printable_minutes_and_the_excel_show_each_members_vote(decided, login, personas):
    sitting = decided
    minutes_draft(meeting=sitting.meeting, text="纪要正文", by=sitting.users["secretary"])
    client = login(personas["secretary"])
    page = client.get(reverse("meetings:minutes-print", args=[sitting.meeting.pk])).content.decode()
    assert "minutes_print.css" in page and "成员m2" in page and "同意更换门禁" in page
    response = client.get(reverse("meetings:minutes-export", args=[sitting.meeting.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    votes = [row for row in wb.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert sorted(r[3] for r in votes) == ["成员chair", "成员m1", "成员m2", "成员secretary"]
    items = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert items[0][6:9] == (3, 1, 0)
    assert AuditLog.objects.filter(action="export", changes__kind="minutes").exists()
    assert login(personas["outsider"]).get(reverse("meetings:minutes-export", args=[sitting.meeting.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [("a.exe", b"MZ", "PDF"), ("empty.pdf", b"", "空"), ("big.pdf", b"x" * (1024 * 1024 + 1), "1")],
)
def test_attachments_are_refused_when_too_big_empty_or_of_another_type(sitting, settings, name, content, error):
    settings.MEETINGS_ATTACHMENT_MAX_MB = 1
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        attachment_add(meeting=sitting.meeting, file=SimpleUploadedFile(name, content), by=sitting.users["secretary"])
    assert error in " ".join(e.value.messages)
    assert not sitting.meeting.attachments.exists()


def test_an_attachment_is_uploaded_on_the_page_and_downloaded_by_members(sitting, login, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = login(sitting.users["secretary"])
    r = client.post(reverse("meetings:attachment-add", args=[sitting.meeting.pk]), {"file": SimpleUploadedFile("方案.pdf", b"%PDF-1.4 x"), "name": ""})
    assert r.status_code == 302
    attachment = sitting.meeting.attachments.get()
    assert attachment.name == "方案.pdf"
    assert login(sitting.users["m5"]).get(reverse("meetings:attachment", args=[attachment.pk])).status_code == 200
    assert login(sitting.users["m5"]).post(reverse("meetings:attachment-add", args=[sitting.meeting.pk]), {}).status_code == 403


def test_the_residents_page_stays_constant_in_queries_as_published_minutes_grow(tree, personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.tests.builders.decisions import build_council

    def publish(n, prefix):
        for i in range(n):
            c = build_council(tree.D1, prefix=f"{prefix}{i}", seats=3)
            sign_in(c, "chair", "secretary")
            d = decision_open(item=add_item(c), text="一致同意", by=c.users["chair"], mode="consensus")
            m = minutes_approve(minutes=minutes_draft(meeting=c.meeting, text=f"纪要{prefix}{i}", by=c.users["secretary"]), by=c.users["chair"])
            minutes_publish(minutes=m, by=c.users["chair"])
            assert d.state == "adopted"

    client = login(personas["resident"])
    url = reverse("meetings:published")
    publish(1, "a")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert "纪要a0" in client.get(url).content.decode()
    publish(4, "b")
    with CaptureQueriesContext(connection) as large:
        assert "纪要b3" in client.get(url).content.decode()
    assert len(large) == len(small)


def test_the_secretary_writes_the_minutes_on_their_page_and_members_may_not(sitting, login):
    url = reverse("meetings:minutes-edit", args=[sitting.meeting.pk])
    secretary = login(sitting.users["secretary"])
    assert secretary.get(url).status_code == 200
    assert secretary.post(url, {"text": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans").status_code == 400
    assert secretary.post(url, {"text": "会议纪要正文"}).status_code == 302
    assert Minutes.objects.get(meeting=sitting.meeting).text == "会议纪要正文"
    assert login(sitting.users["m1"]).get(url).status_code == 403
    chair = login(sitting.users["chair"])
    minutes = Minutes.objects.get(meeting=sitting.meeting)
    assert chair.post(reverse("meetings:minutes-step", args=[minutes.pk, "approve"])).status_code == 302
    assert chair.post(reverse("meetings:minutes-step", args=[minutes.pk, "nonsense"])).status_code == 403
    minutes.refresh_from_db()
    assert minutes.state == MinutesState.APPROVED and minutes.approved_by == sitting.users["chair"]
