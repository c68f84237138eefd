"""After a proposal (resources/services/matches.py): agreements take a service of the resource by the
database's guarantee, declining and cancelling, the service record and both sides' feedback; every refusal
changes nothing."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import override

from core.testing import make_user
from core.workflow import IllegalTransition
from doorstep.models import Booking, Slot
from doorstep.tests.builders.bookings import make_slot
from notices.models import Notice
from resources.models import Match, Need, Resource, ServiceRecord, Talent
from resources.services.matches import match_agree, match_cancel, match_decline, provider_feedback, record_service, requester_feedback
from resources.tests.builders import make_need
from resources.tests.builders.matches import agreed, propose, served, space_match, talent_match

pytestmark = pytest.mark.django_db
ON_SQLITE = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def res(match) -> Resource:
    return Resource.objects.get(pk=match.resource_id)


def need_state(match) -> str:
    return Need.objects.get(pk=match.need_id).state


def actions(match) -> list[str]:
    return list(match.transitions.order_by("at", "id").values_list("action", flat=True))


# --- agree ---------------------------------------------------------------------------------------------


def test_agreeing_takes_one_service_of_the_resource_and_matches_the_need(tree, personas):
    m = talent_match(tree.D1)
    when = timezone.now() + datetime.timedelta(days=3)
    match_agree(m, personas["social_worker"], terms="每周三下午，活动室", scheduled_for=when)
    m.refresh_from_db()
    assert (m.state, m.terms, m.scheduled_for, m.agreed_at is not None) == ("agreed", "每周三下午，活动室", when, True)
    assert res(m).committed == 1
    assert need_state(m) == "matched"
    assert actions(m) == ["create", "agree"]


def test_a_second_agreement_for_a_need_already_matched_keeps_it_matched(tree, personas):
    m = talent_match(tree.D1)
    agreed(m, personas["social_worker"])
    other = propose(Need.objects.get(pk=m.need_id), talent_match(tree.D1, name="孙书法", title="另一个").resource, quick=True)
    agreed(other, personas["social_worker"])
    assert need_state(m) == "matched" and Match.objects.filter(need_id=m.need_id, state="agreed").count() == 2


def test_no_service_left_is_refused_and_nothing_changes(tree, personas):
    m = talent_match(tree.D1, sessions=1)
    agreed(m, personas["social_worker"])
    second = propose(make_need(tree.D1, title="第二个书法班"), m.resource, quick=True)
    with pytest.raises(ValidationError) as e:
        agreed(second, personas["social_worker"])
    assert e.value.code == "full"
    assert second.state == "proposed"  # the object in memory too
    second.refresh_from_db()
    assert second.state == "proposed" and second.terms == "" and actions(second) == ["create"]
    assert res(m).committed == 1 and need_state(second) == "open"


def test_the_refusal_reads_in_english_for_english_users(tree, personas):
    m = talent_match(tree.D1, sessions=1)
    agreed(m, personas["social_worker"])
    second = propose(make_need(tree.D1, title="第二个"), m.resource, quick=True)
    with override("en"), pytest.raises(ValidationError) as e:
        agreed(second, personas["social_worker"])
    assert "no service left this period" in e.value.messages[0] and "Nothing was changed" in e.value.messages[0]


def test_the_database_refuses_more_agreed_services_than_the_resource_offers(tree):
    m = talent_match(tree.D1, sessions=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Resource.objects.filter(pk=m.resource_id).update(committed=F("capacity_per_period") + 1)


def test_terms_are_required_and_a_match_is_agreed_only_once(tree, personas):
    m = talent_match(tree.D1)
    with pytest.raises(ValidationError) as e:
        match_agree(m, personas["social_worker"], terms="  ")
    assert "terms" in e.value.message_dict
    agreed(m, personas["social_worker"])
    with pytest.raises(IllegalTransition):
        agreed(m, personas["social_worker"])
    assert res(m).committed == 1


def test_a_cancelled_need_cannot_be_agreed(tree, personas):
    m = talent_match(tree.D1)
    Need.objects.filter(pk=m.need_id).update(state="cancelled")
    with pytest.raises(ValidationError):
        agreed(m, personas["social_worker"])
    m.refresh_from_db()
    assert m.state == "proposed" and res(m).committed == 0


def test_the_talent_with_an_account_is_told_of_the_agreement(tree, personas):
    talent_user = make_user("qian")
    m = talent_match(tree.D1)
    Talent.objects.filter(resource__pk=m.resource_id).update(user=talent_user)
    agreed(m, personas["social_worker"])
    notice = Notice.objects.get(user=talent_user)
    assert "老年书法班" in notice.title and notice.url.endswith("/resources/needs/matches/mine/")


# --- a shared space: its slot booked through the booking engine ----------------------------------------------


def test_agreeing_a_space_with_a_slot_books_it_for_the_user(tree, personas):
    m = space_match(tree.D1)
    slot = make_slot(room=res(m).space.room)
    match_agree(m, personas["social_worker"], terms="议事会", slot=slot)
    m.refresh_from_db()
    assert m.booking.state == "booked" and m.booking.user == personas["social_worker"] and m.booking.party_size == 12
    assert m.scheduled_for == slot.start
    assert Slot.objects.get(pk=slot.pk).booked == 1 and res(m).committed == 1


def test_a_slot_just_taken_refuses_the_agreement_and_nothing_is_written(tree, personas):
    m = space_match(tree.D1)
    slot = make_slot(room=res(m).space.room)
    Slot.objects.filter(pk=slot.pk).update(booked=1)  # someone else took it meanwhile
    with pytest.raises(ValidationError) as e:
        match_agree(m, personas["social_worker"], terms="议事会", slot=slot)
    assert "slot" in e.value.message_dict
    m.refresh_from_db()
    assert m.state == "proposed" and m.booking is None
    assert res(m).committed == 0 and not Booking.objects.exists() and need_state(m) == "open"


def test_a_slot_of_another_room_is_refused(tree, personas):
    m = space_match(tree.D1)
    other = space_match(tree.D1, title="另一个")
    slot = make_slot(room=res(other).space.room)
    with pytest.raises(ValidationError):
        match_agree(m, personas["social_worker"], terms="议事会", slot=slot)
    assert not Booking.objects.exists() and res(m).committed == 0


def test_cancelling_an_agreed_space_cancels_its_booking(tree, personas):
    m = space_match(tree.D1)
    slot = make_slot(room=res(m).space.room)
    match_agree(m, personas["social_worker"], terms="议事会", slot=slot)
    match_cancel(m, personas["social_worker"], note="改期")
    m.refresh_from_db()
    assert m.booking.state == "cancelled" and Slot.objects.get(pk=slot.pk).booked == 0


# --- decline, cancel -------------------------------------------------------------------------------------------


def test_declining_a_proposal_keeps_the_need_open_and_counts_nothing(tree, personas):
    m = talent_match(tree.D1)
    match_decline(m, personas["social_worker"], note="时间不合适")
    m.refresh_from_db()
    assert m.state == "declined" and need_state(m) == "open" and res(m).committed == 0
    with pytest.raises(IllegalTransition):
        agreed(m, personas["social_worker"])


def test_cancelling_an_agreement_gives_the_service_back_and_reopens_the_need(tree, personas):
    m = talent_match(tree.D1, sessions=1)
    agreed(m, personas["social_worker"])
    match_cancel(m, personas["social_worker"], note="达人生病")
    m.refresh_from_db()
    assert m.state == "cancelled" and res(m).committed == 0 and need_state(m) == "open"
    again = propose(Need.objects.get(pk=m.need_id), m.resource, quick=True)  # its place is free again
    agreed(again, personas["social_worker"])
    assert res(m).committed == 1


def test_cancelling_one_of_two_agreements_leaves_the_need_matched(tree, personas):
    m = talent_match(tree.D1)
    agreed(m, personas["social_worker"])
    other = propose(Need.objects.get(pk=m.need_id), talent_match(tree.D1, name="孙书法", title="另一个").resource, quick=True)
    agreed(other, personas["social_worker"])
    match_cancel(m, personas["social_worker"], note="换人")
    assert need_state(m) == "matched"


def test_cancelling_a_proposal_gives_nothing_back(tree, personas):
    m = talent_match(tree.D1)
    match_cancel(m, personas["social_worker"], note="不需要了")
    assert res(m).committed == 0 and need_state(m) == "open"


# --- the service record and feedback -----------------------------------------------------------------------------


def test_recording_the_service_moves_the_counters_and_the_states(tree, personas):
    m = talent_match(tree.D1)
    agreed(m, personas["social_worker"])
    rec = record_service(
        m, personas["social_worker"], served_on=timezone.localdate(), people_served=18, hours="2.5", summary="教了楷书",
        requester_rating=5, requester_comment="老人们很喜欢", provider_rating=4, provider_comment="场地略小",
    )  # fmt: skip
    m.refresh_from_db()
    assert m.state == "served" and need_state(m) == "served"
    r = res(m)
    assert (r.committed, r.served) == (0, 1)
    assert (rec.people_served, str(rec.hours), rec.requester_rating, rec.provider_rating, rec.unit_path) == (18, "2.5", 5, 4, m.unit_path)
    assert rec.recorded_by == personas["social_worker"]
    assert actions(m) == ["create", "agree", "serve"]


def test_a_bad_record_is_refused_field_by_field_and_nothing_is_written(tree, personas):
    m = talent_match(tree.D1)
    agreed(m, personas["social_worker"])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as e:
        record_service(m, personas["social_worker"], served_on=tomorrow, people_served=-1, hours="0", requester_rating=6, provider_rating="x")
    assert set(e.value.message_dict) == {"served_on", "people_served", "hours", "requester_rating", "provider_rating"}
    m.refresh_from_db()
    assert m.state == "agreed" and not ServiceRecord.objects.exists() and res(m).committed == 1 and need_state(m) == "matched"


def test_a_proposal_not_agreed_cannot_be_recorded(tree, personas):
    m = talent_match(tree.D1)
    with pytest.raises(IllegalTransition):
        record_service(m, personas["social_worker"], served_on=timezone.localdate(), people_served=5)
    assert not ServiceRecord.objects.exists() and res(m).served == 0


def test_each_side_gives_feedback_later_and_it_joins_the_timeline(tree, personas):
    m = talent_match(tree.D1)
    rec = served(m, personas["social_worker"])
    assert rec.requester_rating is None and rec.provider_rating is None
    requester_feedback(rec, personas["secretary"], 5, "很好")
    provider_feedback(rec, personas["social_worker"], "3", "人太多")
    rec.refresh_from_db()
    assert (rec.requester_rating, rec.requester_comment, rec.provider_rating, rec.provider_comment) == (5, "很好", 3, "人太多")
    assert actions(m)[-2:] == ["requester_feedback", "provider_feedback"]


def test_the_talent_gives_the_providers_feedback_but_not_the_requesters(tree, personas):
    talent_user = make_user("qian")
    m = talent_match(tree.D1)
    Talent.objects.filter(resource__pk=m.resource_id).update(user=talent_user)
    rec = served(m, personas["social_worker"])
    provider_feedback(rec, talent_user, 5, "大家学得认真")
    with pytest.raises(PermissionDenied):
        requester_feedback(rec, talent_user, 1, "")
    for outsider in (personas["outsider"], personas["grid_worker"], personas["area_manager"]):
        with pytest.raises(PermissionDenied):
            provider_feedback(rec, outsider, 1, "")
    rec.refresh_from_db()
    assert (rec.provider_rating, rec.requester_rating) == (5, None)


@pytest.mark.parametrize("rating", [0, 6, None, "", "five"])
def test_a_rating_outside_one_to_five_is_refused(tree, personas, rating):
    rec = served(talent_match(tree.D1), personas["social_worker"])
    with pytest.raises(ValidationError):
        requester_feedback(rec, personas["social_worker"], rating, "")
    rec.refresh_from_db()
    assert rec.requester_rating is None


# --- two agreements at once (PostgreSQL: real concurrent connections) ---------------------------------------------


@pytest.mark.skipif(
    ON_SQLITE, reason="the in-memory SQLite test database cannot be shared by threads; SQLite's IMMEDIATE transactions serialise writers anyway"
)
@pytest.mark.django_db(transaction=True)
def test_two_agreements_racing_for_the_last_service_exactly_one_wins(tree, personas):
    first = talent_match(tree.D1, sessions=1, quick=True)
    second = propose(make_need(tree.D1, title="第二个书法班"), first.resource, quick=True)
    start = threading.Barrier(2)
    results = []

    def attempt(match_id):
        try:
            start.wait()
            match_agree(Match.objects.get(pk=match_id), personas["social_worker"], terms="同时")
            results.append("agreed")
        except ValidationError as e:
            results.append(e.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(m.pk,)) for m in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["agreed", "full"]
    assert res(first).committed == 1
    assert Match.objects.filter(pk__in=[first.pk, second.pk], state="agreed").count() == 1
