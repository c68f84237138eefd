"""Duty and reception (S1.2): staggered working hours (错时工作) as a roster per place, and the
reception log (接待群众) from which a case can be opened in one step."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from doorstep.models.places import Place


class DutyKind(models.TextChoices):
    REGULAR = "regular", _("Regular hours")
    EVENING = "evening", _("Evening duty")  # 错时: weekday evenings
    WEEKEND = "weekend", _("Weekend duty")  # 错时: Saturdays and Sundays
    HOLIDAY = "holiday", _("Holiday duty")


class DutyQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class DutyShift(models.Model):
    """One person on duty at one place for one period. A person cannot be on two overlapping shifts
    (checked by the service under a lock)."""

    place = models.ForeignKey(Place, models.CASCADE, related_name="duty_shifts", verbose_name=_("place"))
    unit_path = PathField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="duty_shifts", verbose_name=_("on duty"))
    kind = models.CharField(_("kind"), max_length=16, choices=DutyKind.choices, default=DutyKind.REGULAR)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty shifts")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="svc_duty_ends_after_start"),
            models.UniqueConstraint(fields=["place", "user", "start"], name="svc_duty_once"),
        ]
        indexes = [models.Index(fields=["place", "start", "end"], name="svc_duty_place_time")]


class ReceptionQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class ReceptionLog(TimeStamped):
    """One visit to a place: who came (a resident on record, or a name and phone kept encrypted and
    masked), about what, what was done, the follow-up, and the case opened from it."""

    place = models.ForeignKey(Place, models.CASCADE, related_name="receptions", verbose_name=_("place"))
    unit_path = PathField()
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="receptions", verbose_name=_("received by"))
    at = models.DateTimeField(_("time"))
    resident = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="receptions", verbose_name=_("resident"))
    visitor_name = models.CharField(_("visitor"), max_length=50, blank=True)
    visitor_phone_enc = models.TextField(blank=True, editable=False)
    visitor_phone_masked = models.CharField(_("visitor's phone"), max_length=20, blank=True, editable=False)
    topic = models.CharField(_("about"), max_length=200)
    action_taken = models.TextField(_("what was done"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="receptions", verbose_name=_("case"))

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reception record")
        verbose_name_plural = _("reception records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit_path", "at"], name="svc_reception_path_at")]
