"""Named rules: bodies (see meetings/rules/__init__.py)."""

RULES: dict = {}
