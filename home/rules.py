"""The top app's named rule: which front a signed-in person is shown.

Registered here (the guard test in `home/tests/test_rules.py` checks this list):
"""

import rules

from accounts.roles import STAFF_ROLES
from accounts.scope import role_codes


@rules.predicate
def works_as_staff(user) -> bool:
    """Holds a role with staff work (any capability beyond the holder's own home, `accounts.roles.STAFF_ROLES`),
    or is a superuser. Everyone else signed in (居民/业主, volunteers, no role at all) uses the resident front."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or role_codes(user) & STAFF_ROLES)


RULES = {
    # the staff menu and the staff home (today's work) instead of the resident front
    "home.use_staff_front": works_as_staff,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)


def front_of(user) -> str:
    """ "staff", "resident" or "visitor": the front `user` is shown (core.menu)."""
    if not getattr(user, "is_authenticated", False):
        return "visitor"
    return "staff" if works_as_staff(user) else "resident"
