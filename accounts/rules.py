"""Named permissions (django-rules): a capability held at a unit covers its subtree.

`user.has_perm("people.view_resident", resident)` is true when one of the user's roles grants the
capability at an ancestor of the resident's unit; without an object it asks "anywhere".
"""

import rules

from .roles import ALL_PERMS
from .scope import has_perm_anywhere, has_perm_at


def object_path(obj) -> str:
    for attr in ("path", "unit_path"):
        value = getattr(obj, attr, None)
        if value:
            return value
    unit = getattr(obj, "unit", None)
    return unit.path if unit is not None else ""


def capability(perm):
    @rules.predicate(name=f"holds {perm}")
    def check(user, obj=None):
        if obj is None:
            return has_perm_anywhere(user, perm)
        path = object_path(obj)
        return bool(path) and has_perm_at(user, perm, path)

    return check


for _perm in ALL_PERMS:
    rules.add_perm(_perm, capability(_perm))
