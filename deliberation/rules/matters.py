"""Named rules: matters (see deliberation/rules/__init__.py)."""

RULES: dict = {}
