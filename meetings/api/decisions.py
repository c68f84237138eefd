"""The API: decisions. `ROUTES` (prefix, viewset, basename) go to the router, `PATHS` beside it (config/api.py)."""

ROUTES: list = []
PATHS: list = []
