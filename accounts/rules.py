"""Named permissions (django-rules): a capability held at a unit covers its subtree.

`user.has_perm("people.view_resident", resident)` is true when one of the user's roles grants the
capability at an ancestor of the resident's unit; without an object it asks "anywhere".

The capability predicates are the bricks of every app's own `rules.py`: `holds(perm)` is the predicate
registered under `perm`, and `holds(perm, via=lambda b: b.slot)` asks it at another object's unit
(`services.act_on_booking = is_booking_holder | holds(CHANGE_SERVICE, via=booking_slot)`).
"""

import functools

import rules

from accounts.roles import ALL_PERMS
from accounts.scope import has_perm_anywhere, has_perm_at, scope_paths
from org.models import Unit, UnitKind


def object_path(obj) -> str:
    for attr in ("path", "unit_path"):
        value = getattr(obj, attr, None)
        if value:
            return value
    unit = getattr(obj, "unit", None)
    return unit.path if unit is not None else ""


def capability(perm, via=None):
    """The predicate "holds `perm` at the object's unit (at `via(obj)`'s unit when given; anywhere without an object)"."""
    name = f"holds {perm}" if via is None else f"holds {perm} at {getattr(via, '__name__', 'via')}"

    @rules.predicate(name=name)
    def check(user, obj=None):
        if obj is None:
            return has_perm_anywhere(user, perm)
        target = via(obj) if via is not None else obj
        path = object_path(target) if target is not None else ""
        return bool(path) and has_perm_at(user, perm, path)

    return check


_HOLDS = {perm: capability(perm) for perm in ALL_PERMS}


def holds(perm, via=None):
    """The capability predicate for `perm` (the registered one when `via` is None)."""
    if perm not in _HOLDS:
        raise KeyError(f"{perm} is not a capability of accounts.roles")
    return _HOLDS[perm] if via is None else capability(perm, via)


def holds_at_subdistrict(perm):
    """The predicate "holds `perm` at a subdistrict" (what serves every 居民区 is the subdistrict's to change)."""

    @rules.predicate(name=f"holds {perm} at a subdistrict")
    def check(user):
        paths = scope_paths(user, perm) or []
        return bool(paths) and Unit.objects.filter(path__in=paths, kind=UnitKind.SUBDISTRICT).exists()

    return check


def object_predicate(fn):
    """`@object_predicate def is_booking_holder(user, booking)`: a named predicate that is false without an object
    (`user.has_perm("services.act_on_booking")` asks "anywhere", which an object rule cannot answer)."""

    @functools.wraps(fn)
    def check(user, obj=None):
        return obj is not None and bool(fn(user, obj))

    del check.__wrapped__  # django-rules counts the arguments of `check` itself
    return rules.predicate(check, name=fn.__name__)


def rules_of(label: str) -> set[str]:
    """The named permissions registered under an app's label beyond its capabilities (each app's `rules.RULES`)."""
    return {name for name in rules.permissions.permissions if name.startswith(f"{label}.") and name not in ALL_PERMS}


for _perm, _predicate in _HOLDS.items():
    rules.add_perm(_perm, _predicate)
