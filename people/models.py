"""Residents, households, ownership and community roles (S0.3)."""

import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PathField, PrefixIndex, TimeStamped
from core.scoping import ScopedQuerySet


class Tenure(models.TextChoices):
    OWNER = "owner", _("Owner-occupied")
    RENTED = "rented", _("Rented")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    TENANT = "tenant", _("Tenant")
    OTHER = "other", _("Other")


class CommunityRoleKind(models.TextChoices):
    BUILDING_HEAD = "building_head", _("Building head")  # 楼组长
    REPRESENTATIVE = "representative", _("Residents' representative")  # 居民代表
    VOLUNTEER = "volunteer", _("Volunteer")  # 志愿者
    PARTY_MEMBER = "party_member", _("Party member")  # 党员
    TALENT = "talent", _("Community talent")  # 社区达人
    OWNERS_COMMITTEE = "owners_committee", _("Owners' committee member")  # 业委会委员
    MEDIATOR = "mediator", _("People's mediator")  # 人民调解员


class Household(TimeStamped):
    """户: the people living in one 房屋, owner-occupied or rented."""

    house = models.ForeignKey("org.Unit", models.PROTECT, related_name="households", verbose_name=_("house"))
    unit_path = PathField()
    number = models.CharField(_("household number"), max_length=40, unique=True)
    tenure = models.CharField(_("tenure"), max_length=16, choices=Tenure.choices, default=Tenure.OWNER)
    address = models.CharField(_("address"), max_length=200)

    objects = ScopedQuerySet.as_manager()
    audit_personal_fields = ("address",)  # audit.personal: where a family lives

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["unit_path", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="ppl_household_path")]

    def __str__(self):
        return f"{self.number} {self.address}"

    def get_absolute_url(self):
        return reverse("people:household-detail", args=[self.pk])


class Resident(TimeStamped):
    household = models.ForeignKey(Household, models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("household"))
    house = models.ForeignKey("org.Unit", models.PROTECT, related_name="residents", verbose_name=_("house"))
    unit_path = PathField()
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices, default=Relation.HEAD)
    name = models.CharField(_("name"), max_length=50)
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=False)
    name_initials = models.CharField(max_length=50, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_number_enc = models.TextField(editable=False)
    id_number_digest = models.CharField(max_length=64, editable=False, unique=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    mobile_enc = models.TextField(editable=False, blank=True)
    mobile_digest = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    mobile_masked = models.CharField(_("mobile"), max_length=11, editable=False, blank=True)
    address = models.CharField(_("address"), max_length=200, editable=False)
    user = models.OneToOneField("accounts.User", models.SET_NULL, null=True, blank=True, related_name="resident", verbose_name=_("account"))

    objects = ScopedQuerySet.as_manager()
    audit_personal_fields = ("name", "gender", "birth_date", "id_number_masked", "mobile_masked", "address", "relation")  # audit.personal

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["unit_path", "id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="ppl_resident_path"),
            PrefixIndex(fields=["name_initials"], name="ppl_resident_initials"),
            PrefixIndex(fields=["name_pinyin"], name="ppl_resident_pinyin"),
            models.Index(fields=["name"], name="ppl_resident_name"),
        ]
        permissions = [("view_pii", "Can view personal data in full")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:resident-detail", args=[self.pk])

    def age_on(self, day: datetime.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def age(self) -> int:
        """What is shown without `view_pii`: the birth date would complete the masked ID number."""
        return self.age_on(timezone.localdate())


class Ownership(TimeStamped):
    """An owner of a 房屋; co-owners each have a row, one of them the designated representative."""

    house = models.ForeignKey("org.Unit", models.PROTECT, related_name="ownerships", verbose_name=_("house"))
    unit_path = PathField()
    owner = models.ForeignKey(Resident, models.PROTECT, related_name="ownerships", verbose_name=_("owner"))
    share_percent = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2, default=100)
    is_representative = models.BooleanField(_("voting representative"), default=True)
    certificate_no = models.CharField(_("property certificate number"), max_length=60, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    audit_personal_fields = ("certificate_no",)  # audit.personal; its str() names the owner

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["unit_path", "id"]
        constraints = [
            models.UniqueConstraint(fields=["house", "owner"], name="uniq_owner_per_house"),
            models.UniqueConstraint(fields=["house"], condition=models.Q(is_representative=True), name="one_representative_per_house"),
            models.CheckConstraint(condition=models.Q(share_percent__gt=0, share_percent__lte=100), name="share_in_range"),
        ]
        indexes = [models.Index(fields=["unit_path", "id"], name="ppl_ownership_path")]

    def __str__(self):
        return f"{self.owner} · {self.house}"


class CommunityRole(TimeStamped):
    resident = models.ForeignKey(Resident, models.CASCADE, related_name="community_roles", verbose_name=_("resident"))
    kind = models.CharField(_("role"), max_length=32, choices=CommunityRoleKind.choices)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="community_roles", verbose_name=_("unit"))
    unit_path = PathField()
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    audit_personal_fields = ()  # audit.personal: its str() names the resident

    class Meta:
        verbose_name = _("community role")
        verbose_name_plural = _("community roles")
        ordering = ["unit_path", "id"]
        constraints = [models.UniqueConstraint(fields=["resident", "kind", "unit"], name="uniq_community_role")]
        indexes = [models.Index(fields=["unit_path", "id"], name="ppl_commrole_path")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.resident}"
