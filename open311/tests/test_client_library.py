"""A third-party Open311 client against the running server: `georeport` (PyPI, GeoReport v2, 2025)
lists services, reads a service definition and reads requests back in JSON and XML.

`georeport` reads only (its README: it "does not currently support the creation of new 311 service
requests"), and the other Python Open311 clients on PyPI (`open311` 1.1, `three` 0.8.0) are Python 2
code that fails to import on Python 3. So the request is posted with `requests`, as the spec's POST
example shows, with the demo key, and read back with georeport.
"""

import pytest
import requests
from django.db import connection
from georeport import GeoReport

from open311.demo import DEMO_KEY, ensure_open311_demo
from open311.tests.conftest import IN_G1, JURISDICTION

# the audit log's append-only guard on SQLite (audit/migrations/0002): a live-server test ends with a flush,
# which on SQLite is a DELETE the guard refuses, so it is lifted for the flush and put back after the module
NO_EARLY_DELETE = (
    "CREATE TRIGGER IF NOT EXISTS audit_auditlog_no_early_delete BEFORE DELETE ON audit_auditlog "
    "WHEN OLD.at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-180 days') "
    "BEGIN SELECT RAISE(ABORT, 'audit records are kept at least 180 days'); END;"
)


@pytest.fixture(scope="module", autouse=True)
def audit_guard_put_back(django_db_blocker):
    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock(), connection.cursor() as cur:
            cur.execute(NO_EARLY_DELETE)


@pytest.fixture
def audit_flushable(transactional_db):
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("DROP TRIGGER IF EXISTS audit_auditlog_no_early_delete")


@pytest.fixture
def server(live_server, audit_flushable, grids, categories, lift_attributes, monkeypatch):
    ensure_open311_demo()
    # every client call asks the server to close the connection after answering, so no server thread is
    # left waiting on a kept-alive connection while the test database is torn down
    plain = requests.sessions.default_headers
    monkeypatch.setattr(requests.sessions, "default_headers", lambda: requests.structures.CaseInsensitiveDict({**plain(), "Connection": "close"}))
    return live_server.url + "/open311/v2"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_georeport_client_lists_services_posts_a_request_and_reads_it_back(server, fmt):
    client = GeoReport(server, jurisdiction=JURISDICTION, api_key=DEMO_KEY, output_format=fmt)

    services = client.get_service_list()
    assert [s["service_code"] for s in services] == ["ENV-01", "FAC-01"]
    assert {s["service_code"]: str(s["metadata"]).lower() for s in services} == {"ENV-01": "false", "FAC-01": "true"}

    definition = client.get_service_definition("FAC-01")
    attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
    assert attributes[0]["code"] == "trapped" and attributes[0]["datatype"] == "singlevaluelist"

    posted = requests.post(
        f"{server}/requests.{fmt}",
        data={"api_key": client.api_key, "jurisdiction_id": JURISDICTION, "service_code": "FAC-01", "lat": IN_G1["lat"], "long": IN_G1["lng"],
              "description": "电梯停在5楼", "attribute[trapped]": "yes", "attribute[symptoms][]": ["stopped", "noise"], "device_id": "app-1"},
        timeout=10,
    )  # fmt: skip
    assert posted.status_code == 200, posted.text
    number = posted.json()[0]["service_request_id"] if fmt == "json" else posted.text.split("<service_request_id>")[1].split("<")[0]

    request = client.get_service_request(number)
    assert (request["service_request_id"], request["status"], request["service_code"], request["description"]) == (number, "open", "FAC-01", "电梯停在5楼")
    assert str(request["lat"]).startswith("31.025") and str(request["long"]).startswith("121.225")

    found = client.get_service_requests(service_code="FAC-01", status="open")
    found = [found] if isinstance(found, dict) else found  # xmltodict gives one <request> as a dict
    assert [r["service_request_id"] for r in found] == [number]
    assert client.get_service_requests(service_request_id=number, status="closed")  # the id overrides the status


def test_the_client_sees_the_spec_errors(server):
    client = GeoReport(server, jurisdiction="elsewhere.example", output_format="json")
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_list()
    assert refused.value.response.status_code == 404 and refused.value.response.json()[0]["code"] == 404
    no_key = requests.post(f"{server}/requests.xml", data={"service_code": "FAC-01", "address_string": "1号楼"}, timeout=10)
    assert no_key.status_code == 403 and "<errors><error><code>403</code>" in no_key.text
