"""Deliberative bodies (议事机构) on the unit tree, their kinds and seat templates as data, seats and members (S3.1, S3.2).

A `BodyKind` says at which level of the tree its bodies sit, which seats they have (`SeatTemplate`) and their
default rules; a `Body` copies the rules when it is made and may change them: `quorum` is the fraction of its
seats whose holders must be present (at least), `majority` the fraction of the votes `majority_base` counts
(those present, or every seat) that a decision needs (more than). A seat marked `required` must have its holder
present for the meeting to be quorate (e.g. the 党组织 seat of a 1+3+N council).

A `Seat` is a place at the table that one party holds: the 居委会, the 物业公司 (an organisation of the resources
library), a 居民代表. A `Membership` is the person holding a seat for a term; at most one current holder per seat,
and a person may sit on several bodies. Members are people on record: an account, a resident, or both.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet


class MajorityBase(models.TextChoices):
    PRESENT = "present", _("Of the members present")  # 到会成员
    SEATS = "seats", _("Of all seats")  # 全体成员


class SeatGroup(models.TextChoices):
    CORE = "core", _("Core")  # "1+3": 党组织, 居委会, 业委会, 物业
    N = "n", _("Others (N)")  # "N": police, co-building units, groups, organisations, representatives
    OTHER = "other", _("Member")


class BodyKind(models.Model):
    """A kind of deliberative body (1+3+N 议事会, 三驾马车, 区域联席会议, 自管共管联合小组, 党务政务监督小组,
    睦邻点议事): data, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    unit_kind = models.CharField(_("sits at"), max_length=16)  # org.UnitKind value: district, area, grid, ...
    description = models.TextField(_("description"), blank=True)
    quorum = models.DecimalField(_("quorum (fraction of seats)"), max_digits=4, decimal_places=3, default=0.5)
    majority = models.DecimalField(_("majority (fraction, more than)"), max_digits=4, decimal_places=3, default=0.5)
    majority_base = models.CharField(_("majority of"), max_length=16, choices=MajorityBase.choices, default=MajorityBase.PRESENT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("kind of body")
        verbose_name_plural = _("kinds of body")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quorum__gt=0, quorum__lte=1), name="mtg_kind_quorum_fraction"),
            models.CheckConstraint(condition=Q(majority__gte=0, majority__lt=1), name="mtg_kind_majority_fraction"),
        ]

    def __str__(self):
        return self.name


class SeatTemplate(models.Model):
    """One seat a kind of body has: its party (`code`: party, committee, owners, property, police, ...), name,
    group, how many such seats, and whether its holder must be present."""

    kind = models.ForeignKey(BodyKind, models.CASCADE, related_name="seat_templates", verbose_name=_("kind of body"))
    code = models.SlugField(_("party"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    group = models.CharField(_("group"), max_length=8, choices=SeatGroup.choices, default=SeatGroup.OTHER)
    count = models.PositiveSmallIntegerField(_("seats"), default=1)
    required = models.BooleanField(_("must be present"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("seat template")
        verbose_name_plural = _("seat templates")
        ordering = ["kind_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="mtg_seat_template_once")]

    def __str__(self):
        return self.name


class BodyQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Body(TimeStamped):
    kind = models.ForeignKey(BodyKind, models.PROTECT, related_name="bodies", verbose_name=_("kind"))
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="bodies", verbose_name=_("unit"))
    unit_path = PathField()
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("remit"), blank=True)
    # a body that meets at a place: a model 睦邻点's neighbourhood deliberation, a station's 议事室
    point = models.ForeignKey("services.NeighbourhoodPoint", models.SET_NULL, null=True, blank=True, related_name="bodies", verbose_name=_("睦邻点"))
    room = models.ForeignKey("services.Room", models.SET_NULL, null=True, blank=True, related_name="bodies", verbose_name=_("usual room"))
    quorum = models.DecimalField(_("quorum (fraction of seats)"), max_digits=4, decimal_places=3, default=0.5)
    majority = models.DecimalField(_("majority (fraction, more than)"), max_digits=4, decimal_places=3, default=0.5)
    majority_base = models.CharField(_("majority of"), max_length=16, choices=MajorityBase.choices, default=MajorityBase.PRESENT)
    term_start = models.DateField(_("term from"), null=True, blank=True)
    term_end = models.DateField(_("term until"), null=True, blank=True)
    minutes_publish_days = models.PositiveSmallIntegerField(_("minutes published for (days)"), default=7)
    is_active = models.BooleanField(_("active"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliberative body")
        verbose_name_plural = _("deliberative bodies")
        ordering = ["unit_path", "kind_id", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="mtg_body_path")]
        permissions = [("manage_body", "Can manage deliberative bodies and their meetings")]
        constraints = [
            models.CheckConstraint(condition=Q(quorum__gt=0, quorum__lte=1), name="mtg_body_quorum_fraction"),
            models.CheckConstraint(condition=Q(majority__gte=0, majority__lt=1), name="mtg_body_majority_fraction"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:body-detail", args=[self.pk])


class Seat(models.Model):
    """A place at a body's table, held by one party: an organisation of the resources library, a unit (the 居委会
    is its 居民区), or only a name (居民代表)."""

    body = models.ForeignKey(Body, models.CASCADE, related_name="seats", verbose_name=_("body"))
    template = models.ForeignKey(SeatTemplate, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("seat template"))
    party = models.SlugField(_("party"), max_length=40)  # the template's code: party, committee, owners, property, ...
    name = models.CharField(_("seat"), max_length=60)
    group = models.CharField(_("group"), max_length=8, choices=SeatGroup.choices, default=SeatGroup.OTHER)
    required = models.BooleanField(_("must be present"), default=False)
    organisation = models.ForeignKey("resources.Organisation", models.SET_NULL, null=True, blank=True, related_name="seats", verbose_name=_("organisation"))
    party_unit = models.ForeignKey("org.Unit", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("for unit"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body_id", "order", "id"]

    def __str__(self):
        return self.name


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")  # 召集人 / 主持人
    SECRETARY = "secretary", _("Secretary")  # 记录人
    MEMBER = "member", _("Member")  # 成员


class MembershipQuerySet(ScopedQuerySet):
    scope_field = "unit_path"

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))


class Membership(TimeStamped):
    """A person holding a seat for a term. `name` is the name shown on the body's page."""

    seat = models.ForeignKey(Seat, models.CASCADE, related_name="memberships", verbose_name=_("seat"))
    body = models.ForeignKey(Body, models.CASCADE, related_name="memberships", verbose_name=_("body"))
    unit_path = PathField()  # the body's
    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("account"))
    resident = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="memberships", verbose_name=_("resident"))
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)  # null: current

    objects = MembershipQuerySet.as_manager()
    audit_personal_fields = ()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["body_id", "seat__order", "id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="mtg_member_path"),
            models.Index(fields=["user", "end"], name="mtg_member_user"),
        ]
        constraints = [
            # one current holder per seat; a person holds one current seat per body
            models.UniqueConstraint(fields=["seat"], condition=Q(end__isnull=True), name="mtg_member_one_per_seat"),
            models.UniqueConstraint(fields=["body", "user"], condition=Q(end__isnull=True, user__isnull=False), name="mtg_member_user_once"),
            models.UniqueConstraint(fields=["body", "resident"], condition=Q(end__isnull=True, resident__isnull=False), name="mtg_member_resident_once"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")), name="mtg_member_term_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.seat.name})"
