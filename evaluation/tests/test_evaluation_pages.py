"""The evaluation's pages and API: staff see plans, periods, results, the computation, ranking and trend in
their scope; MANAGE_EVALUATION runs and publishes; residents see their estate's published scores only."""

import pytest
from django.urls import reverse

from evaluation.models import Period, PeriodState, Result
from evaluation.services import period_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(period):
    return period_run(period=period)


def test_staff_see_the_plans_results_ranking_trend_and_computation(login, personas, computed, tree):
    client = login(personas["subdistrict_admin"])
    result = Result.objects.get(period=computed, estate=tree.D2)
    for url in (
        reverse("evaluation:plan-list"),
        reverse("evaluation:plan-detail", args=[computed.plan_id]),
        reverse("evaluation:period-list"),
        reverse("evaluation:period-detail", args=[computed.pk]),
        reverse("evaluation:result-list"),
        reverse("evaluation:ranking"),
        reverse("evaluation:trend"),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("evaluation:result-detail", args=[result.pk])).content.decode()
    assert "物业案件按时办结率" in page and "30.00" in page and "5.36" in page
    ranking = client.get(reverse("evaluation:ranking")).content.decode()
    assert 'id="ranking-data"' in ranking and "白云居民区" in ranking


def test_a_district_secretary_sees_only_their_estates_results_and_cannot_run(login, personas, computed, tree):
    client = login(personas["secretary"])
    page = client.get(reverse("evaluation:result-list")).content.decode()
    assert "白云居民区" in page and "蓝天居民区" not in page
    other = Result.objects.get(period=computed, estate=tree.D2)
    assert client.get(reverse("evaluation:result-detail", args=[other.pk])).status_code == 404
    assert client.post(reverse("evaluation:period-run", args=[computed.pk])).status_code == 404  # the subdistrict's period is outside


def test_the_manager_runs_and_exports_on_the_page(login, personas, period):
    client = login(personas["subdistrict_admin"])
    assert client.post(reverse("evaluation:period-run", args=[period.pk])).status_code == 302
    period.refresh_from_db()
    assert period.state == PeriodState.COMPUTED and period.results.count() == 2
    export = client.post(reverse("evaluation:period-export", args=[period.pk]))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_residents_see_their_estates_published_scores_only(login, personas, people, computed):
    people["zsf"].user = personas["resident"]
    people["zsf"].save(update_fields=["user"])
    client = login(personas["resident"])
    assert "上海中山物业" not in client.get(reverse("evaluation:mine")).content.decode()  # not published yet
    Period.objects.filter(pk=computed.pk).update(state=PeriodState.PUBLISHED)
    page = client.get(reverse("evaluation:mine")).content.decode()
    assert "上海中山物业管理有限公司" in page and "87.50" in page and "松江绿城" not in page
    assert client.get(reverse("evaluation:result-list")).status_code == 403


def test_the_api_gives_results_with_their_computation_and_runs_for_managers(api, personas, period):
    admin, secretary = api(personas["subdistrict_admin"]), api(personas["secretary"])
    assert secretary.post(f"/api/evaluation-periods/{period.pk}/run/").status_code == 404
    assert api(personas["area_manager"]).post(f"/api/evaluation-periods/{period.pk}/run/").status_code in (403, 404)
    assert admin.post(f"/api/evaluation-periods/{period.pk}/run/").json()["state"] == "computed"
    rows = admin.get(f"/api/evaluation-results/?period={period.pk}").json()["results"]
    assert [r["rank"] for r in rows] == [1, 2] and len(rows[0]["values"]) == 6
    assert len(secretary.get("/api/evaluation-results/").json()["results"]) == 1
    plans = admin.get("/api/evaluation-plans/").json()
    assert {p["code"] for p in (plans["results"] if isinstance(plans, dict) else plans)} == {"property", "supervision", "red_property"}
    assert api(personas["resident"]).get("/api/evaluation-plans/").status_code == 403


def test_a_representative_rates_on_the_page_and_a_bad_rating_is_refused_in_chinese(login, personas, period, quarter, tree):
    from accounts.services import role_assign
    from evaluation.models import Rating

    rep = personas["volunteer"]
    role_assign(user=rep, role="representative", unit=tree.D1)
    client = login(rep)
    page = client.get(reverse("evaluation:rate")).content.decode()
    assert "上海中山物业管理有限公司" in page and "松江绿城" not in page
    data = {"period": period.pk, "estate": tree.D1.pk, "organisation": quarter["a"].pk, "score": "4"}
    assert client.post(reverse("evaluation:rate"), data).status_code == 302
    assert Rating.objects.get(rater=rep).score == 4
    refused = client.post(reverse("evaluation:rate"), data | {"score": "9"}, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "请给出1到5之间的评分" in refused and Rating.objects.get(rater=rep).score == 4
    other = login(personas["outsider"]).post(reverse("evaluation:rate"), data, follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "只有本居民区议事会成员和居民代表可以在此评分" in other and Rating.objects.count() == 1


def test_the_manager_opens_a_period_and_sees_it_waiting_to_be_published(login, personas, tree):
    from evaluation.models import Plan
    from evaluation.work import ITEMS

    client = login(personas["subdistrict_admin"])
    plan = Plan.objects.get(code="property")
    response = client.post(reverse("evaluation:period-open"), {"plan": plan.pk, "unit": tree.S.pk, "year": 2026, "quarter": 2})
    period = Period.objects.get(plan=plan, year=2026, quarter=2)
    assert response.url == reverse("evaluation:period-detail", args=[period.pk])
    period_run(period=period)
    assert ITEMS[0].count(personas["subdistrict_admin"], None) == 1 and ITEMS[0].count(personas["secretary"], None) == 0
    assert "2026Q2" in client.get(reverse("evaluation:period-list"), {"state": "computed"}).content.decode()
