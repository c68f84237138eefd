"""Places (S1.1, S1.2): the 中山幸福里 centre and the 22 好邻居 stations, their rooms (1+5+X), their
four committees, and the commissioned third parties that run them."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.validators import validate_credit_code


class PlaceKind(models.TextChoices):
    CENTRE = "centre", _("Community service centre")  # 中山幸福里
    STATION = "station", _("Good-neighbour station")  # 好邻居服务站


class RoomKind(models.TextChoices):
    # the station's 1 + 5
    AFFAIRS_HALL = "affairs_hall", _("Community affairs hall")  # 社区事务服务大厅
    PARTY = "party", _("Party and mass activity room")  # 党群活动室
    MEDIATION = "mediation", _("Safety and mediation room")  # 平安调处室
    HEALTH = "health", _("Health service room")  # 健康服务室
    CULTURE = "culture", _("Culture and sports room")  # 文体活动室
    DELIBERATION = "deliberation", _("Deliberation room")  # 社区议事室
    # the centre's functions
    CANTEEN = "canteen", _("Community canteen")  # 社区食堂
    DAY_CARE = "day_care", _("Elderly day care")  # 老人日托
    FITNESS = "fitness", _("Fitness")  # 社区健身
    EARLY_EDUCATION = "early_education", _("Early education centre")  # 早教中心
    READING = "reading", _("Reading room")  # 图书阅览室
    YOUTH = "youth", _("Youth centre")  # 青年中心
    VOLUNTEER = "volunteer", _("Volunteer centre")  # 志愿服务中心
    HEALTH_STATION = "health_station", _("Health station")  # 卫生服务站
    LEGAL = "legal", _("Legal consultation room")  # 法律咨询室
    CLASSROOM = "classroom", _("Multi-purpose classroom")  # 多功能教室
    # X: the station's own rooms, and spaces shared by co-building units (S2.2)
    OTHER = "other", _("Other room")
    SHARED = "shared", _("Shared space")


STATION_CORE_ROOMS = [RoomKind.AFFAIRS_HALL, RoomKind.PARTY, RoomKind.MEDIATION, RoomKind.HEALTH, RoomKind.CULTURE, RoomKind.DELIBERATION]


class Operator(TimeStamped):
    """A commissioned third party (社会组织 / 企业) that runs a place, a room, a service or a 睦邻点 project."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code])
    phone = models.CharField(_("office phone"), max_length=20, blank=True)  # an organisation's line, not personal data
    contract_start = models.DateField(_("contract from"), null=True, blank=True)
    contract_end = models.DateField(_("contract to"), null=True, blank=True)

    class Meta:
        verbose_name = _("operator")
        verbose_name_plural = _("operators")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlaceQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Place(TimeStamped):
    """The centre (on the subdistrict) or a station (on its 居民区).

    `opening_hours`: {"0": [["08:30", "17:00"], ["18:00", "20:30"]], ..., "6": [...]} by weekday
    (0 = Monday), local time; a missing day is closed."""

    kind = models.CharField(_("kind"), max_length=16, choices=PlaceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="service_places", verbose_name=_("unit"))
    unit_path = PathField()
    address = models.CharField(_("address"), max_length=200, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    operator = models.ForeignKey(Operator, models.SET_NULL, null=True, blank=True, related_name="places", verbose_name=_("operator"))
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    duties = models.TextField(_("duties and services (general)"), blank=True)  # 职责清单
    personalised = models.TextField(_("personalised services"), blank=True)  # 个性化服务

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service place")
        verbose_name_plural = _("service places")
        ordering = ["kind", "unit_path", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="svc_place_path")]

    def __str__(self):
        return self.name


class RoomQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Room(TimeStamped):
    """A room of a place, or a shared space offered by a co-building unit or a 居民区 (S2.2, place empty).

    `opening_hours` as on Place; empty means the place's hours. `equipment`: ["投影仪", "音响", ...]."""

    place = models.ForeignKey(Place, models.CASCADE, null=True, blank=True, related_name="rooms", verbose_name=_("place"))
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="service_rooms", verbose_name=_("unit"))
    unit_path = PathField()
    kind = models.CharField(_("kind"), max_length=20, choices=RoomKind.choices)
    name = models.CharField(_("name"), max_length=100)
    floor = models.SmallIntegerField(_("floor"), default=1)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    area_m2 = models.PositiveIntegerField(_("area (m²)"), null=True, blank=True)
    equipment = models.JSONField(_("equipment"), default=list, blank=True)
    opening_hours = models.JSONField(_("opening hours"), default=dict, blank=True)
    operator = models.ForeignKey(Operator, models.SET_NULL, null=True, blank=True, related_name="rooms", verbose_name=_("operator"))
    bookable = models.BooleanField(_("can be booked"), default=True)
    slot_minutes = models.PositiveSmallIntegerField(_("booking slot (minutes)"), default=60)
    rules = models.TextField(_("rules of use"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["place", "floor", "name"]
        indexes = [models.Index(fields=["unit_path", "id"], name="svc_room_path")]

    def __str__(self):
        return self.name


class CommitteeKind(models.TextChoices):
    PARTY = "party", _("Party and mass committee")  # 社区党群委员会
    SELF_GOVERNANCE = "self_governance", _("Self-governance committee")  # 社区自治委员会
    SERVICE = "service", _("Service committee")  # 社区服务委员会
    SAFETY = "safety", _("Safety committee")  # 社区平安委员会


class Committee(models.Model):
    """One of a station's four committees; its members (CommitteeMember) are residents or accounts."""

    place = models.ForeignKey(Place, models.CASCADE, related_name="committees", verbose_name=_("place"))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    remit = models.TextField(_("remit"), blank=True)

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [models.UniqueConstraint(fields=["place", "kind"], name="svc_committee_once")]


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")  # 主任
    VICE_CHAIR = "vice_chair", _("Vice-chair")  # 副主任
    MEMBER = "member", _("Member")  # 委员


ROLE_RANK = {CommitteeRole.CHAIR: 0, CommitteeRole.VICE_CHAIR: 1, CommitteeRole.MEMBER: 2}


class CommitteeMemberQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class CommitteeMember(TimeStamped):
    """A member of a station's committee: a resident of the station's 居民区 or an account (staff, a co-building
    unit's contact), with a role. `name` is the name published on the station's wall. Members moved from the
    former JSON list that matched nobody keep their name with neither link until someone links them."""

    committee = models.ForeignKey(Committee, models.CASCADE, related_name="members", verbose_name=_("committee"))
    unit_path = PathField()
    role = models.CharField(_("role in the committee"), max_length=16, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)
    rank = models.PositiveSmallIntegerField(default=2, editable=False)  # ROLE_RANK: chair first on the wall
    name = models.CharField(_("name"), max_length=50)
    resident = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="committee_seats", verbose_name=_("resident"))
    user = models.ForeignKey("accounts.User", models.SET_NULL, null=True, blank=True, related_name="committee_seats", verbose_name=_("account"))
    since = models.DateField(_("member since"), null=True, blank=True)

    objects = CommitteeMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee_id", "rank", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="svc_cmember_path")]
        constraints = [
            models.UniqueConstraint(fields=["committee", "resident"], name="svc_cmember_resident_once"),
            models.UniqueConstraint(fields=["committee", "user"], name="svc_cmember_user_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        self.rank = ROLE_RANK.get(self.role, 2)
        super().save(*args, **kwargs)
