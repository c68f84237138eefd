"""The need pages: the list and its counts, entering a need on a form, a need's page with its ranked
suggestions and the reasons, confirming one, cancelling, needs from a survey; scope and rights."""

import datetime
import re

import pytest
from django.urls import reverse

from resources.models import Match, MatchState, Need, NeedSource, NeedState
from resources.tests.builders import D2_AT, make_need, make_org, make_project, make_space, make_talent, types
from resources.tests.builders.needs import bulk_resources, closed_survey

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def form_data(tree, **kw):
    data = {
        "title": "老年书法班", "unit": tree.D1.pk, "source": "residents", "requester": "3号楼书法爱好者",
        "types": [str(t.pk) for t in types("shuhua", "meeting")], "people": "20", "budget": "",
        "start_date": "2030-03-01", "end_date": "2030-04-30", "hours_2": "14:00-16:00", "place": "", "lat": "", "lng": "",
    }  # fmt: skip
    return {**data, **kw}


def test_a_social_worker_enters_a_need_on_the_form_and_lands_on_its_suggestions(login, personas, tree):
    talent = make_talent(tree.D1, name="钱书法")
    client = login(personas["social_worker"])
    page = client.get(reverse("resources:need-create"))
    assert page.status_code == 200 and 'name="types"' in page.content.decode()
    r = client.post(reverse("resources:need-create"), form_data(tree))
    need = Need.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("resources:need-detail", args=[need.pk])
    assert (need.source, need.requester, need.people, need.time_windows) == (NeedSource.RESIDENTS, "3号楼书法爱好者", 20, {"2": [["14:00", "16:00"]]})
    assert {t.code for t in need.types.all()} == {"shuhua", "meeting"}
    detail = client.get(r["Location"], **EN).content.decode()
    assert f'id="suggestion-{talent.resource.pk}"' in detail
    assert "钱书法" in detail and "Offers Calligraphy and painting, as asked." in detail and "<meter" in detail


def test_bad_form_input_shows_the_errors_and_writes_nothing(login, personas, tree):
    client = login(personas["social_worker"])
    r = client.post(reverse("resources:need-create"), form_data(tree, types=[], hours_2="16:00-14:00", end_date="2030-01-01"), **EN)
    body = r.content.decode()
    assert r.status_code == 400 and not Need.objects.exists()
    assert "This field is required." in body and "A period must end after it starts" in body and "The last day must not be before the first." in body


def test_the_district_choice_offers_only_districts_where_the_person_matches(login, personas, tree):
    r = login(personas["social_worker"]).post(reverse("resources:need-create"), form_data(tree, unit=tree.D2.pk))
    assert r.status_code == 400 and not Need.objects.exists()
    assert login(personas["area_manager"]).get(reverse("resources:need-create")).status_code == 403  # views, does not match
    assert login(personas["resident"]).get(reverse("resources:need-create")).status_code == 403


def test_the_need_page_shows_three_sections_with_scores_bars_and_reasons(login, personas, tree):
    need = make_need(tree.D1, need_types=("shuhua", "meeting", "elderly"), people=20)
    near = make_talent(tree.D1, name="钱书法")
    other = make_talent(tree.D2, name="孙舞蹈", skills=("dance",), at=D2_AT)
    make_space(tree.D1, name="税务局会议室")
    make_project(make_org(tree.S), name="银龄讲座")
    body = login(personas["secretary"]).get(reverse("resources:need-detail", args=[need.pk]), **EN).content.decode()
    sections = re.findall(r'<section class="suggestions" id="sugg-(\w+)"', body)
    assert sections == ["talent", "space", "project"]
    assert body.index("钱书法") < body.index("孙舞蹈") < body.index("税务局会议室") < body.index("银龄讲座")
    assert body.count('class="confirm"') == 4 and "related to" in body and "Not asked in the last 90 days." in body
    assert reverse("resources:talent-detail", args=[near.pk]) in body
    assert reverse("resources:talent-detail", args=[other.pk]) not in body  # in D2: the secretary of D1 could not open it


def test_confirming_a_suggestion_proposes_it_with_its_score_and_reasons(login, personas, tree):
    need = make_need(tree.D1)
    talent = make_talent(tree.D1)
    client = login(personas["social_worker"])
    r = client.post(reverse("resources:need-propose", args=[need.pk]), {"resource": talent.resource.pk, "score": "99"})
    match = Match.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("resources:match-detail", args=[match.pk])
    assert (match.need, match.resource, match.state, match.created_by) == (need, talent.resource, MatchState.PROPOSED, personas["social_worker"])
    assert 0 < match.score <= 1 and any(x["factor"] == "type" for x in match.reasons)  # scored afresh, not the posted 99
    page = client.get(reverse("resources:need-detail", args=[need.pk])).content.decode()
    assert f'data-match="{match.pk}"' in page and f'id="suggestion-{talent.resource.pk}"' not in page
    again = client.post(reverse("resources:need-propose", args=[need.pk]), {"resource": talent.resource.pk}, follow=True, **EN)
    assert Match.objects.count() == 1 and "already proposed" in again.content.decode()


def test_a_resource_that_does_not_fit_is_refused_with_the_reason(login, personas, tree):
    need = make_need(tree.D1)
    far = make_talent(tree.D2, at=D2_AT, reach_m=500)
    r = login(personas["social_worker"]).post(reverse("resources:need-propose", args=[need.pk]), {"resource": far.resource.pk}, follow=True, **EN)
    assert not Match.objects.exists() and "Too far" in r.content.decode()


def test_only_matchers_in_scope_confirm_or_cancel(login, personas, tree):
    need = make_need(tree.D1)
    talent = make_talent(tree.D1)
    propose = reverse("resources:need-propose", args=[need.pk])
    assert login(personas["area_manager"]).post(propose, {"resource": talent.resource.pk}).status_code == 403
    assert login(personas["grid_worker"]).post(propose, {"resource": talent.resource.pk}).status_code == 404
    assert login(personas["area_manager"]).post(reverse("resources:need-cancel", args=[need.pk]), {"note": "x"}).status_code == 403
    assert not Match.objects.exists()
    page = login(personas["area_manager"]).get(reverse("resources:need-detail", args=[need.pk])).content.decode()
    assert "钱书法" in page and 'class="confirm"' not in page  # sees the suggestions, cannot confirm


def test_a_need_in_another_district_is_not_found(login, personas, tree):
    need = make_need(tree.D2)
    client = login(personas["social_worker"])
    for name in ("need-detail", "need-edit"):
        assert client.get(reverse(f"resources:{name}", args=[need.pk])).status_code == 404
    assert login(personas["subdistrict_admin"]).get(reverse("resources:need-detail", args=[need.pk])).status_code == 200
    assert login(personas["resident"]).get(reverse("resources:need-list")).status_code == 403


def test_editing_and_cancelling_a_need_from_its_page(login, personas, tree):
    need = make_need(tree.D1, requester="老年协会")
    need.time_windows = {}
    need.save(update_fields=["time_windows"])
    client = login(personas["social_worker"])
    form = client.get(reverse("resources:need-edit", args=[need.pk]))
    assert form.status_code == 200 and "老年协会" in form.content.decode()
    data = form_data(tree, title="书法进阶班", types=[str(t.pk) for t in types("shuhua")], people="15", hours_2="")
    assert client.post(reverse("resources:need-edit", args=[need.pk]), data).status_code == 302
    need.refresh_from_db()
    assert (need.title, need.people, need.time_windows) == ("书法进阶班", 15, {})
    assert client.post(reverse("resources:need-cancel", args=[need.pk]), {"note": "人数不足"}).status_code == 302
    need.refresh_from_db()
    assert need.state == NeedState.CANCELLED
    page = client.get(reverse("resources:need-detail", args=[need.pk])).content.decode()
    assert 'id="suggestions"' not in page and "人数不足" in page and 'id="edit-need"' not in page


def test_the_list_filters_and_counts_by_state(login, personas, tree):
    make_need(tree.D1, title="书法班")
    make_need(tree.D1, title="会议场地", need_types=("meeting",), state=NeedState.CANCELLED)
    make_need(tree.D2, title="蓝天舞蹈", need_types=("dance",))
    client = login(personas["social_worker"])
    body = client.get(reverse("resources:need-list")).content.decode()
    assert "书法班" in body and "会议场地" in body and "蓝天舞蹈" not in body
    assert 'data-state="open" data-count="1"' in body and 'data-state="cancelled" data-count="1"' in body
    body = client.get(reverse("resources:need-list"), {"state": "open"}).content.decode()
    assert "书法班" in body and "会议场地" not in body
    meeting = types("meeting")[0].pk
    body = client.get(reverse("resources:need-list"), {"type": meeting}).content.decode()
    assert "会议场地" in body and "书法班" not in body
    assert 'data-state="open" data-count="0"' in body  # counts follow the other filters


def test_needs_from_a_survey_through_the_page(login, personas, tree):
    survey, question = closed_survey(tree.D1, [[0, 2]] * 3 + [[1]])
    client = login(personas["social_worker"])
    page = client.get(reverse("resources:need-from-survey")).content.decode()
    assert question.text in page
    r = client.post(reverse("resources:need-from-survey"), {"question": question.pk, "min_percent": 50, "min_count": 2, "start_date": "2030-05-01"})
    assert r.status_code == 302 and f"survey={survey.pk}" in r["Location"]
    assert set(Need.objects.values_list("title", flat=True)) == {"手工", "健康讲座"}
    assert Need.objects.filter(start_date=datetime.date(2030, 5, 1), end_date=datetime.date(2030, 7, 30)).count() == 2
    listed = client.get(r["Location"]).content.decode()
    assert "手工" in listed and 'id="from-survey"' in listed


def test_the_list_and_the_need_page_keep_their_query_counts_as_data_grows(login, personas, tree, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas["social_worker"])
    need = make_need(tree.D1, need_types=("shuhua", "meeting", "elderly"))
    bulk_resources(tree.D1, 30, seed=5)
    counts = {}
    for url in (reverse("resources:need-list"), reverse("resources:need-detail", args=[need.pk])):
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        counts[url] = len(small.captured_queries)
    for i in range(15):
        make_need(tree.D1, title=f"需求{i}", need_types=("dance", "sports"))
    bulk_resources(tree.D1, 600, seed=6, org_name="第二基金会")
    for url, n in counts.items():
        with django_assert_max_num_queries(n):
            assert client.get(url).status_code == 200
