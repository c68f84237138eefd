"""The meetings engine's named rules (django-rules), by sub-domain: `bodies` (bodies, members, meetings, sign-in)
and `decisions` (agenda, votes, minutes). Each sub-module lists its own `RULES`; they are registered here, and the
guard in `meetings/tests/test_rules.py` checks every one is listed and tested.

Registered here:
"""

import rules

from meetings.rules import bodies, decisions

RULES = {**bodies.RULES, **decisions.RULES}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
