"""睦邻点 neighbourhood points (S1.3): registry, activities, supervision, development records, yearly
star ratings, and their life from proposal to retirement (states in doorstep/workflow.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from doorstep.models.places import Operator
from doorstep.workflow import POINT_WORKFLOW, PointState


class PointQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class NeighbourhoodPoint(TimeStamped):
    """A 睦邻点: a host resident's or a group's regular neighbourly gathering at a place, run as a
    project commissioned to a social organisation for a period. `host_name` is the host as the point
    is publicly known (a resident who agreed to host)."""

    workflow = POINT_WORKFLOW

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="neighbourhood_points", verbose_name=_("residential district"))
    unit_path = PathField()
    host_name = models.CharField(_("host"), max_length=50)
    host = models.ForeignKey("people.Resident", models.SET_NULL, null=True, blank=True, related_name="hosted_points", verbose_name=_("host (resident)"))
    address = models.CharField(_("place"), max_length=200)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    theme = models.CharField(_("theme"), max_length=50)  # 手工, 读书, 健康, 议事...
    operator = models.ForeignKey(Operator, models.SET_NULL, null=True, blank=True, related_name="points", verbose_name=_("commissioned organisation"))
    project_start = models.DateField(_("project from"), null=True, blank=True)
    project_end = models.DateField(_("project to"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=PointState.choices, default=PointState.PROPOSED)
    is_model = models.BooleanField(_("model point"), default=False)  # 示范睦邻点, also a place for 议事协商
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("neighbourhood point")
        verbose_name_plural = _("neighbourhood points")
        ordering = ["unit_path", "name"]
        indexes = [models.Index(fields=["unit_path", "id"], name="svc_point_path"), models.Index(fields=["state"], name="svc_point_state")]

    def __str__(self):
        return self.name


class PointTransition(TransitionRecord):
    point = models.ForeignKey(NeighbourhoodPoint, models.CASCADE, related_name="transitions", verbose_name=_("neighbourhood point"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("neighbourhood point step")
        verbose_name_plural = _("neighbourhood point steps")


class PointActivity(models.Model):
    point = models.ForeignKey(NeighbourhoodPoint, models.CASCADE, related_name="activities", verbose_name=_("neighbourhood point"))
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    attendance = models.PositiveIntegerField(_("attendance"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["point", "date"], name="svc_activity_point_date")]


class SupervisionVisit(models.Model):
    """实地督导: an on-site supervision visit with its findings."""

    point = models.ForeignKey(NeighbourhoodPoint, models.CASCADE, related_name="visits", verbose_name=_("neighbourhood point"))
    date = models.DateField(_("date"))
    visitor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("supervisor"))
    findings = models.TextField(_("findings"))
    suggestions = models.TextField(_("suggestions"), blank=True)
    score = models.PositiveSmallIntegerField(_("score (0-100)"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-date", "-id"]


class PointRecordKind(models.TextChoices):
    TRAINING = "training", _("Training")  # 专业培训
    EXCHANGE = "exchange", _("Case exchange")  # 案例交流
    SHOWCASE = "showcase", _("Showcase")  # 活动展示
    SURVEY = "survey", _("Needs survey")  # 需求调研 (with the survey it used)


class PointRecord(models.Model):
    point = models.ForeignKey(NeighbourhoodPoint, models.CASCADE, related_name="records", verbose_name=_("neighbourhood point"))
    kind = models.CharField(_("kind"), max_length=16, choices=PointRecordKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    notes = models.TextField(_("notes"), blank=True)
    survey = models.ForeignKey("surveys.Survey", models.SET_NULL, null=True, blank=True, related_name="point_records", verbose_name=_("survey"))

    class Meta:
        verbose_name = _("development record")
        verbose_name_plural = _("development records")
        ordering = ["-date", "-id"]


class StarRating(models.Model):
    """星级评选: a point's rating for one year, 1-5 stars from criteria scores that are kept
    (`scores`: {"activity": 28, "participation": 18, ...}; criteria and weights are data)."""

    point = models.ForeignKey(NeighbourhoodPoint, models.CASCADE, related_name="ratings", verbose_name=_("neighbourhood point"))
    year = models.PositiveSmallIntegerField(_("year"))
    scores = models.JSONField(_("criteria scores"), default=dict)
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=1)
    stars = models.PositiveSmallIntegerField(_("stars"))
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("rated by"))
    rated_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["point", "year"], name="svc_rating_once_a_year"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="svc_rating_stars_1_5"),
        ]
