"""The match pages: the list and its filters, a match's page with the score's reasons and the timeline,
agreeing (a slot for a space), declining, cancelling, recording the service with both sides' feedback, the
service record list, a talent's own page; scope (404 outside, 403 without the right) and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.testing import make_user
from doorstep.tests.builders.bookings import make_slot
from resources.models import MatchRound, Resource, ServiceRecord, Talent
from resources.tests.builders import make_need
from resources.tests.builders.matches import agreed, grow_matches, propose, served, space_match, talent_match

pytestmark = pytest.mark.django_db
BASE = "/resources/needs/matches/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def detail(m) -> str:
    return f"{BASE}{m.pk}/"


@pytest.fixture
def match(tree):
    return talent_match(tree.D1)


@pytest.fixture
def talent_user(match):
    user = make_user("qian", display_name="钱书法")
    Talent.objects.filter(resource__pk=match.resource_id).update(user=user)
    return user


# --- seeing ----------------------------------------------------------------------------------------------


def test_the_match_page_shows_the_need_the_resource_the_score_and_its_reasons(login, personas, match):
    page = login(personas["social_worker"]).get(detail(match), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "老年书法班" in html and "钱书法" in html and f"Score {match.score:.2f}" in html
    for factor in ("type", "distance", "time", "capacity", "load"):
        assert f'class="reason-{factor}"' in html
    assert 'id="step-agree"' in html and 'id="step-decline"' in html and 'id="step-record"' not in html
    assert 'class="step-create"' in html  # the timeline


@pytest.mark.parametrize("persona", ["outsider", "grid_worker", "resident", "volunteer"])
def test_a_match_outside_the_scope_answers_404(login, personas, match, persona):
    assert login(personas[persona]).get(detail(match)).status_code == 404
    assert login(personas[persona]).post(f"{detail(match)}agree/", {"agree-terms": "x"}).status_code == 404


def test_a_match_of_the_other_district_answers_404_to_the_first_districts_staff(login, personas, tree):
    other = talent_match(tree.D2, quick=True)
    assert login(personas["social_worker"]).get(detail(other)).status_code == 404
    assert login(personas["subdistrict_admin"]).get(detail(other)).status_code == 200


def test_the_area_manager_sees_but_may_not_agree(login, personas, match):
    client = login(personas["area_manager"])
    page = client.get(detail(match))
    assert page.status_code == 200 and b'id="step-agree"' not in page.content
    assert client.post(f"{detail(match)}agree/", {"agree-terms": "x"}).status_code == 403
    match.refresh_from_db()
    assert match.state == "proposed"


def test_the_list_filters_by_state_kind_district_and_round(login, personas, tree, match):
    space = space_match(tree.D1, quick=True)
    agreed(space, personas["social_worker"])
    batch = MatchRound.objects.create(name="十一月批量对接", unit=tree.D1, unit_path=tree.D1.path)
    from_round = propose(make_need(tree.D1, title="轮次需求"), space.resource, in_round=batch, quick=True)
    client = login(personas["social_worker"])

    def rows(query):
        return {int(i) for i in re.findall(r'id="match-(\d+)"', client.get(BASE, query).content.decode())}

    assert rows({}) == {match.pk, space.pk, from_round.pk}
    assert rows({"state": "agreed"}) == {space.pk}
    assert rows({"kind": "talent"}) == {match.pk}
    assert rows({"district": tree.D1.pk}) == {match.pk, space.pk, from_round.pk}
    assert rows({"round": batch.pk}) == {from_round.pk}
    assert rows({"need": match.need_id}) == {match.pk}
    assert rows({"district": tree.D2.pk}) == set()  # not a choice for D1's staff: nothing listed
    assert f'href="/resources/rounds/{batch.pk}/"' in client.get(detail(from_round)).content.decode()
    assert login(personas["outsider"]).get(BASE).status_code == 403


def test_the_lists_make_the_same_number_of_queries_for_more_matches(login, personas, tree):
    client = login(personas["social_worker"])
    grow_matches(tree.D1, 3, personas["social_worker"])
    for url in (BASE, f"{BASE}records/"):
        client.get(url)
    with CaptureQueriesContext(connection) as small_matches:
        assert client.get(BASE).status_code == 200
    with CaptureQueriesContext(connection) as small_records:
        assert client.get(f"{BASE}records/").status_code == 200
    grow_matches(tree.D1, 15, personas["social_worker"])
    with CaptureQueriesContext(connection) as large_matches:
        assert client.get(BASE).status_code == 200
    with CaptureQueriesContext(connection) as large_records:
        assert client.get(f"{BASE}records/").status_code == 200
    assert len(large_matches) == len(small_matches) <= 14, [q["sql"] for q in large_matches]
    assert len(large_records) == len(small_records) <= 14, [q["sql"] for q in large_records]


# --- acting ----------------------------------------------------------------------------------------------


def test_agreeing_on_the_page_makes_the_agreement(login, personas, match):
    client = login(personas["social_worker"])
    when = (timezone.localtime() + datetime.timedelta(days=2)).replace(hour=14, minute=0, second=0, microsecond=0)
    r = client.post(f"{detail(match)}agree/", {"agree-terms": "每周三下午两点", "agree-scheduled_for": when.strftime("%Y-%m-%dT%H:%M")})
    assert r.status_code == 302 and r["Location"] == detail(match)
    match.refresh_from_db()
    assert match.state == "agreed" and match.terms == "每周三下午两点" and match.scheduled_for == when
    page = client.get(detail(match)).content.decode()
    assert 'id="match-terms"' in page and 'id="step-record"' in page and 'id="step-cancel"' in page


def test_agreeing_without_terms_shows_the_error_and_changes_nothing(login, personas, match):
    r = login(personas["social_worker"]).post(f"{detail(match)}agree/", {"agree-terms": ""}, **EN)
    assert r.status_code == 400 and b"errorlist" in r.content
    match.refresh_from_db()
    assert match.state == "proposed" and Resource.objects.get(pk=match.resource_id).committed == 0


def test_agreeing_when_no_service_is_left_says_why(login, personas, tree):
    m = talent_match(tree.D1, sessions=1)
    Resource.objects.filter(pk=m.resource_id).update(committed=1)
    r = login(personas["social_worker"]).post(f"{detail(m)}agree/", {"agree-terms": "约定"}, **EN)
    assert r.status_code == 400 and b"no service left this period" in r.content
    m.refresh_from_db()
    assert m.state == "proposed"


def test_a_space_is_agreed_with_one_of_its_free_slots(login, personas, tree):
    m = space_match(tree.D1)
    room = Resource.objects.get(pk=m.resource_id).space.room
    free, taken = make_slot(room=room, hours_from_now=30), make_slot(room=room, hours_from_now=50)
    taken.booked = 1
    taken.save()
    client = login(personas["social_worker"])
    page = client.get(detail(m)).content.decode()
    assert f'value="{free.pk}"' in page and f'value="{taken.pk}"' not in page
    r = client.post(f"{detail(m)}agree/", {"agree-terms": "议事会", "agree-slot": free.pk})
    assert r.status_code == 302
    m.refresh_from_db()
    assert m.booking.slot == free and m.booking.state == "booked" and m.scheduled_for == free.start
    assert b'id="match-booking"' in client.get(detail(m)).content


def test_declining_and_cancelling_need_a_reason(login, personas, tree, match):
    client = login(personas["social_worker"])
    assert client.post(f"{detail(match)}decline/", {"decline-note": ""}).status_code == 400
    assert client.post(f"{detail(match)}decline/", {"decline-note": "时间不合适"}).status_code == 302
    match.refresh_from_db()
    assert match.state == "declined"
    assert client.post(f"{detail(match)}cancel/", {"cancel-note": "x"}).status_code == 302  # not allowed now: a message, nothing changes
    match.refresh_from_db()
    assert match.state == "declined"
    other = talent_match(tree.D1, name="孙书法", title="另一个")
    agreed(other, personas["social_worker"])
    assert client.post(f"{detail(other)}cancel/", {"cancel-note": "达人生病"}).status_code == 302
    assert Resource.objects.get(pk=other.resource_id).committed == 0


def test_recording_the_service_with_both_ratings_shows_it_on_the_match_and_the_record_list(login, personas, match):
    agreed(match, personas["social_worker"])
    client = login(personas["social_worker"])
    body = {
        "record-served_on": timezone.localdate().isoformat(), "record-people_served": "16", "record-hours": "2",
        "record-summary": "楷书入门", "record-requester_rating": "5", "record-requester_comment": "老人们很满意",
        "record-provider_rating": "4", "record-provider_comment": "希望有投影仪",
    }  # fmt: skip
    assert client.post(f"{detail(match)}record/", body).status_code == 302
    rec = ServiceRecord.objects.get(match=match)
    assert (rec.people_served, rec.requester_rating, rec.provider_rating) == (16, 5, 4)
    page = client.get(detail(match)).content.decode()
    assert f'id="record-{rec.pk}"' in page and "老人们很满意" in page and "希望有投影仪" in page
    listing = client.get(f"{BASE}records/", **EN).content.decode()
    assert f'id="record-{rec.pk}"' in listing and "老人们很满意" in listing and 'aria-label="5 of 5 stars"' in listing


def test_a_record_dated_tomorrow_is_refused_on_the_page(login, personas, match):
    agreed(match, personas["social_worker"])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    r = login(personas["social_worker"]).post(f"{detail(match)}record/", {"record-served_on": tomorrow, "record-people_served": "3", "record-hours": "1"})
    assert r.status_code == 400 and not ServiceRecord.objects.exists()


def test_the_record_list_shows_the_average_ratings(login, personas, tree):
    served(talent_match(tree.D1, quick=True), personas["social_worker"], requester_rating=5, provider_rating=4)
    served(talent_match(tree.D1, quick=True, name="孙书法", title="另一个"), personas["social_worker"], requester_rating=3)
    page = login(personas["social_worker"]).get(f"{BASE}records/", **EN).content.decode()
    figures = page[page.index('id="record-figures"') : page.index('id="record-table"')]
    assert figures.count('<p class="stat">4.0</p>') == 2 and '<p class="stat">2</p>' in figures
    unrated = login(personas["social_worker"]).get(f"{BASE}records/", {"unrated": "on"}).content.decode()
    assert len(re.findall(r'id="record-\d+"', unrated)) == 1


def test_feedback_added_later_by_the_requesters_side(login, personas, match):
    rec = served(match, personas["social_worker"])
    client = login(personas["secretary"])
    r = client.post(f"{BASE}records/{rec.pk}/feedback/requester/", {f"fb{rec.pk}r-rating": "4", f"fb{rec.pk}r-comment": "不错"})
    assert r.status_code == 302 and r["Location"] == detail(match)
    rec.refresh_from_db()
    assert (rec.requester_rating, rec.requester_comment) == (4, "不错")
    assert login(personas["area_manager"]).post(f"{BASE}records/{rec.pk}/feedback/requester/", {f"fb{rec.pk}r-rating": "1"}).status_code == 403
    assert login(personas["outsider"]).post(f"{BASE}records/{rec.pk}/feedback/requester/", {f"fb{rec.pk}r-rating": "1"}).status_code == 404
    rec.refresh_from_db()
    assert rec.requester_rating == 4


# --- the talent's own page ------------------------------------------------------------------------------------


def test_a_talent_sees_their_matches_and_gives_the_providers_feedback(login, personas, match, talent_user):
    rec = served(match, personas["social_worker"])
    client = login(talent_user)
    page = client.get(f"{BASE}mine/").content.decode()
    assert f'id="my-match-{match.pk}"' in page and f'id="feedback-{rec.pk}-provider"' in page and f'id="feedback-{rec.pk}-requester"' not in page
    r = client.post(
        f"{BASE}records/{rec.pk}/feedback/provider/", {f"fb{rec.pk}p-rating": "5", f"fb{rec.pk}p-comment": "很开心", f"fb{rec.pk}p-next": f"{BASE}mine/"}
    )
    assert r.status_code == 302 and r["Location"] == f"{BASE}mine/"
    rec.refresh_from_db()
    assert (rec.provider_rating, rec.provider_comment) == (5, "很开心")
    assert client.post(f"{BASE}records/{rec.pk}/feedback/requester/", {f"fb{rec.pk}r-rating": "1"}).status_code == 403
    assert client.get(detail(match)).status_code == 200  # their own match's page
    assert client.post(f"{detail(match)}cancel/", {"cancel-note": "x"}).status_code == 403
    assert client.get(BASE).status_code == 403  # not the staff list


def test_the_my_services_page_is_empty_for_someone_who_is_not_a_talent(login, personas, match):
    page = login(personas["resident"]).get(f"{BASE}mine/")
    assert page.status_code == 200 and b'id="no-services"' in page.content


def test_anonymous_visitors_are_sent_to_sign_in(client, match):
    for url in (BASE, detail(match), f"{BASE}records/", f"{BASE}mine/"):
        assert client.get(url).status_code == 302


def test_a_redirect_after_feedback_stays_on_this_site(login, personas, match, talent_user):
    rec = served(match, personas["social_worker"])
    r = login(talent_user).post(f"{BASE}records/{rec.pk}/feedback/provider/", {f"fb{rec.pk}p-rating": "5", f"fb{rec.pk}p-next": "https://evil.example/"})
    assert r["Location"] == detail(match)
