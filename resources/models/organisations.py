"""共建单位 and 公益慈善企业 (S2.2, S2.3): the organisations that offer spaces and charity projects.

`unit` is where the organisation is attached (the 居民区 it works with, or the subdistrict); staff
of that unit's subtree manage it. `districts` are the 居民区 it serves (empty: all)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.validators import validate_credit_code


class OrganisationKind(models.TextChoices):
    CO_BUILDING = "co_building", _("Co-building unit")  # 共建单位
    ENTERPRISE = "enterprise", _("Charity enterprise")  # 公益慈善企业
    SOCIAL_ORG = "social_org", _("Social organisation")  # 社会组织
    PROPERTY = "property", _("Property management company")  # 物业服务企业: `districts` are the estates it manages


class Organisation(TimeStamped):
    kind = models.CharField(_("kind"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=100, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code])
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="resource_organisations", verbose_name=_("attached to"))
    unit_path = PathField()
    districts = models.ManyToManyField("org.Unit", blank=True, related_name="serving_organisations", verbose_name=_("residential districts served"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)  # an office line or a work mobile
    description = models.TextField(_("introduction"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_org_path")]
        constraints = [models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""), name="res_org_credit_code_once")]

    def __str__(self):
        return self.name


class Project(TimeStamped):
    """One line of an enterprise's 公益服务项目清单.

    `capacity`: people served per delivery; `deliveries`: how many times it can be delivered in a
    matching period (its capacity in a round); `availability`: weekly windows as on talents."""

    organisation = models.ForeignKey(Organisation, models.CASCADE, related_name="projects", verbose_name=_("organisation"))
    unit_path = PathField()  # the organisation's
    name = models.CharField(_("name"), max_length=100)
    types = models.ManyToManyField("resources.ResourceType", related_name="projects", verbose_name=_("fields"))
    content = models.TextField(_("content"), blank=True)
    capacity = models.PositiveIntegerField(_("people per delivery"), default=30)
    deliveries = models.PositiveSmallIntegerField(_("deliveries per period"), default=4)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=12, decimal_places=2, default=0)
    cost_to_requester = models.DecimalField(_("cost to the requester (yuan)"), max_digits=10, decimal_places=2, default=0)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    districts = models.ManyToManyField("org.Unit", blank=True, related_name="charity_projects", verbose_name=_("areas served"))
    availability = models.JSONField(_("available times"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("charity project")
        verbose_name_plural = _("charity projects")
        ordering = ["organisation", "name"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_project_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="res_project_period"
            )
        ]

    def __str__(self):
        return self.name
