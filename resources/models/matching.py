"""精准对接 (S2.2, S2.3): the catalogue every resource is ranked from, matches, agreements,
service records, and rounds.

`Resource` is one row per talent, shared space or charity project, kept in step by the services
that write them (resources.catalogue): what matching needs, in one indexed table. `committed`
counts its agreed, not yet served matches; a CHECK keeps it within `capacity_per_period` and an
agreement takes a place by one conditional UPDATE, as bookings do, so two staff agreeing at once
cannot over-commit a talent. `asked` counts matches proposed to it in the last
RESOURCES_ASKED_DAYS days: the score prefers resources asked less (so the same few are not overused)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from resources.models.taxonomy import ResourceKind
from resources.workflow import LIVE_MATCH_STATES, MATCH_WORKFLOW, MatchState


class Resource(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=ResourceKind.choices)
    talent = models.OneToOneField("resources.Talent", models.CASCADE, null=True, blank=True, related_name="resource")
    space = models.OneToOneField("resources.SharedSpace", models.CASCADE, null=True, blank=True, related_name="resource")
    project = models.OneToOneField("resources.Project", models.CASCADE, null=True, blank=True, related_name="resource")
    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey(
        "org.Unit", models.PROTECT, related_name="+", verbose_name=_("unit")
    )  # where it is (talent: home; space: site; project: organisation)
    unit_path = PathField()
    organisation = models.ForeignKey("resources.Organisation", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation"))
    types = models.ManyToManyField("resources.ResourceType", related_name="resources", verbose_name=_("types"))
    districts = models.ManyToManyField("org.Unit", blank=True, related_name="+", verbose_name=_("serves only"))  # empty: anywhere within reach
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    reach_m = models.PositiveIntegerField(_("reach (metres)"))
    capacity = models.PositiveIntegerField(_("people at once"))
    capacity_per_period = models.PositiveSmallIntegerField(_("services per period"))
    cost = models.DecimalField(_("cost to the requester (yuan)"), max_digits=10, decimal_places=2, default=0)
    availability = models.JSONField(_("available times"), default=dict, blank=True)
    available_from = models.DateField(_("from"), null=True, blank=True)
    available_to = models.DateField(_("to"), null=True, blank=True)
    committed = models.PositiveSmallIntegerField(_("agreed, not yet served"), default=0)
    asked = models.PositiveIntegerField(_("asked recently"), default=0)
    served = models.PositiveIntegerField(_("services given"), default=0)
    is_active = models.BooleanField(_("can be matched"), default=True)
    is_public = models.BooleanField(_("listed publicly"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "unit_path", "id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="res_resource_path"),
            models.Index(fields=["kind", "is_active", "id"], name="res_resource_kind"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(committed__lte=F("capacity_per_period")), name="res_resource_within_capacity"),
            models.CheckConstraint(
                condition=(Q(kind="talent", talent__isnull=False, space__isnull=True, project__isnull=True))
                | (Q(kind="space", talent__isnull=True, space__isnull=False, project__isnull=True))
                | (Q(kind="project", talent__isnull=True, space__isnull=True, project__isnull=False)),
                name="res_resource_one_source",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def source(self):
        return self.talent or self.space or self.project


class MatchRound(TimeStamped):
    """A batch round: open needs in `unit`'s subtree against the resources within reach, assigned once
    optimally (min-cost flow, OR-tools) and once greedily, both kept for comparison.

    `optimal` / `greedy`: [[need_id, resource_id, score], ...]; `applied_at`: when the optimal
    assignment was turned into proposed matches."""

    name = models.CharField(_("name"), max_length=100)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="+", verbose_name=_("for"))
    unit_path = PathField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("run by"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    needs_count = models.PositiveIntegerField(_("needs"), default=0)
    resources_count = models.PositiveIntegerField(_("resources"), default=0)
    edges_count = models.PositiveIntegerField(_("candidate pairs"), default=0)
    optimal_total = models.FloatField(_("total score (optimal)"), default=0)
    greedy_total = models.FloatField(_("total score (greedy)"), default=0)
    optimal_assigned = models.PositiveIntegerField(_("needs assigned (optimal)"), default=0)
    greedy_assigned = models.PositiveIntegerField(_("needs assigned (greedy)"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)
    optimal = models.JSONField(default=list, blank=True)
    greedy = models.JSONField(default=list, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching round")
        verbose_name_plural = _("matching rounds")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_round_path")]

    def __str__(self):
        return self.name


class Match(TimeStamped):
    """A resource proposed for a need (from a ranking or a round), then an agreement (协议), then served.

    `score` and `reasons` are kept as computed when proposed: [{"factor": "type", "value": 1.0,
    "weight": 0.35, "params": {...}}, ...] (resources.matching.reasons renders them)."""

    need = models.ForeignKey("resources.Need", models.CASCADE, related_name="matches", verbose_name=_("need"))
    resource = models.ForeignKey(Resource, models.PROTECT, related_name="matches", verbose_name=_("resource"))
    unit_path = PathField()  # the need's
    round = models.ForeignKey(MatchRound, models.SET_NULL, null=True, blank=True, related_name="matches", verbose_name=_("round"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    state = models.CharField(_("state"), max_length=16, choices=MatchState.choices, default=MatchState.PROPOSED)
    terms = models.TextField(_("agreement"), blank=True)  # 对接协议: what, when, where, who pays
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    booking = models.ForeignKey("services.Booking", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("space booking"))
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposed by"))

    objects = ScopedQuerySet.as_manager()
    workflow = MATCH_WORKFLOW

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="res_match_path"), models.Index(fields=["resource", "state"], name="res_match_resource")]
        constraints = [
            models.UniqueConstraint(fields=["need", "resource"], condition=Q(state__in=LIVE_MATCH_STATES), name="res_match_live_once"),
        ]

    def __str__(self):
        return f"{self.need} ← {self.resource}"


class MatchTransition(TransitionRecord):
    match = models.ForeignKey(Match, models.CASCADE, related_name="transitions")

    class Meta(TransitionRecord.Meta):
        verbose_name = _("match step")
        verbose_name_plural = _("match steps")


class ServiceRecord(TimeStamped):
    """服务记录: a service given under an agreement, with feedback from both sides (1-5 and a comment)."""

    match = models.ForeignKey(Match, models.CASCADE, related_name="records", verbose_name=_("match"))
    unit_path = PathField()  # the need's
    served_on = models.DateField(_("served on"))
    people_served = models.PositiveIntegerField(_("people served"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=1)
    summary = models.TextField(_("what was done"), blank=True)
    requester_rating = models.PositiveSmallIntegerField(_("requester's rating"), null=True, blank=True)
    requester_comment = models.TextField(_("requester's comment"), blank=True)
    provider_rating = models.PositiveSmallIntegerField(_("provider's rating"), null=True, blank=True)
    provider_comment = models.TextField(_("provider's comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["-served_on", "-id"]
        indexes = [models.Index(fields=["unit_path", "served_on"], name="res_record_path")]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester_rating__isnull=True) | Q(requester_rating__gte=1, requester_rating__lte=5), name="res_record_requester_rating"
            ),
            models.CheckConstraint(
                condition=Q(provider_rating__isnull=True) | Q(provider_rating__gte=1, provider_rating__lte=5), name="res_record_provider_rating"
            ),
        ]

    def __str__(self):
        return f"{self.match} {self.served_on}"
