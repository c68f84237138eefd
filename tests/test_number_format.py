"""Counts and figures read 1,234 in both languages where the pages show them (dashboards, list counts, the pager),
through `|intcomma` and the project's number formats (config/formats); nothing else is grouped: ids in links,
years, form values and JSON keep their digits as they are."""

import datetime
import json
import re

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from cases.indicators import Figures, Indicators


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_count_is_grouped_by_thousands_and_a_bare_number_is_not(language):
    with translation.override(language):
        html = Template("{% load humanize %}{{ n|intcomma }} {{ n }} {{ year }} {{ x }}").render(Context({"n": 1234567, "year": 2026, "x": 31.0251}))
    assert html == "1,234,567 1234567 2026 31.0251"


def test_a_number_in_a_form_is_not_grouped():
    class F(forms.Form):
        n = forms.IntegerField()
        d = forms.DecimalField()

    with translation.override("zh-hans"):
        html = str(F(initial={"n": 123456, "d": "1234.5"}))
    assert 'value="123456"' in html and 'value="1234.5"' in html


def figures(n):
    return Figures(reported=n, closed=n - 1, rated=n - 2, due=n - 3, on_time=n - 4, resolved=n - 5, satisfied=n - 6, median_hours=12.5)


def test_the_case_dashboard_groups_its_counts_and_keeps_ids_months_and_chart_data(login, personas, tree, monkeypatch):
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
    result = Indicators(
        start=start, end=end, totals=figures(12345), months=[(datetime.date(2026, 11, 1), figures(1000))], categories=[],
        children=[(tree.A1, figures(2000))], source="cases",
    )  # fmt: skip
    monkeypatch.setattr("cases.views.dashboard.case_indicators", lambda unit, s, e: result)
    html = login(personas["subdistrict_admin"]).get("/cases/dashboard/", {"from": "2026-01-01", "to": "2026-12-31"}).content.decode()
    cards = html[html.index('id="dash-headline"') : html.index('id="dash-trend"')]
    assert "12,341" in cards and "12,342" in cards  # on time of due
    assert "12,343" in cards and "12,345" in cards  # rated, reported
    assert '<td class="num">1,000</td>' in html and '<td class="num">2,000</td>' in html
    assert "2026-11" in html and f"?unit={tree.A1.pk}&amp;from=2026-01-01" in html
    chart = json.loads(re.search(r'<script id="[^"]+" type="application/json">(.*?)</script>', html, re.S)[1])
    assert chart["reported"] == [1000]


def test_the_points_dashboard_groups_its_totals_and_keeps_the_year(login, personas, monkeypatch):
    big = {
        "months": [1000] * 12, "attendance": [2500] * 12, "districts": [{"name": "白云居民区", "n": [1000] * 12, "a": [2500] * 12, "total_n": 12000, "total_a": 30000}],
        "points": [], "states": [], "models": 0,
    }  # fmt: skip
    monkeypatch.setattr("doorstep.views.points.dashboard.activity_figures", lambda points, year: big)
    html = login(personas["subdistrict_admin"]).get("/services/points/dashboard/", {"year": "2026"}).content.decode()
    assert '<p class="stat" id="total-activities">12,000</p>' in html and '<p class="stat" id="total-attendance">30,000</p>' in html
    assert '<td class="num">1,000</td>' in html and '<td class="num">30,000</td>' in html
    assert '<option value="2026" selected>2026</option>' in html and "· 2026" in html


def test_the_pager_groups_the_number_of_pages_and_keeps_the_page_in_its_links():
    class Page:
        number = 1234
        has_other_pages, has_previous, has_next = True, True, True
        previous_page_number, next_page_number = 1233, 1235
        paginator = type("P", (), {"num_pages": 3001})

    class Request:
        GET = {}

    with translation.override("zh-hans"):
        html = Template('{% include "components/pagination.html" %}').render(Context({"page_obj": Page(), "request": Request()}))
    assert "1,234" in html and "3,001" in html and "page=1233" in html and "page=1235" in html
