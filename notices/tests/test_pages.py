"""The notices page and the header's unread count: a user sees only their own notices."""

import datetime

from django.utils import timezone

from core.testing import make_user
from notices.models import Notice
from notices.services import notice_mark_read, notices_send


def send(user, n, url=""):
    return [notices_send([user], f"通知{i}", "内容", url)[0] for i in range(n)]


def test_the_header_shows_the_unread_count_for_a_signed_in_user(login, personas):
    send(personas["grid_worker"], 3)
    html = login(personas["grid_worker"]).get("/").content.decode()
    assert 'href="/notices/"' in html and "(3)" in html


def test_the_page_lists_the_users_notices_newest_first(login, personas):
    user = personas["grid_worker"]
    old, new = send(user, 2)
    Notice.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    html = login(user).get("/notices/").content.decode()
    assert html.index(f"/notices/{new.pk}/") < html.index(f"/notices/{old.pk}/")


def test_another_users_notices_are_invisible(login, personas, client):
    mine, theirs = send(personas["grid_worker"], 1)[0], send(personas["secretary"], 1)[0]
    c = login(personas["grid_worker"])
    html = c.get("/notices/").content.decode()
    assert f"/notices/{mine.pk}/" in html and f"/notices/{theirs.pk}/" not in html
    assert c.get(f"/notices/{theirs.pk}/").status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_opening_a_notice_marks_it_read_and_follows_its_link(login, personas):
    notice = send(personas["grid_worker"], 1, url="/org/")[0]
    r = login(personas["grid_worker"]).get(f"/notices/{notice.pk}/")
    assert r.status_code == 302 and r["Location"] == "/org/"
    assert Notice.objects.get(pk=notice.pk).read_at is not None


def test_a_link_to_another_site_is_not_followed(login, personas):
    notice = send(personas["grid_worker"], 1, url="https://evil.example/")[0]
    r = login(personas["grid_worker"]).get(f"/notices/{notice.pk}/")
    assert r["Location"] == "/notices/"


def test_mark_all_read_marks_only_the_users_own(login, personas):
    send(personas["grid_worker"], 3)
    theirs = send(personas["secretary"], 1)[0]
    c = login(personas["grid_worker"])
    assert c.get("/notices/read-all/").status_code == 405
    assert c.post("/notices/read-all/").status_code == 302
    assert not Notice.objects.filter(user=personas["grid_worker"], read_at__isnull=True).exists()
    assert Notice.objects.get(pk=theirs.pk).read_at is None
    assert "(3)" not in c.get("/").content.decode()


def test_marking_read_refuses_another_users_notice(personas):
    import pytest

    theirs = send(personas["secretary"], 1)[0]
    with pytest.raises(Notice.DoesNotExist):
        notice_mark_read(notice=theirs, user=personas["grid_worker"])


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/notices/").status_code == 302


def test_the_page_and_the_count_take_a_fixed_number_of_queries(login, personas, django_assert_max_num_queries):
    user = personas["grid_worker"]
    c = login(user)
    send(user, 2)
    c.get("/notices/")
    with django_assert_max_num_queries(10) as small:  # PostgreSQL keeps sessions in the database
        assert c.get("/notices/").status_code == 200
    for i in range(5):
        notices_send([user, make_user(f"u{i}")], "批量", "内容")
    send(user, 30)
    with django_assert_max_num_queries(len(small)):
        assert c.get("/notices/").status_code == 200


def test_notices_send_sends_once_to_each_distinct_user_in_one_insert(personas, django_assert_num_queries):
    users = [personas["grid_worker"], personas["secretary"], personas["grid_worker"].pk]
    with django_assert_num_queries(1):
        sent = notices_send(users, "标题", "内容", "/cases/")
    assert len(sent) == 2
