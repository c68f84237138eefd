"""Named rules: actions (see deliberation/rules/__init__.py)."""

RULES: dict = {}
