"""社区达人 (S2.1): residents with skills, gathered by staff entry, a resident's own application
(reviewed by staff) and Excel import; listed publicly only with their consent.

`availability`: {"0": [["09:00", "11:30"]], ..., "6": [...]} by weekday (0 = Monday), local time;
empty means "by arrangement" (any time). `reach_m`: how far from home they will go to serve."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from resources.workflow import TALENT_WORKFLOW, TalentState


class TalentSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    APPLICATION = "application", _("Own application")
    IMPORT = "import", _("Excel import")


class SkillLevel(models.IntegerChoices):
    BEGINNER = 1, _("Keen amateur")  # 爱好者
    SKILLED = 2, _("Skilled")  # 熟练
    EXPERT = 3, _("Expert")  # 专业
    MASTER = 4, _("Master")  # 名家 / 非遗传承人


class Talent(TimeStamped):
    resident = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="talents", verbose_name=_("resident"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="talent_profiles", verbose_name=_("account"))
    name = models.CharField(_("name"), max_length=50)
    phone_enc = models.TextField(editable=False, blank=True)
    phone_digest = models.CharField(max_length=64, editable=False, blank=True, db_index=True)
    phone_masked = models.CharField(_("mobile"), max_length=11, editable=False, blank=True)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="talents", verbose_name=_("lives in"))  # a 居民区 or below
    unit_path = PathField()
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    bio = models.TextField(_("introduction"), blank=True)
    availability = models.JSONField(_("available times"), default=dict, blank=True)
    reach_m = models.PositiveIntegerField(_("will go up to (metres)"), default=3000)
    group_size = models.PositiveIntegerField(_("people at once"), default=20)
    sessions_per_period = models.PositiveSmallIntegerField(_("services per period"), default=2)
    public_consent = models.BooleanField(_("agrees to be listed publicly"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=TalentState.choices, default=TalentState.APPLIED)
    source = models.CharField(_("source"), max_length=16, choices=TalentSource.choices, default=TalentSource.STAFF)
    review_note = models.CharField(_("review note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    workflow = TALENT_WORKFLOW
    audit_personal_fields = ("name", "phone_masked", "lat", "lng", "bio")  # audit.personal: a phone reveal's record names no one

    class Meta:
        verbose_name = _("community talent")
        verbose_name_plural = _("community talents")
        ordering = ["unit_path", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_talent_path"), models.Index(fields=["state", "unit_path"], name="res_talent_state")]
        constraints = [  # one live entry per resident and per account; a rejected application may be followed by another
            models.UniqueConstraint(fields=["resident"], condition=~models.Q(state="rejected"), name="res_talent_resident_once"),
            models.UniqueConstraint(fields=["user"], condition=~models.Q(state="rejected"), name="res_talent_user_once"),
        ]

    def __str__(self):
        return self.name


class TalentSkill(models.Model):
    talent = models.ForeignKey(Talent, models.CASCADE, related_name="skills", verbose_name=_("talent"))
    type = models.ForeignKey("resources.ResourceType", models.PROTECT, related_name="talent_skills", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, default=SkillLevel.SKILLED)
    note = models.CharField(_("note"), max_length=200, blank=True)  # certificates, awards, works

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["talent", "-level", "id"]
        constraints = [models.UniqueConstraint(fields=["talent", "type"], name="res_talent_skill_once")]

    def __str__(self):
        return f"{self.type} ({self.get_level_display()})"


class TalentTransition(TransitionRecord):
    talent = models.ForeignKey(Talent, models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("talent review step")
        verbose_name_plural = _("talent review steps")
