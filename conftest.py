import pytest

from core.testing import PASSWORD, built_once, fresh, fresh_tree, make_people, make_personas, make_tree

pytest_plugins = ["tests.browser.fixtures", "smart.tests.broker"]  # the browser fixtures (one Chromium for every app's browser tests), the MQTT broker

SHARED = ("tree", "personas", "people")


def pytest_collection_modifyitems(config, items):
    """Build the tree, the personas and the people once per module where that changes nothing a test sees:
    when every database test of the module asks for them and none needs a real transaction. Each test still
    runs in its own savepoint and gets fresh instances of the same rows."""
    modules = {}
    for item in items:
        if hasattr(item, "module"):
            modules.setdefault(item.module, []).append(item)
    for module, its in modules.items():
        db_items = [i for i in its if _uses_db(i)]
        if any(name in vars(module) for name in SHARED):  # the module builds its own
            continue
        if not db_items or any(_transactional(i) for i in db_items):
            continue
        shared = set(SHARED)
        for i in db_items:
            shared &= set(i.fixturenames)
        if "tree" in shared:
            module._jiayuan_shared = shared


def _uses_db(item) -> bool:
    return bool({"db", "transactional_db", "live_server", "django_db_setup"} & set(item.fixturenames)) or item.get_closest_marker("django_db") is not None


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"} & set(item.fixturenames)) or bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.kwargs.get("serialized_rollback"))
    )


@pytest.fixture(scope="module", autouse=True)
def _shared_world(request):
    shared = getattr(request.module, "_jiayuan_shared", None)
    if not shared:
        yield {}
        return
    request.getfixturevalue("django_db_setup")
    with built_once(request.getfixturevalue("django_db_blocker")):
        built = {"tree": make_tree()}
        if "personas" in shared:
            built["personas"] = make_personas(built["tree"])
        if "people" in shared:
            built["people"] = make_people(built["tree"])
        yield built


@pytest.fixture
def tree(db, _shared_world):
    return fresh_tree(_shared_world["tree"]) if "tree" in _shared_world else make_tree()


@pytest.fixture
def personas(tree, _shared_world):
    return fresh(_shared_world["personas"]) if "personas" in _shared_world else make_personas(tree)


@pytest.fixture
def people(tree, _shared_world):
    return fresh(_shared_world["people"]) if "people" in _shared_world else make_people(tree)


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


@pytest.fixture
def fixed_clock():
    """The clock stands at core.testing.FIXED_NOW (and ticks from there): for tests whose figures depend on today."""
    import time_machine

    from core.testing import FIXED_NOW

    with time_machine.travel(FIXED_NOW, tick=True):
        yield FIXED_NOW


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in this thread (LocaleMiddleware does not undo it): each test
    starts and ends in the default language, so no test depends on the one before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()
