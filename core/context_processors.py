"""Navigation to every module that exists, shown by what the user may do."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import (
    ACK_ALARM,
    CHANGE_DEVICE,
    CHANGE_POINT,
    CHANGE_RESOURCE,
    CHANGE_ROLEASSIGNMENT,
    CHANGE_SERVICE,
    CHANGE_SURVEY,
    EXPORT_UNIT,
    IMPORT_DATA,
    MATCH_RESOURCE,
    RECEIVE_VISITOR,
    VERIFY_CASE,
    VIEW_AUDIT,
    VIEW_CASE,
    VIEW_DEVICE,
    VIEW_RESIDENT,
    VIEW_RESOURCE,
    VIEW_ROLEASSIGNMENT,
    VIEW_SERVICE,
    VIEW_SURVEY,
    VIEW_UNIT,
)
from accounts.scope import scope_paths

# Groups of (url name, label, capability: None for everyone signed in, or a tuple: any of them).
# A group the user can reach one page of shows as a plain link; more, as a menu.
NAV = [
    (None, [("core:home", _("Home"), None)]),
    (
        _("Basic data"),
        [
            ("org:unit-tree", _("Units"), VIEW_UNIT),
            ("org:grid-map", _("Grid map"), VIEW_UNIT),
            ("org:coverage", _("Grid coverage"), VIEW_UNIT),
            ("org:element-list", _("Shops and public places"), VIEW_UNIT),
            ("people:resident-list", _("People"), VIEW_RESIDENT),
        ],
    ),
    (
        _("Cases"),
        [
            ("cases:workbench", _("Cases"), VIEW_CASE),
            ("cases:patrol", _("Patrol"), VERIFY_CASE),
            ("cases:dashboard", _("Case indicators"), VIEW_CASE),
        ],
    ),
    (
        _("Smart community"),
        [
            ("smart:ops", _("Operations"), VIEW_DEVICE),
            ("smart:device-list", _("Devices"), VIEW_DEVICE),
            ("smart:alarm-list", _("Alarms"), (VIEW_DEVICE, ACK_ALARM)),
            ("smart:rule-list", _("Alarm rules"), CHANGE_DEVICE),
        ],
    ),
    (
        _("Services"),
        [
            ("services:menu", _("Service menu"), None),
            ("services:rooms", _("Rooms to book"), None),
            ("services:station-list", _("Stations"), None),
            ("services:station-map", _("Map of stations and points"), None),
            ("services:places", _("Places and rooms"), (VIEW_SERVICE, CHANGE_SERVICE)),
            ("services:bookings", _("Bookings"), VIEW_SERVICE),
            ("services:occupancy", _("Occupancy"), VIEW_SERVICE),
            ("services:reception-list", _("Reception log"), RECEIVE_VISITOR),
            ("services:committee-index", _("Station committees"), VIEW_SERVICE),
            ("services:point-list", _("Neighbourhood points"), VIEW_SERVICE),
            ("services:point-attention", _("Points needing attention"), VIEW_SERVICE),
            ("services:point-dashboard", _("Point activity"), VIEW_SERVICE),
            ("services:point-quick", _("Record an activity"), CHANGE_POINT),
            ("surveys:list", _("Surveys"), (VIEW_SURVEY, CHANGE_SURVEY)),
        ],
    ),
    (
        _("Resources"),
        [
            ("resources:need-list", _("Needs"), VIEW_RESOURCE),
            ("resources:match-list", _("Matching"), VIEW_RESOURCE),
            ("resources:round-list", _("Matching rounds"), MATCH_RESOURCE),
            ("resources:record-list", _("Service records"), VIEW_RESOURCE),
            ("resources:map", _("Resource-sharing map"), VIEW_RESOURCE),
            ("resources:talent-list", _("Community talents"), VIEW_RESOURCE),
            ("resources:talent-review", _("Talent applications"), CHANGE_RESOURCE),
            ("resources:talent-public", _("Talents near you"), None),
            ("resources:space-list", _("Shared spaces"), None),
            ("resources:organisation-list", _("Co-building units and charities"), None),
            ("resources:type-list", _("Resource types"), VIEW_RESOURCE),
        ],
    ),
    (
        _("Mine"),
        [
            ("cases:report", _("Report a problem"), None),
            ("cases:mine", _("My reports"), None),
            ("services:my-bookings", _("My bookings"), None),
            ("resources:my-services", _("My services as a talent"), None),
            ("resources:talent-apply", _("Become a community talent"), None),
            ("surveys:mine", _("My surveys"), None),
        ],
    ),
    (
        _("System"),
        [
            ("imports:index", _("Import / export"), (IMPORT_DATA, EXPORT_UNIT, CHANGE_RESOURCE)),
            ("accounts:assignment-list", _("Roles"), (VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT)),
            ("audit:log", _("Audit log"), VIEW_AUDIT),
            ("api-docs", _("API"), None),
        ],
    ),
]


def navigation(request):
    user = getattr(request, "user", None)
    groups = []
    if user is not None and user.is_authenticated:
        allowed = {}
        for label, entries in NAV:
            items = []
            for name, item_label, perm in entries:
                perms = perm if isinstance(perm, tuple) else (perm,)
                if perm is None or any(allowed.setdefault(p, scope_paths(user, p) is not None) for p in perms):
                    items.append({"url": reverse(name), "label": item_label, "active": False})
            if items:
                groups.append({"label": label, "items": items, "active": False})
        every = [i for g in groups for i in g["items"]]
        current = max((i for i in every if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))), key=lambda i: len(i["url"]), default=None)
        if current:
            current["active"] = True
            for g in groups:
                g["active"] = current in g["items"]
    return {"nav_groups": groups, "map_tile_url": settings.MAP_TILE_URL}
