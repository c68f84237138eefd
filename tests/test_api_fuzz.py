"""Quality gate: every operation of the OpenAPI schema fuzzed with schemathesis, as an authenticated
subdistrict administrator: no 5xx, and every response matches the schema. A new API operation is
fuzzed as soon as it is in the schema. Bounded: six examples per operation, derandomized (so no example database is written)."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_headers_conformance, response_schema_conformance, status_code_conformance

from core.testing import make_people, make_personas, make_tree


@pytest.fixture
def keep_test_connection():
    """Schemathesis calls the WSGI application directly; like Django's test client, keep the test's
    database connection (and its transaction) open across requests."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, keep_test_connection):
    from rest_framework.authtoken.models import Token

    tree = make_tree(prefix="F")
    make_people(tree)
    users = make_personas(tree)
    make_cases(tree, users["subdistrict_admin"])
    make_meeting(tree, users)
    return Token.objects.create(user=users["subdistrict_admin"]).key


def make_meeting(tree, users):
    """A council with its chair and a meeting in session with an agenda item, so the meetings', agenda items'
    and decisions' operations and steps are fuzzed on real objects, not only on 404s."""
    from meetings.models import MemberRole
    from meetings.services.agenda import agenda_item_add
    from meetings.services.meetings import meeting_open, meeting_schedule
    from meetings.tests.builders.bodies import future, make_council, member

    council = make_council(tree.D1)
    member(council, "party", user=users["secretary"], role=MemberRole.CHAIR)
    meeting = meeting_schedule(body=council, title="议事会", starts_at=future(1), ends_at=future(3), by=users["subdistrict_admin"], invite=False)
    agenda_item_add(meeting=meeting, title="楼道堆物整治", by=users["subdistrict_admin"])
    meeting_open(meeting=meeting, by=users["subdistrict_admin"])


def make_cases(tree, by):
    """A case still reported (no grid by pin, no handler) and one dispatched, so nullable fields are fuzzed both ways."""
    from cases.models import CaseCategory
    from cases.services import case_accept, case_dispatch, case_report

    category = CaseCategory.objects.create(code="F-1", name="楼道堆物")
    case_report(category=category, description="堆物", unit=tree.D1, reporter=None)
    case = case_report(category=category, description="堆物", unit=tree.G1, reporter=by)
    case_dispatch(case=case_accept(case=case, by=by), to=tree.D1, by=by)


# The gate: no 5xx and every response as documented. (Whether lenient input such as an empty filter is
# accepted, or a schema-valid body naming a missing house is refused, is the API's choice, not a defect.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance, response_schema_conformance]

# pytest-django has configured Django by collection time; generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_api_operation_answers_without_5xx_and_matches_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@pytest.mark.parametrize("url", ["/api/ownerships/?owner=99999999999999999999", "/api/units/?parent=-1e308", "/api/role-assignments/?unit=99999999999999999999"])
def test_ids_too_large_for_the_database_are_a_400_not_a_crash(api, personas, url):
    assert api(personas["subdistrict_admin"]).get(url).status_code == 400


@pytest.mark.parametrize("url", ["/api/units/99999999999999999999/", "/org/units/99999999999999999999/", "/people/residents/99999999999999999999/"])
def test_ids_too_large_for_the_database_are_a_404(api, personas, url):
    assert api(personas["subdistrict_admin"]).get(url).status_code == 404
