"""A person's calendar feed key (iCalendar, S1.1-S1.2): calendar apps subscribe to a secret URL
without a session. The URL's token is an HMAC of the user and this key's nonce under the site's
secret key, so the database holds no usable token; resetting the key changes the nonce and the old
URL stops working."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeedKey(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feed_key", verbose_name=_("user"))
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed key")
        verbose_name_plural = _("calendar feed keys")
