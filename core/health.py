"""Liveness and readiness for load balancers and the load test's baseline."""

from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """Alive: answers without touching the database (the trivial endpoint of `make load`)."""
    return JsonResponse({"status": "ok"})


def readyz(request):
    """Ready: the database answers."""
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
    except Exception:  # noqa: BLE001  any database failure means not ready
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
