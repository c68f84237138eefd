"""The map API: ROUTES are registered on the /api/ router by config/api.py, PATHS appended to its urls."""

ROUTES = []  # [(prefix, viewset, basename)]
PATHS = []  # [path(...)] for views that are not unit-scoped model viewsets
