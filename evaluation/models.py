"""民主监督评议 and 物业服务评价 (S3.2): evaluation plans as data, their weighted indicators, a quarter's
period, representatives' ratings, and the results with every indicator's computation kept beside them.

A plan's indicators each name their source: a question of the residents' satisfaction survey, the
representatives' ratings, or a measured fact from the records (a metric of `evaluation.metrics`). Each
maps its raw value to 0-100 linearly between `low` (0 points) and `high` (100 points); `low` above `high`
means lower is better (a response time). A result keeps every indicator's raw value, score, weight and
source, so a score is never a black box."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet, has_perm_anywhere
from core.workflow import TransitionRecord
from evaluation.workflow import PERIOD_WORKFLOW, PeriodState


class PlanKind(models.TextChoices):
    PROPERTY = "property", _("Property service evaluation")  # 物业服务评价
    SUPERVISION = "supervision", _("Democratic supervision review")  # 民主监督评议
    RED_PROPERTY = "red_property", _("Red property creation")  # 红色物业创建


# what a plan of each kind scores: a property company in each estate it manages, or a body
PROPERTY_KINDS = (PlanKind.PROPERTY, PlanKind.RED_PROPERTY)


class SourceKind(models.TextChoices):
    SURVEY = "survey", _("Residents' satisfaction survey")
    RATING = "rating", _("Representatives' rating")
    METRIC = "metric", _("Measured from records")


class PlanQuerySet(models.QuerySet):
    """Plans are the platform's one list, hung on no unit: whoever may see evaluations anywhere sees them."""

    def for_user(self, user, perm: str):
        return self if getattr(user, "is_authenticated", False) and has_perm_anywhere(user, perm) else self.none()


class Plan(TimeStamped):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PlanKind.choices)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    threshold = models.DecimalField(_("rectification under"), max_digits=5, decimal_places=2, default=Decimal("60"))
    rectification_days = models.PositiveSmallIntegerField(_("days to rectify"), default=30)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation plan")
        verbose_name_plural = _("evaluation plans")
        ordering = ["kind", "id"]
        permissions = [("view_evaluation", "Can see evaluations"), ("manage_evaluation", "Can manage evaluations")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("evaluation:plan-detail", args=[self.pk])

    @property
    def scores_property(self) -> bool:
        return self.kind in PROPERTY_KINDS


class Indicator(models.Model):
    """One weighted indicator. `survey_question`: the position of the question in the estate's
    satisfaction survey of the quarter (mean of its answers); `metric`: a name in `evaluation.metrics`."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("indicator"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=8, choices=SourceKind.choices)
    survey_question = models.PositiveSmallIntegerField(_("survey question number"), null=True, blank=True)
    metric = models.CharField(_("metric"), max_length=40, blank=True)
    low = models.DecimalField(_("raw value scoring 0"), max_digits=10, decimal_places=2)
    high = models.DecimalField(_("raw value scoring 100"), max_digits=10, decimal_places=2)
    unit_label = models.CharField(_("unit of the raw value"), max_length=16, blank=True)  # "%", "分钟", "分"

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="eval_indicator_position_once"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="eval_indicator_weight_positive"),
            models.CheckConstraint(condition=~Q(low=models.F("high")), name="eval_indicator_bounds_differ"),
        ]

    def __str__(self):
        return self.name

    def normalise(self, raw) -> Decimal | None:
        """The raw value on 0-100: linear from `low` (0) to `high` (100), clamped; None for no data."""
        if raw is None:
            return None
        share = (Decimal(raw) - self.low) / (self.high - self.low)
        return (min(Decimal(1), max(Decimal(0), share)) * 100).quantize(Decimal("0.01"))


class PeriodQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Period(TimeStamped):
    """A plan run for a quarter over the estates under `unit` (usually the subdistrict)."""

    workflow = PERIOD_WORKFLOW

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="periods", verbose_name=_("plan"))
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="evaluation_periods", verbose_name=_("unit"))
    unit_path = PathField()
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    state = models.CharField(_("state"), max_length=16, choices=PeriodState.choices, default=PeriodState.DRAFT)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        ordering = ["-year", "-quarter", "plan_id", "id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="eval_period_path")]
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit", "year", "quarter"], name="eval_period_once"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="eval_period_quarter"),
        ]

    def __str__(self):
        return f"{self.plan} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.year}Q{self.quarter}"

    def get_absolute_url(self):
        return reverse("evaluation:period-detail", args=[self.pk])

    @property
    def starts(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 3 * self.quarter - 2, 1))

    @property
    def ends(self) -> datetime.datetime:
        """The first moment after the quarter."""
        y, m = (self.year + 1, 1) if self.quarter == 4 else (self.year, 3 * self.quarter + 1)
        return timezone.make_aware(datetime.datetime(y, m, 1))


class PeriodTransition(TransitionRecord):
    period = models.ForeignKey(Period, models.CASCADE, related_name="transitions", verbose_name=_("evaluation period"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("evaluation step")
        verbose_name_plural = _("evaluation steps")


class SubjectFields(models.Model):
    """Who is scored in an estate: a property company (property plans) or a body (supervision)."""

    estate = models.ForeignKey("org.Unit", models.PROTECT, related_name="+", verbose_name=_("residential district"))
    unit_path = PathField()  # the estate's
    organisation = models.ForeignKey("resources.Organisation", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("property company"))
    body = models.ForeignKey("meetings.Body", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("body"))

    class Meta:
        abstract = True


class RatingQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Rating(SubjectFields, TimeStamped):
    """A representative's or council member's rating of a subject in a period (on the rating indicator's scale)."""

    period = models.ForeignKey(Period, models.CASCADE, related_name="ratings", verbose_name=_("evaluation period"))
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="evaluation_ratings", verbose_name=_("rated by"))
    score = models.DecimalField(_("rating"), max_digits=5, decimal_places=2)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    objects = RatingQuerySet.as_manager()
    audit_personal_fields = ()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["period", "estate", "id"]
        indexes = [models.Index(fields=["period", "estate"], name="eval_rating_period_estate")]
        constraints = [
            models.UniqueConstraint(fields=["period", "estate", "organisation", "rater"], condition=Q(organisation__isnull=False), name="eval_rating_once_org"),
            models.UniqueConstraint(fields=["period", "body", "rater"], condition=Q(body__isnull=False), name="eval_rating_once_body"),
        ]


class ResultQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Result(SubjectFields):
    """A subject's score in a period: Σ weight × indicator score / Σ weight over the indicators with data."""

    period = models.ForeignKey(Period, models.CASCADE, related_name="results", verbose_name=_("evaluation period"))
    subject_name = models.CharField(_("evaluated"), max_length=100)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    below_threshold = models.BooleanField(_("under the threshold"), default=False)
    action = models.OneToOneField(
        "deliberation.Action", models.SET_NULL, null=True, blank=True, related_name="evaluation_result", verbose_name=_("rectification")
    )

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        ordering = ["period", "rank", "id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="eval_result_path"),
            models.Index(fields=["period", "rank"], name="eval_result_rank"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["period", "estate", "organisation"], condition=Q(organisation__isnull=False), name="eval_result_once_org"),
            models.UniqueConstraint(fields=["period", "body"], condition=Q(body__isnull=False), name="eval_result_once_body"),
        ]

    def __str__(self):
        return f"{self.subject_name} · {self.estate_id} · {self.score}"

    def get_absolute_url(self):
        return reverse("evaluation:result-detail", args=[self.pk])


class IndicatorValue(models.Model):
    """One line of a result's computation, kept as computed (the plan may change later)."""

    result = models.ForeignKey(Result, models.CASCADE, related_name="values", verbose_name=_("evaluation result"))
    indicator = models.ForeignKey(Indicator, models.PROTECT, related_name="+", verbose_name=_("indicator"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("indicator"), max_length=100)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    raw = models.DecimalField(_("raw value"), max_digits=12, decimal_places=2, null=True, blank=True)
    samples = models.PositiveIntegerField(_("counted"), default=0)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["result", "position"]
        constraints = [models.UniqueConstraint(fields=["result", "indicator"], name="eval_value_once")]
