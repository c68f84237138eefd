"""Navigation to every module that exists, shown by what the user may do."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_ROLEASSIGNMENT, EXPORT_UNIT, IMPORT_DATA, VERIFY_CASE, VIEW_AUDIT, VIEW_CASE, VIEW_RESIDENT, VIEW_ROLEASSIGNMENT, VIEW_UNIT
from accounts.scope import scope_paths

NAV = [
    ("core:home", _("Home"), None),
    ("org:unit-tree", _("Units"), VIEW_UNIT),
    ("org:grid-map", _("Grid map"), VIEW_UNIT),
    ("people:resident-list", _("People"), VIEW_RESIDENT),
    ("cases:workbench", _("Cases"), VIEW_CASE),
    ("cases:patrol", _("Patrol"), VERIFY_CASE),
    ("cases:dashboard", _("Case indicators"), VIEW_CASE),
    ("cases:report", _("Report a problem"), None),
    ("cases:mine", _("My reports"), None),
    ("imports:index", _("Import / export"), (IMPORT_DATA, EXPORT_UNIT)),
    ("accounts:assignment-list", _("Roles"), (VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT)),
    ("audit:log", _("Audit log"), VIEW_AUDIT),
    ("api-docs", _("API"), None),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for name, label, perm in NAV:
            perms = perm if isinstance(perm, tuple) else (perm,)
            if perm is None or any(scope_paths(user, p) is not None for p in perms):
                items.append({"url": reverse(name), "label": label, "active": False})
        current = max((i for i in items if request.path == i["url"] or (i["url"] != "/" and request.path.startswith(i["url"]))), key=lambda i: len(i["url"]), default=None)
        if current:
            current["active"] = True
    return {"nav_items": items, "map_tile_url": settings.MAP_TILE_URL}
