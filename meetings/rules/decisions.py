"""Named rules: decisions (see meetings/rules/__init__.py)."""

RULES: dict = {}
