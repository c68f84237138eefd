"""Named rules: summons (see deliberation/rules/__init__.py)."""

RULES: dict = {}
