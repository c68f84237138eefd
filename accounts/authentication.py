"""API token authentication (DRF) that follows the account: a token is refused while the account is
inactive or locked (django-axes, by user name), and a token older than the last password change is
refused (the change also deletes it: `User.save`)."""

from axes.handlers.proxy import AxesProxyHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        self.request = request
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)  # unknown key or inactive account: refused there
        if token.created < user.password_changed_at:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        request = getattr(self, "request", None)
        if request is not None and AxesProxyHandler.is_locked(request._request, {"username": user.get_username()}):
            raise exceptions.AuthenticationFailed(_("This account is locked."))
        return user, token
