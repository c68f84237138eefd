"""Lists stay constant in queries as data grows (DESIGN convention 8).

Each test takes one group of pages: it grows the group's data a little, requests every page of the group (once to warm
up, once counted), grows the data 25 times more, counts every page again, and names each page whose count changed or
is over the group's cap. The data grows once per group, not once per page (it is what the time goes into)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.testing import make_id_number
from org.services import element_create, responsible_create, unit_create
from people.services import community_role_create, household_create, ownership_create, resident_create


@pytest.fixture(autouse=True)
def _header_count_kept(monkeypatch):
    """The header's count of critical alarms is kept per user for smart.selectors.CRITICAL_TTL seconds; on a
    busy machine growing the data can take longer than that, and the count's one query would then show up in
    the second measurement only. Keep it for the whole test: what is measured is the list, not the clock."""
    monkeypatch.setattr("smart.selectors.CRITICAL_TTL", 3600)

PAGES = ["/org/", "/people/", "/accounts/roles/", "/org/map/grids.geojson"]
PAGES += ["/org/elements/"]  # grids, their responsible persons and elements grow below
FIGURE_PAGES = ["/org/coverage/"]  # one grouped query per figure (responsible persons, grid workers, elements, households, residents)
FIGURE_PAGES += ["/"]  # the staff home: one count per app's work items (an app's items share one: core.work.counted_once)
PAGES += ["/cases/", "/cases/?tab=all", "/cases/patrol/", "/cases/map/cases.geojson"]  # staff case pages; cases grow in cases/tests/test_workbench.py
PAGES += ["/services/stations/", "/services/stations/reception/", "/services/points/", "/services/points/attention/", "/services/points/dashboard/", "/services/stations/map.geojson"]  # points, shifts and visits grow in doorstep/tests/test_points_pages.py
PAGES += ["/resources/talents/", "/resources/spaces/", "/resources/organisations/", "/resources/needs/", "/resources/needs/matches/", "/resources/rounds/", "/resources/map/"]  # resources grow in resources/tests
APIS = ["/api/units/", "/api/responsibles/", "/api/grid-elements/", "/api/residents/", "/api/households/", "/api/ownerships/", "/api/community-roles/", "/api/role-assignments/"]
APIS += ["/api/agenda-items/", "/api/decisions/", "/api/votes/", "/api/minutes/"]  # meetings, items and votes grow in meetings/tests/test_decisions_api.py
PAGES += ["/meetings/published/"]  # the residents' published minutes and decisions (grow in meetings/tests/test_minutes.py)


def grow(tree, n, start=0):
    for i in range(start, start + n):
        house = unit_create(parent=tree.B1, kind="house", code=f"GROW{i}", name=f"{300 + i}室", exclusive_area="80")
        hh = household_create(house=house, number=f"G-{i}")
        r = resident_create(house=house, household=hh, name=f"测试{i}", id_number=make_id_number(datetime.date(1985, 1, 1)))
        ownership_create(house=house, owner=r)
        community_role_create(resident=r, kind="volunteer", unit=tree.G1)
        x = 121.30 + i * 0.002  # side by side, east of the tree's grids: siblings' boundaries may not overlap
        square = {"type": "Polygon", "coordinates": [[[x, 31.02], [x + 0.001, 31.02], [x + 0.001, 31.021], [x, 31.021], [x, 31.02]]]}
        grid = unit_create(parent=tree.D1, kind="grid", code=f"GRIDG{i}", name=f"网格{i}", boundary=square)
        responsible_create(unit=grid, name=f"网格长{i}", title="网格长")
        element_create(grid=grid, kind="shop", name=f"商户{i}")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx)


def same_counts_small_and_large(urls, client_for, grow_small, grow_large, cap: int) -> None:
    """Every page of `urls` (requested by `client_for(url)`) makes as many queries with a little data (after a warm-up
    request: the user's grants are loaded once and kept on the user object) as with 25 times more, and no more than
    `cap`."""
    grow_small()
    small = {}
    for url in urls:
        client_for(url).get(url)
        small[url] = count(client_for(url), url)
    grow_large()
    large = {url: count(client_for(url), url) for url in urls}
    assert not {u: (small[u], large[u]) for u in urls if small[u] != large[u]}, "queries grew with the data (small, large)"
    assert not {u: n for u, n in large.items() if n > cap}, f"more than {cap} queries"


def test_list_pages_make_the_same_number_of_queries_for_more_data(login, personas, tree, people):
    client = login(personas["subdistrict_admin"])
    same_counts_small_and_large(PAGES, lambda u: client, lambda: grow(tree, 1, start=100), lambda: grow(tree, 25), cap=14)


def test_figure_pages_make_the_same_number_of_queries_for_more_data(login, personas, tree, people):
    client = login(personas["subdistrict_admin"])
    same_counts_small_and_large(FIGURE_PAGES, lambda u: client, lambda: grow(tree, 1, start=100), lambda: grow(tree, 25), cap=18)


def test_api_lists_make_the_same_number_of_queries_for_more_data(api, personas, tree, people):
    client = api(personas["subdistrict_admin"])
    same_counts_small_and_large(APIS, lambda u: client, lambda: grow(tree, 1, start=100), lambda: grow(tree, 25), cap=8)


# 智慧社区: device and alarm lists, the live operations page and its parts, the map's GeoJSON.
DEVICE_URLS = ["/smart/devices/", "/smart/devices/map/devices.geojson", "/smart/alarms/", "/smart/ops/", "/smart/ops/alarms/", "/smart/ops/readings/"]
DEVICE_URLS += ["/api/devices/", "/api/alarms/"]


def grow_devices(tree, n, start=0):
    from smart.models import DeviceType
    from smart.tests.builders.pages import DEVICE_TYPES, add_readings, device_types_load, make_alarm, make_device

    if not DeviceType.objects.exists():
        device_types_load(DEVICE_TYPES)
    for i in range(start, start + n):
        device = make_device(f"QC-{i}", "elevator", tree.B1 if i % 2 else tree.G2, lat="31.02", lng="121.22")
        add_readings(device, n=2)
        make_alarm(device, severity=1 + i % 5)


def test_device_lists_make_the_same_number_of_queries_for_more_devices(login, personas, tree):
    client = login(personas["subdistrict_admin"])
    same_counts_small_and_large(DEVICE_URLS, lambda u: client, lambda: grow_devices(tree, 1, start=100), lambda: grow_devices(tree, 25), cap=14)


# 问卷: the staff's survey list, a resident's own surveys, the API list; surveys (with questions, recipients, answers) grow.
SURVEY_URLS = ["/surveys/", "/api/surveys/", "/surveys/mine/", "/api/surveys/mine/"]


def test_survey_lists_make_the_same_number_of_queries_for_more_surveys(api, personas, tree, people):
    from people.models import Resident
    from surveys.services import survey_answer, survey_open
    from surveys.tests.builders import make_survey

    Resident.objects.filter(pk=people["zsf"].pk).update(user=personas["resident"])
    clients = {"staff": signed_in(personas["subdistrict_admin"]), "resident": signed_in(personas["resident"])}
    clients.update(staff_api=api(personas["subdistrict_admin"]), resident_api=api(personas["resident"]))

    def client_for(url):
        return clients[("resident" if "mine" in url else "staff") + ("_api" if url.startswith("/api/") else "")]

    def grow(n):
        for i in range(n):
            survey = survey_open(survey=make_survey(tree.D1 if i % 2 else tree.B1, title=f"调查{i}"))
            if i % 3 == 0:
                q = {x.kind: x.pk for x in survey.questions.all()}
                survey_answer(survey=survey, user=personas["resident"], answers={q["single"]: 0, q["scale"]: 3})

    same_counts_small_and_large(SURVEY_URLS, client_for, lambda: grow(1), lambda: grow(25), cap=12)


# 服务预约: the menu, rooms, places, bookings and occupancy pages, and the booking API lists.
BOOKING_URLS = ["/services/menu/", "/services/rooms/", "/services/places/", "/services/bookings/", "/services/occupancy/", "/services/operators/"]
BOOKING_URLS += ["/api/places/", "/api/rooms/", "/api/slots/", "/api/bookings/", "/api/service-menu/", "/api/bookable-rooms/"]


def test_booking_lists_make_the_same_number_of_queries_for_more_bookings(login, personas, tree):
    from doorstep.tests.builders.bookings import grow_bookings

    client = login(personas["subdistrict_admin"])
    same_counts_small_and_large(BOOKING_URLS, lambda u: client, lambda: grow_bookings(tree, 1, start=100), lambda: grow_bookings(tree, 25), cap=14)


# 议事协商: bodies and meetings (pages and API), and a member's own meetings; bodies, members and meetings grow.
MEETING_URLS = ["/meetings/", "/meetings/bodies/", "/meetings/mine/", "/api/bodies/", "/api/seats/", "/api/memberships/", "/api/meetings/"]


def test_meeting_lists_make_the_same_number_of_queries_for_more_meetings(login, personas, tree):
    from meetings.tests.builders.bodies import grow_meetings

    client = login(personas["subdistrict_admin"])
    same_counts_small_and_large(MEETING_URLS, lambda u: client, lambda: grow_meetings(tree, 1, start=100), lambda: grow_meetings(tree, 25), cap=14)


# 议事协商 resolutions' actions and 三重一大: the board (staff and residents), the register, spendings, thresholds and
# their API lists; decisions with actions, matters and spendings grow (deliberation.tests.builders.actions).
DELIBERATION_URLS = ["/deliberation/board/", "/deliberation/board/?overdue=true&state=in_progress", "/deliberation/board/mine/", "/deliberation/matters/"]
DELIBERATION_URLS += ["/deliberation/spendings/", "/deliberation/thresholds/", "/api/actions/", "/api/resolutions/", "/api/matters/", "/api/spendings/"]


def test_deliberation_lists_make_the_same_number_of_queries_for_more_resolutions(personas, tree):
    from deliberation.tests.builders.actions import grow_deliberation

    staff, resident = signed_in(personas["subdistrict_admin"]), signed_in(personas["resident"])
    same_counts_small_and_large(
        DELIBERATION_URLS, lambda u: resident if "mine" in u else staff, lambda: grow_deliberation(tree, 1, start=100), lambda: grow_deliberation(tree, 25), cap=14
    )


# 物业服务评价: results, ranking, trend, periods and plans, a resident's published scores, the API lists; estates and their results grow.
EVALUATION_URLS = ["/evaluation/", "/evaluation/ranking/", "/evaluation/trend/", "/evaluation/periods/", "/evaluation/plans/", "/evaluation/mine/"]
EVALUATION_URLS += ["/api/evaluation-results/", "/api/evaluation-periods/", "/api/evaluation-plans/"]


def test_evaluation_lists_make_the_same_number_of_queries_for_more_estates(personas, tree, people):
    from evaluation.models import Period, PeriodState, Plan
    from evaluation.services import period_open, period_run
    from evaluation.tests.builders import make_company, make_survey

    people["zsf"].user = personas["resident"]
    people["zsf"].save(update_fields=["user"])
    staff, resident = signed_in(personas["subdistrict_admin"]), signed_in(personas["resident"])
    plan = Plan.objects.get(code="property")

    def grow(n, start):
        estates = [tree.D1] if start == 0 else [unit_create(parent=tree.A1, kind="district", code=f"EVD{i}", name=f"测评居民区{i}") for i in range(start, start + n)]
        for i, estate in enumerate(estates):
            make_company(f"测评物业{start + i}", tree.S, estate)
            make_survey(estate, [4, 5])
        for quarter in (1, 2):
            period_run(period=period_open(plan=plan, unit=tree.S, year=2026, quarter=quarter))
        Period.objects.update(state=PeriodState.PUBLISHED)

    def grow_large():
        Period.objects.update(state=PeriodState.COMPUTED)
        grow(6, 1)

    same_counts_small_and_large(EVALUATION_URLS, lambda u: resident if "mine" in u else staff, lambda: grow(1, 0), grow_large, cap=14)
