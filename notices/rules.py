"""The notices' named rules (django-rules): a notice is its recipient's alone.

Registered here (the guard test in `notices/tests/test_rules.py` checks this list):
"""

import rules

from accounts.rules import object_predicate


@object_predicate
def is_notice_recipient(user, notice) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and notice.user_id == user.pk


RULES = {
    # open it, mark it read: never another user's notice (not even a superuser's hand)
    "notices.read_notice": is_notice_recipient,
}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
