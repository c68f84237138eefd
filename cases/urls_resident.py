"""URLs of the resident pages (see cases/urls.py)."""

import core.converters  # noqa: F401  registers <id:...>

urlpatterns = []
