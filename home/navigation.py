"""The menu every page shows, assembled from each app's `nav.py` (see core.menu), shown by what the user
may do. A group the user can reach one page of shows as a plain link; more, as a menu.

There are three fronts (core.menu): staff see the back office's entries; residents and everyone else signed
in without staff work (home.rules.works_as_staff) see only the resident front's entries; visitors without
an account see only the public pages. A page's place in the navigation is part of its permission: a
staff-only page is never listed outside the staff menu, whatever capability the person holds."""

from django.conf import settings
from django.urls import reverse

from accounts.roles import VIEW_DEVICE
from core.discovery import app_modules
from core.menu import STAFF, VISITOR
from core.scoping import has_perm_anywhere
from home.rules import front_of
from smart.models import Severity
from smart.selectors import critical_alarm_count

_menus: dict[str, list] = {}


def menu(audience: str = STAFF):
    """[(group label or None, [(url name, label, perm), ...]), ...] in the order the menu of `audience`
    ("staff", "resident" or "visitor") shows them."""
    if audience not in _menus:
        modules = app_modules("nav")
        groups = {g.key: g for m in modules for g in getattr(m, "GROUPS", ())}
        placed = [(e, *e.placed_for(audience)) for m in modules for e in getattr(m, "ENTRIES", ()) if audience in e.audiences]
        placed.sort(key=lambda p: (groups[p[1]].order, p[2]))
        built = {}
        for e, group, _order in placed:
            built.setdefault(group, []).append((e.url, e.label, e.perm))
        _menus[audience] = [(groups[key].label or None, items) for key, items in built.items()]
    return _menus[audience]


def navigation(request):
    user = getattr(request, "user", None)
    audience = front_of(user)
    groups = []
    allowed = {}
    for label, entries in menu(audience):
        items = []
        for name, item_label, perm in entries:
            perms = perm if isinstance(perm, tuple) else (perm,)
            if perm is None or (audience != VISITOR and any(allowed.setdefault(p, has_perm_anywhere(user, p)) for p in perms)):
                items.append({"url": reverse(name), "label": item_label, "active": False})
        if items:
            groups.append({"label": label, "items": items, "active": False})
    every = [i for g in groups for i in g["items"]]
    current = max(
        (i for i in every if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))), key=lambda i: len(i["url"]), default=None
    )
    if current:
        current["active"] = True
        for g in groups:
            g["active"] = current in g["items"]
    critical = critical_alarms(user, allowed) if audience == STAFF else None
    return {"nav_groups": groups, "front": audience, "map_tile_url": settings.MAP_TILE_URL, "critical_alarms": critical}


def critical_alarms(user, allowed: dict) -> dict | None:
    """The header's count of active critical alarms, for users who may see devices, while there is one:
    {"n", "url"} (the alarms list filtered to them), else None. The permission comes from the menu's own
    check (`allowed`); the count from smart's briefly cached selector, so most pages make no query for it."""
    may_view = allowed[VIEW_DEVICE] if VIEW_DEVICE in allowed else has_perm_anywhere(user, VIEW_DEVICE)
    n = critical_alarm_count(user) if may_view else 0
    if not n:
        return None
    return {"n": n, "url": f"{reverse('smart:alarm-list')}?active=true&severity={Severity.CRITICAL.value}"}
