"""The case indicators dashboard (/cases/dashboard/) and API (/api/case-indicators/): scoped, validated."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import translation

from cases.models import Rating
from cases.tests.test_indicators import closed_case
from core.testing import FIXED_TODAY

TODAY = FIXED_TODAY
pytestmark = pytest.mark.usefixtures("fixed_clock")  # "today" is FIXED_TODAY however long the run
URL = "/cases/dashboard/"
API = "/api/case-indicators/"


@pytest.fixture
def counted(grids, personas, categories):
    closed_case(personas, categories, rating=Rating.BASIC)
    closed_case(personas, categories, rating=Rating.UNSATISFIED)
    return grids


def test_the_dashboard_is_named_cases_dashboard():
    assert reverse("cases:dashboard") == URL


def test_a_subdistrict_admin_sees_the_headline_figures_and_a_row_per_area(login, personas, counted, django_assert_max_num_queries):
    client = login(personas["subdistrict_admin"])
    with translation.override("en"), django_assert_max_num_queries(20):
        r = client.get(URL, {"unit": counted.S.pk, "from": TODAY.isoformat(), "to": TODAY.isoformat()}, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    totals = r.context["result"].totals
    assert (totals.reported, totals.closed, totals.rated, totals.satisfied) == (2, 2, 2, 1)
    assert [u.code for u, _ in r.context["children"]] == ["TA1", "TA2"]
    assert r.context["totals"]["satisfaction_rate"].startswith("50")
    html = r.content.decode()
    assert 'id="dash-trend-chart"' in html and "vendor/echarts/echarts.min.js" in html and 'id="fn-on-time"' in html
    chart = json.loads(html.split('<script id="dash-data" type="application/json">')[1].split("</script>")[0])
    assert chart["reported"][-1] == 2 and chart["months"][-1] == f"{TODAY:%Y-%m}"


def test_by_default_it_shows_the_top_unit_of_the_scope_over_the_last_twelve_months(login, personas, counted):
    r = login(personas["area_manager"]).get(URL)
    assert r.status_code == 200
    assert r.context["unit"] == counted.A1 and len(r.context["months"]) == 12 and r.context["end"] == TODAY
    assert r.context["result"].totals.reported == 2


def test_a_grid_worker_picks_only_units_in_their_grid(login, personas, counted):
    r = login(personas["grid_worker"]).get(URL)
    assert [u.code for u, _ in r.context["unit_options"]] == ["TG1"]


def test_a_unit_outside_the_scope_is_not_found(login, personas, counted):
    assert login(personas["area_manager"]).get(URL, {"unit": counted.A2.pk}).status_code == 404
    assert login(personas["area_manager"]).get(URL, {"unit": 99999999}).status_code == 404


@pytest.mark.parametrize("who", ["resident", "outsider", "volunteer"])
def test_people_without_the_right_to_see_cases_are_refused(login, personas, counted, who):
    assert login(personas[who]).get(URL).status_code == 403


def test_bad_dates_are_a_clear_error_and_no_figures(login, personas, counted):
    client = login(personas["subdistrict_admin"])
    with translation.override("en"):
        r = client.get(URL, {"from": "2025-02-01", "to": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400 and r.context.get("result") is None
        assert "The end date must not be before the start date." in r.content.decode()
        r = client.get(URL, {"from": "01/02/2025"}, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400 and "Enter a valid date." in r.content.decode()


def test_the_api_gives_the_same_figures_with_the_monthly_series(api, personas, counted, django_assert_max_num_queries):
    client = api(personas["subdistrict_admin"])
    with django_assert_max_num_queries(12):
        r = client.get(API, {"unit": counted.S.pk, "from": TODAY.replace(day=1).isoformat(), "to": TODAY.isoformat(), "by": ["month", "category", "unit"]})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["unit"]["id"] == counted.S.pk and body["source"] == "rollup"
    assert body["totals"]["reported"] == 2 and body["totals"]["satisfaction_rate"] == 0.5 and body["totals"]["resolution_rate"] == 1.0
    assert [m["month"] for m in body["months"]] == [f"{TODAY:%Y-%m}"] and body["months"][0]["closed"] == 2
    assert [c["category"]["code"] for c in body["categories"]] == ["ENV-01"]
    assert [(c["unit"]["name"], c["reported"]) for c in body["children"]] == [("第一片区", 2), ("第二片区", 0)]


def test_the_api_leaves_out_the_series_not_asked_for(api, personas, counted):
    body = api(personas["subdistrict_admin"]).get(API).json()
    assert body["months"] == [] and body["categories"] == [] and body["children"] == [] and body["totals"]["closed"] == 2


def test_the_api_answers_404_outside_the_scope_and_403_without_the_right(api, personas, counted):
    assert api(personas["grid_worker"]).get(API, {"unit": counted.G2.pk}).status_code == 404
    assert api(personas["grid_worker"]).get(API, {"unit": counted.G1.pk}).status_code == 200
    assert api(personas["outsider"]).get(API).status_code == 403


@pytest.mark.parametrize(
    "query, field",
    [({"from": "2025-13-01"}, "from"), ({"from": "2025-02-01", "to": "2025-01-01"}, "to"), ({"from": "2020-01-01", "to": "2025-01-01"}, "to"), ({"by": "week"}, "by")],
)
def test_the_api_refuses_bad_dates_with_a_clear_message(api, personas, counted, query, field):
    with translation.override("en"):
        r = api(personas["subdistrict_admin"]).get(API, query, HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400 and field in r.json(), r.content


def test_a_case_rated_in_the_browser_flow_is_counted_at_once(api, personas, grids, categories):
    """No sweep needed: the rollup follows each saved case."""
    client = api(personas["subdistrict_admin"])
    before = client.get(API).json()["totals"]
    closed_case(personas, categories, rating=Rating.SATISFIED)
    after = client.get(API).json()["totals"]
    assert (after["closed"] - before["closed"], after["satisfied"] - before["satisfied"]) == (1, 1)


def test_the_period_defaults_to_twelve_months(api, personas, counted):
    body = api(personas["subdistrict_admin"]).get(API, {"by": "month"}).json()
    assert len(body["months"]) == 12 and body["to"] == TODAY.isoformat()
    assert datetime.date.fromisoformat(body["from"]).day == 1


@pytest.mark.browser
def test_the_dashboard_draws_its_charts_on_a_phone_without_errors_or_axe_violations(page_for, live_server, personas, counted):  # noqa: F811
    from tests.browser.fixtures import shot
    from tests.browser.test_crawl import check_page, sign_in

    page = page_for(viewport={"width": 390, "height": 844})
    sign_in(page, live_server.url, "subdistrict_admin")
    problems = []
    assert check_page(page, f"{live_server.url}{URL}", problems) == 200
    assert problems == []
    page.wait_for_selector("#dash-trend-chart[data-drawn='1'] canvas")
    page.wait_for_selector("#dash-cat-chart[data-drawn='1'] canvas")
    assert page.locator("table.dash-table").count() == 3  # months, categories, areas
    page.select_option("#dash-unit", str(counted.A2.pk))
    page.locator("form.dash-filters button[type=submit]").click()
    page.wait_for_load_state()
    assert "第二片区" in page.locator("h1").inner_text()
    shot(page, "cases-dashboard-phone")
