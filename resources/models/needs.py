"""Needs (S2.2, S2.3 精准对接): what a 居民区, a 睦邻点 or a group of residents needs.

`time_windows` as a talent's availability (weekly, local time; empty: any time), within
`start_date`..`end_date`. `lat`/`lng`: where it happens (the 居民区 or the 睦邻点 when not given)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from resources.workflow import NEED_WORKFLOW, NeedState


class NeedSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    POINT = "point", _("A neighbourhood point")  # 睦邻点
    RESIDENTS = "residents", _("A group of residents")
    SURVEY = "survey", _("Survey results")


class Need(TimeStamped):
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="resource_needs", verbose_name=_("residential district"))
    unit_path = PathField()
    point = models.ForeignKey(
        "services.NeighbourhoodPoint", models.SET_NULL, null=True, blank=True, related_name="needs", verbose_name=_("neighbourhood point")
    )
    requester = models.CharField(_("requested by"), max_length=100, blank=True)  # e.g. "3号楼老年书法爱好者"
    types = models.ManyToManyField("resources.ResourceType", related_name="needs", verbose_name=_("what is needed"))
    people = models.PositiveIntegerField(_("number of people"), default=10)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)  # empty: no money
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    time_windows = models.JSONField(_("times"), default=dict, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=NeedSource.choices, default=NeedSource.STAFF)
    survey = models.ForeignKey("surveys.Survey", models.SET_NULL, null=True, blank=True, related_name="resource_needs", verbose_name=_("survey"))
    state = models.CharField(_("state"), max_length=16, choices=NeedState.choices, default=NeedState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("entered by"))

    objects = ScopedQuerySet.as_manager()
    workflow = NEED_WORKFLOW

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_need_path"), models.Index(fields=["state", "unit_path"], name="res_need_state")]
        constraints = [models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="res_need_period")]

    def __str__(self):
        return self.title


class NeedTransition(TransitionRecord):
    need = models.ForeignKey(Need, models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("need step")
        verbose_name_plural = _("need steps")
