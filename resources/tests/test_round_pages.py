"""Round pages (/resources/rounds/): the list in the user's scope, running a round, the side-by-side
page, applying; 404 outside the scope, 403 without the right."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from resources.models import Match, MatchRound
from resources.services.rounds import round_run
from resources.tests.builders.rounds import greedy_trap, make_round

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_list_shows_the_rounds_in_the_users_scope_only(login, personas, tree):
    mine, theirs = make_round(tree.D1, name="白云第一轮"), make_round(tree.D2, name="蓝天第一轮")
    page = login(personas["secretary"]).get("/resources/rounds/")
    assert page.status_code == 200
    assert f'id="round-{mine.pk}"' in page.text and f'id="round-{theirs.pk}"' not in page.text
    assert 'id="run-round"' in page.text  # the secretary runs rounds
    page = login(personas["area_manager"]).get("/resources/rounds/", {"q": "白云"})
    assert f'id="round-{mine.pk}"' in page.text and 'id="run-round"' not in page.text  # the area manager only looks


def test_people_without_the_resource_view_are_refused(login, personas):
    assert login(personas["resident"]).get("/resources/rounds/").status_code == 403
    assert login(personas["grid_worker"]).get("/resources/rounds/new/").status_code == 403  # sees, does not match


def test_the_list_makes_the_same_queries_for_more_rounds(login, personas, tree, django_assert_max_num_queries):
    client = login(personas["subdistrict_admin"])
    make_round(tree.D1, created_by=personas["secretary"])
    client.get("/resources/rounds/")
    with CaptureQueriesContext(connection) as few:
        client.get("/resources/rounds/")
    for i in range(12):
        make_round(tree.D2 if i % 2 else tree.D1, name=f"第{i}轮", created_by=personas["subdistrict_admin" if i % 3 else "social_worker"])
    with django_assert_max_num_queries(len(few)):
        page = client.get("/resources/rounds/")
    assert page.text.count('<tr id="round-') == 13


def test_running_a_round_from_the_form_opens_it_side_by_side(login, personas, tree):
    w = greedy_trap(tree)
    client = login(personas["secretary"])
    form = client.get("/resources/rounds/new/", **EN)
    assert form.status_code == 200 and 'id="round-running"' in form.text and "resources/rounds.js" in form.text
    assert f'value="{tree.D1.pk}"' in form.text and f'value="{tree.D2.pk}"' not in form.text  # only where the user matches
    page = client.post("/resources/rounds/new/", {"name": "第一轮", "unit": tree.D1.pk}, follow=True, **EN)
    r = MatchRound.objects.get()
    assert page.redirect_chain[-1][0] == f"/resources/rounds/{r.pk}/"
    assert "The round is done: 2 of 2 needs assigned (optimal), 1 greedily." in page.text
    assert "The optimal total is 71.2% above the greedy one." in page.text and "The two differ for 2 needs." in page.text
    row = page.text.split(f'id="need-{w.repair.pk}"')[1].split("</tr>")[0]
    assert "<mark>钱师傅</mark>" in row and "none" in row  # the optimum gives him to the repair; greedy gives it nobody
    assert 'id="apply-round"' in page.text


def test_bad_input_is_refused_with_a_message_and_nothing_is_run(login, personas, tree):
    client = login(personas["secretary"])
    page = client.post("/resources/rounds/new/", {"name": "", "unit": tree.D2.pk}, **EN)
    assert page.status_code == 400 and "This field is required." in page.text and "Select a valid choice." in page.text
    assert not MatchRound.objects.exists()


def test_only_differences_can_be_shown_and_rows_are_paged(login, personas, tree):
    w = greedy_trap(tree)
    r = round_run(tree.D1, personas["secretary"], "第一轮")
    r.optimal.append([w.calligraphy.pk + 1000, w.sun.pk, 0.5])  # a need both assign alike (a need since deleted shows its id)
    r.greedy.append([w.calligraphy.pk + 1000, w.sun.pk, 0.5])
    r.save()
    client = login(personas["social_worker"])
    everything = client.get(f"/resources/rounds/{r.pk}/")
    assert everything.text.count('<tr id="need-') == 3
    only = client.get(f"/resources/rounds/{r.pk}/", {"diff": "1"})
    assert only.text.count('<tr id="need-') == 2 and f"#{w.calligraphy.pk + 1000}" not in only.text


def test_applying_from_the_page_proposes_the_matches_and_a_second_time_is_refused(login, personas, tree):
    greedy_trap(tree)
    r = round_run(tree.D1, personas["secretary"], "第一轮")
    client = login(personas["social_worker"])
    page = client.post(f"/resources/rounds/{r.pk}/apply/", follow=True, **EN)
    assert "2 matches proposed; 0 already proposed or agreed, 0 no longer possible (skipped)." in page.text
    assert 'id="applied"' in page.text and 'id="apply-round"' not in page.text
    page = client.post(f"/resources/rounds/{r.pk}/apply/", follow=True, **EN)
    assert "This round was already applied" in page.text
    assert Match.objects.filter(round=r).count() == 2


def test_rounds_elsewhere_are_not_found_and_viewers_cannot_apply(login, personas, tree):
    d1, d2 = make_round(tree.D1), make_round(tree.D2)
    secretary = login(personas["secretary"])
    assert secretary.get(f"/resources/rounds/{d2.pk}/").status_code == 404
    assert secretary.post(f"/resources/rounds/{d2.pk}/apply/").status_code == 404
    viewer = login(personas["area_manager"])
    assert viewer.get(f"/resources/rounds/{d1.pk}/").status_code == 200
    assert viewer.post(f"/resources/rounds/{d1.pk}/apply/").status_code == 403
    d1.refresh_from_db()
    assert d1.applied_at is None
