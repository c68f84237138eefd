"""三重一大 (S3.2): matters that need a recorded decision of a quorate meeting of the competent body before they are
executed, and spendings that above a unit's threshold need such a matter decided before they are approved.

`FundsThreshold` is the amount from which a spending is 大额资金使用, per unit (inherited down the tree: the nearest
unit with a threshold; the `DELIBERATION_FUNDS_THRESHOLD` setting when none has one)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from deliberation.workflow import MATTER_WORKFLOW, SPENDING_WORKFLOW, MatterState, SpendingState
from meetings.models import MajorMatter


class Matter(TimeStamped):
    workflow = MATTER_WORKFLOW

    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="major_matters", verbose_name=_("unit"))
    unit_path = PathField()
    kind = models.CharField(_("kind"), max_length=16, choices=MajorMatter.choices)
    title = models.CharField(_("matter"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    body = models.ForeignKey("meetings.Body", models.PROTECT, related_name="major_matters", verbose_name=_("competent body"))
    decision = models.ForeignKey("meetings.Decision", models.PROTECT, null=True, blank=True, related_name="major_matters", verbose_name=_("decision"))
    state = models.CharField(_("state"), max_length=16, choices=MatterState.choices, default=MatterState.PROPOSED)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposed by"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("三重一大 matter")
        verbose_name_plural = _("三重一大 matters")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="dlb_matter_path")]
        permissions = [("manage_matter", "Can register 三重一大 matters and approve spendings")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:matter-detail", args=[self.pk])


class MatterTransition(TransitionRecord):
    matter = models.ForeignKey(Matter, models.CASCADE, related_name="transitions", verbose_name=_("matter"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("matter step")
        verbose_name_plural = _("matter steps")


class FundsThreshold(models.Model):
    unit = models.OneToOneField("org.Unit", models.CASCADE, related_name="funds_threshold", verbose_name=_("unit"))
    amount = models.DecimalField(_("large sum from (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("large-sum threshold")
        verbose_name_plural = _("large-sum thresholds")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dlb_threshold_positive")]


def funds_threshold(unit) -> Decimal:
    """The large-sum threshold at `unit`: the nearest unit up the tree (itself included) with one, else the setting."""
    paths = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "."] or [unit.path]
    amount = FundsThreshold.objects.filter(unit__path__in=paths).order_by("-unit__path").values_list("amount", flat=True).first()
    return amount if amount is not None else Decimal(str(settings.DELIBERATION_FUNDS_THRESHOLD))


class Spending(TimeStamped):
    workflow = SPENDING_WORKFLOW

    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="spendings", verbose_name=_("unit"))
    unit_path = PathField()
    purpose = models.CharField(_("purpose"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    matter = models.ForeignKey(Matter, models.PROTECT, null=True, blank=True, related_name="spendings", verbose_name=_("三重一大 matter"))
    state = models.CharField(_("state"), max_length=16, choices=SpendingState.choices, default=SpendingState.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending")
        verbose_name_plural = _("spendings")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="dlb_spending_path")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dlb_spending_positive")]

    def __str__(self):
        return self.purpose


class SpendingTransition(TransitionRecord):
    spending = models.ForeignKey(Spending, models.CASCADE, related_name="transitions", verbose_name=_("spending"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("spending step")
        verbose_name_plural = _("spending steps")
