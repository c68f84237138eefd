import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

KEY = "last_seen"


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than IDLE_TIMEOUT_SECONDS (等保: 30 minutes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and hasattr(request, "session") and KEY in request.session:
            now = time.time()
            if now - request.session[KEY] > settings.IDLE_TIMEOUT_SECONDS:
                logout(request)
                messages.info(request, _("You were signed out after 30 minutes without activity."))
            else:
                request.session[KEY] = now
        elif request.user.is_authenticated and hasattr(request, "session"):
            request.session[KEY] = time.time()
        return self.get_response(request)


class PasswordAgeMiddleware:
    """等保 periodic password change: after PASSWORD_MAX_AGE_DAYS, pages lead to the change form."""

    ALLOWED = ("/accounts/", "/static/", "/i18n/", "/api/", "/open311/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(self.ALLOWED):
            from datetime import timedelta

            from django.shortcuts import redirect
            from django.utils import timezone

            if user.password_changed_at < timezone.now() - timedelta(days=settings.PASSWORD_MAX_AGE_DAYS):
                messages.warning(request, _("Your password is older than %(d)d days; please choose a new one.") % {"d": settings.PASSWORD_MAX_AGE_DAYS})
                return redirect("accounts:password-change")
        return self.get_response(request)
