"""社区共享空间 (S2.2): spaces offered by co-building units and residential districts.

Each space IS a `services.Room` (kind "shared", no place, `unit` = the 居民区 where it is), so it is
booked through the same engine as the stations' rooms (slots, waitlists, iCalendar); capacity,
equipment, opening hours and rules live on the room. This row adds what the library needs."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet


class SharedSpace(TimeStamped):
    room = models.OneToOneField("services.Room", models.CASCADE, related_name="shared_space", verbose_name=_("room"))
    unit_path = PathField()  # the room's
    organisation = models.ForeignKey(
        "resources.Organisation", models.PROTECT, null=True, blank=True, related_name="spaces", verbose_name=_("offered by")
    )  # empty: offered by the 居民区 itself
    types = models.ManyToManyField("resources.ResourceType", related_name="spaces", verbose_name=_("types"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(_("introduction"), blank=True)
    fee = models.DecimalField(_("fee per use (yuan)"), max_digits=10, decimal_places=2, default=0)
    uses_per_period = models.PositiveSmallIntegerField(_("uses offered per period"), default=8)
    is_active = models.BooleanField(_("offered"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared space")
        verbose_name_plural = _("shared spaces")
        ordering = ["unit_path", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_space_path")]

    def __str__(self):
        return self.room.name
