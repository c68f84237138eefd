"""Deliberation's named rules (django-rules), by sub-domain: `actions` (resolutions' actions), `matters` (三重一大,
spendings) and `summons` (约请). Each sub-module lists its own `RULES`; they are registered here, and the guard in
`deliberation/tests/test_rules.py` checks every one is listed and tested.

Registered here:
"""

import rules

from deliberation.rules import actions, matters, summons

RULES = {**actions.RULES, **matters.RULES, **summons.RULES}

for _name, _predicate in RULES.items():
    rules.add_perm(_name, _predicate)

__doc__ += "".join(f"\n- `{name}`" for name in RULES)
