"""The service menu (菜单式服务, S1.1): 党群 / 政务 / 生活 services that residents browse and get."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from doorstep.models.places import Operator, Place, Room


class ServiceGroup(models.TextChoices):
    PARTY = "party", _("Party and mass services")  # 党群服务
    GOVERNMENT = "government", _("Government services")  # 政务服务
    LIFE = "life", _("Life services")  # 生活服务


class Access(models.TextChoices):
    WALK_IN = "walk_in", _("Walk in")  # 随到随办
    BOOK = "book", _("Book a place")  # 预约
    APPLY = "apply", _("Apply and wait for approval")  # 申请


class ServiceQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Service(TimeStamped):
    """One item of the menu, offered at a place (and maybe in one room) by a provider.

    `eligibility`: who may use it, checked against the resident's record, e.g. {"min_age": 60} (day
    care), {"max_age": 6} (early education), {"residents_of_unit": true} (only residents living under
    the place's unit). Empty: everyone. `schedule` is the human description ("每周一至五 9:00-16:00");
    bookable sessions are `Slot`s."""

    group = models.CharField(_("group"), max_length=16, choices=ServiceGroup.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    place = models.ForeignKey(Place, models.CASCADE, related_name="services", verbose_name=_("place"))
    room = models.ForeignKey(Room, models.SET_NULL, null=True, blank=True, related_name="services", verbose_name=_("room"))
    unit_path = PathField()  # the place's, for scoping
    provider = models.ForeignKey(Operator, models.SET_NULL, null=True, blank=True, related_name="services", verbose_name=_("provider"))
    provider_name = models.CharField(_("provider (other)"), max_length=100, blank=True)  # a department, a hospital...
    schedule = models.CharField(_("schedule"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("places per session"), default=20)
    eligibility = models.JSONField(_("who may use it"), default=dict, blank=True)
    access = models.CharField(_("how to get it"), max_length=16, choices=Access.choices, default=Access.BOOK)
    fee = models.CharField(_("fee"), max_length=50, blank=True)  # "免费", "10元/餐"
    is_active = models.BooleanField(_("offered"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["group", "name"]
        indexes = [models.Index(fields=["unit_path", "id"], name="svc_service_path")]

    def __str__(self):
        return self.name
