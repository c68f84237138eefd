"""Error pages: JSON under /api/, HTML elsewhere."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def page_not_found(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """A lost database connection (e.g. PostgreSQL restarting) is a 503 with Retry-After: the client may
    retry; Django reconnects on the next request (CONN_HEALTH_CHECKS)."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (OperationalError, InterfaceError)):
        response = JsonResponse({"detail": _("The service is briefly unavailable; please try again.")}, status=503)
        response["Retry-After"] = "2"
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request)
