from xml.etree import ElementTree as ET  # noqa: S405  parsing our own responses in tests

import pytest
from django.core.cache import cache

from cases.tests import conftest as shared
from open311.models import Datatype, ServiceAttribute
from open311.services import apikey_create

# the case tests' fixtures and places, shared
categories, grids, reported = shared.categories, shared.grids, shared.reported
IN_G1, IN_G2 = shared.IN_G1, shared.IN_G2
JURISDICTION = "zhongshan.songjiang.sh.cn"
KEY = "test-key-0123456789"
BASE = "/open311/v2/"


@pytest.fixture(autouse=True)
def open311_settings(settings):
    """The shared tree's subdistrict (code TS) is the jurisdiction; the throttle starts empty."""
    settings.OPEN311_JURISDICTION = JURISDICTION
    settings.OPEN311_UNIT_CODE = "TS"
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def api_key(db):
    return apikey_create(name="测试客户端", key=KEY)[0]


@pytest.fixture
def lift_attributes(categories):
    lift = categories["lift"]
    return [
        ServiceAttribute.objects.create(
            category=lift, code="trapped", datatype=Datatype.SINGLE, required=True, order=1, description="有人被困吗？",
            values=[{"key": "yes", "name": "有人被困"}, {"key": "no", "name": "无人被困"}],
        ),
        ServiceAttribute.objects.create(category=lift, code="floor", datatype=Datatype.NUMBER, order=2, description="停在几楼？"),
        ServiceAttribute.objects.create(
            category=lift, code="symptoms", datatype=Datatype.MULTI, order=3, description="什么情况？",
            values=[{"key": "stopped", "name": "停运"}, {"key": "noise", "name": "异响"}],
        ),
        ServiceAttribute.objects.create(category=lift, code="seen_at", datatype=Datatype.DATETIME, order=4, description="什么时候看到的？"),
        ServiceAttribute.objects.create(category=lift, code="lift_no", datatype=Datatype.STRING, order=5, description="电梯编号"),
        ServiceAttribute.objects.create(category=lift, code="note", variable=False, datatype=Datatype.TEXT, order=6, description="困人请同时拨打 110"),
    ]  # fmt: skip


@pytest.fixture
def get(client):
    """GET an Open311 path in English; returns the response."""

    def _get(path, data=None, **extra):
        extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        return client.get(BASE + path, data or {}, **extra)

    return _get


@pytest.fixture
def post(client):
    def _post(path, data, **extra):
        extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
        return client.post(BASE + path, data, **extra)

    return _post


def xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314  our own response


def errors(response) -> list[str]:
    body = response.json()
    assert all(e["code"] == response.status_code for e in body)
    return [e["description"] for e in body]
