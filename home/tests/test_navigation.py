"""The menu is assembled from each app's nav.py (core.menu) and stays the menu the users know."""

from django.urls import reverse

from home.navigation import menu, navigation

# the menu as it was written in one list before each app contributed its own entries
EXPECTED = [
    (None, ["home:home"]),
    ("Basic data", ["org:unit-tree", "org:grid-map", "org:coverage", "org:element-list", "people:resident-list"]),
    ("Cases", ["cases:workbench", "cases:patrol", "cases:dashboard"]),
    ("Smart community", ["smart:ops", "smart:device-list", "smart:alarm-list", "smart:rule-list"]),
    (
        "Services",
        [
            "services:menu", "services:rooms", "services:station-list", "services:station-map", "services:places", "services:bookings",
            "services:occupancy", "services:reception-list", "services:committee-index", "services:point-list", "services:point-attention",
            "services:point-dashboard", "services:point-quick", "surveys:list",
        ],
    ),
    (
        "Resources",
        [
            "resources:need-list", "resources:match-list", "resources:round-list", "resources:record-list", "resources:map", "resources:talent-list",
            "resources:talent-review", "resources:talent-public", "resources:space-list", "resources:organisation-list", "resources:type-list",
        ],
    ),
    ("Deliberation", ["meetings:body-list", "meetings:meeting-list", "deliberation:board", "deliberation:matter-list", "deliberation:spending-list", "deliberation:threshold-list", "deliberation:summons-list", "deliberation:topic-list", "evaluation:result-list", "evaluation:ranking", "evaluation:trend", "evaluation:period-list", "evaluation:plan-list"]),
    ("Mine", ["cases:report", "cases:mine", "services:my-bookings", "resources:my-services", "meetings:my-meetings", "resources:talent-apply", "surveys:mine"]),
    ("System", ["imports:index", "accounts:assignment-list", "audit:log", "api-docs"]),
]  # fmt: skip


def test_it_assembles_the_menu_from_every_apps_nav_module_in_the_known_order():
    from django.utils import translation

    with translation.override("en"):
        got = [(str(label) if label else None, [name for name, _label, _perm in entries]) for label, entries in menu()]
    assert got == EXPECTED


def test_it_shows_a_resident_only_the_entries_for_everyone(rf, personas):
    request = rf.get("/")
    request.user = personas["resident"]
    shown = {item["url"] for group in navigation(request)["nav_groups"] for item in group["items"]}
    assert {reverse("home:home"), reverse("cases:report"), reverse("surveys:mine")} <= shown
    assert not {reverse("audit:log"), reverse("smart:ops"), reverse("cases:workbench"), reverse("imports:index")} & shown
