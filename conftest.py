import pytest

from core.testing import PASSWORD, make_people, make_personas, make_tree

pytest_plugins = ["tests.browser.fixtures", "smart.tests.broker"]  # the browser fixtures (one Chromium for every app's browser tests), the MQTT broker


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def personas(tree):
    return make_personas(tree)


@pytest.fixture
def people(tree):
    return make_people(tree)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api(personas):
    from rest_framework.test import APIClient

    def _api(user):
        c = APIClient()
        c.force_authenticate(user)
        return c

    return _api


@pytest.fixture
def password():
    return PASSWORD
