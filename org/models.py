"""The unit tree: 街道 → 片区 → 居民区 → 网格 → 楼栋 → 房屋 (S0.1, S0.2)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet, scoped_manager
from core.validators import validate_credit_code

SEGMENT = 5  # digits per path segment; 99,999 children per unit

# org's capabilities, by name (accounts.roles grants them to roles; org sits below accounts)
VIEW_UNIT = "org.view_unit"
CHANGE_UNIT = "org.change_unit"
EXPORT_UNIT = "org.export_unit"
CHANGE_ELEMENT = "org.change_gridelement"  # 全要素: a grid's shops, public places and street segments


class UnitKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Subdistrict")  # 街道
    AREA = "area", _("Area")  # 片区
    DISTRICT = "district", _("Residential district")  # 居民区
    GRID = "grid", _("Grid")  # 网格
    BUILDING = "building", _("Building")  # 楼栋
    HOUSE = "house", _("House")  # 房屋 (a unit of exclusive ownership)


KIND_ORDER = [k.value for k in UnitKind]
CHILD_KIND = {KIND_ORDER[i]: KIND_ORDER[i + 1] for i in range(len(KIND_ORDER) - 1)}


class AreaSource(models.TextChoices):
    """建筑物区分所有权司法解释 Art. 8: registered area, else surveyed, else contract area."""

    REGISTRY = "registry", _("Real-estate register")
    SURVEY = "survey", _("Survey")
    CONTRACT = "contract", _("Sale contract")


class UnitQuerySet(ScopedQuerySet):
    scope_field = "path"

    def under(self, unit, include_self=True):
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)


class Unit(TimeStamped):
    kind = models.CharField(_("type"), max_length=16, choices=UnitKind.choices)
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent unit"))
    path = PathField(_("path"), unique=True)
    depth = models.PositiveSmallIntegerField(editable=False)
    # 区域清: where it is
    address = models.CharField(_("address"), max_length=200, blank=True)
    boundary = models.JSONField(_("boundary (GeoJSON geometry)"), null=True, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    # 权责清: what it is responsible for
    duties = models.TextField(_("responsibilities"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # 房屋 only: 专有部分面积
    exclusive_area = models.DecimalField(_("exclusive area (m²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    area_source = models.CharField(_("area source"), max_length=16, choices=AreaSource.choices, blank=True)
    is_parking = models.BooleanField(_("parking space"), default=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["kind", "path"])]
        permissions = [("export_unit", "Can export units")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:unit-detail", args=[self.pk])

    @property
    def child_kind(self):
        return CHILD_KIND.get(self.kind)

    def ancestor_paths(self):
        return [self.path[: i * (SEGMENT + 1)] for i in range(1, self.depth + 1)]

    def ancestors(self):
        return Unit.objects.filter(path__in=self.ancestor_paths()[:-1]).order_by("depth")


class Responsible(models.Model):
    """人员清: a named person responsible for a unit, with duty and contact."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="responsibles", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("title"), max_length=50)
    duty = models.CharField(_("duty"), max_length=200, blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    user = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, verbose_name=_("account"))

    objects = scoped_manager("unit__path")

    class Meta:
        verbose_name = _("responsible person")
        verbose_name_plural = _("responsible persons")
        ordering = ["unit_id", "id"]

    def __str__(self):
        return f"{self.title} {self.name}"


class ElementKind(models.TextChoices):
    """全要素: what a grid holds besides its buildings (小区、商区、街区)."""

    SHOP = "shop", _("Shop")  # 商户
    PUBLIC_PLACE = "public_place", _("Public place")  # 公共场所
    STREET = "street", _("Street segment")  # 街段


class GridElement(TimeStamped):
    """A shop, public place or street segment of a grid, so patrols and cases can refer to it."""

    grid = models.ForeignKey(Unit, models.PROTECT, related_name="elements", verbose_name=_("grid"), limit_choices_to={"kind": UnitKind.GRID})
    unit_path = PathField()
    kind = models.CharField(_("type"), max_length=16, choices=ElementKind.choices)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code])  # a shop's licence
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = scoped_manager("unit_path")

    class Meta:
        verbose_name = _("grid element")
        verbose_name_plural = _("grid elements")
        ordering = ["unit_path", "kind", "name", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="org_element_path")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("org:element-detail", args=[self.pk])
