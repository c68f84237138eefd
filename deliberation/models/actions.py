"""Resolutions tracked to the end (落实和执行): every decision produces actions (S3.2).

An `Action` has an owner (a unit or a person, at least one), a deadline, a weight and a progress (0-100); a
resolution's progress is the weighted mean of its actions' (Decidim's accountability). An action can open a case
in one step (`case`, shown on both pages); an overdue one escalates up the tree like a case (`escalated_to`).
An action may also come from a 约请 or an evaluation's rectification (`origin`), without a decision.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from deliberation.workflow import ACTION_WORKFLOW, ActionState


class ActionOrigin(models.TextChoices):
    DECISION = "decision", _("A meeting's decision")  # 会议决议
    SUMMONS = "summons", _("A 约请")  # 约请
    EVALUATION = "evaluation", _("An evaluation's rectification")  # 测评整改
    OTHER = "other", _("Other")


class ActionQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Action(TimeStamped):
    workflow = ACTION_WORKFLOW

    decision = models.ForeignKey("meetings.Decision", models.PROTECT, null=True, blank=True, related_name="actions", verbose_name=_("decision"))
    origin = models.CharField(_("from"), max_length=16, choices=ActionOrigin.choices, default=ActionOrigin.DECISION)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="deliberation_actions", verbose_name=_("unit"))
    unit_path = PathField()
    title = models.CharField(_("action"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible_unit = models.ForeignKey(
        "org.Unit", models.PROTECT, null=True, blank=True, related_name="responsible_actions", verbose_name=_("responsible unit")
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="responsible_actions", verbose_name=_("responsible person")
    )
    responsible_name = models.CharField(_("responsible"), max_length=100, blank=True)  # as shown: "物业公司 吴磊"
    deadline = models.DateField(_("deadline"))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    state = models.CharField(_("state"), max_length=16, choices=ActionState.choices, default=ActionState.OPEN)
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="deliberation_actions", verbose_name=_("case"))
    escalated_to = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="escalated_actions", verbose_name=_("escalated to"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    is_public = models.BooleanField(_("shown to residents"), default=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="dlb_action_path"),
            models.Index(fields=["state", "deadline"], name="dlb_action_state_deadline"),
            models.Index(fields=["decision", "state"], name="dlb_action_decision"),
        ]
        permissions = [("manage_action", "Can assign and follow up resolutions' actions")]
        constraints = [
            models.CheckConstraint(condition=Q(responsible_unit__isnull=False) | Q(responsible_user__isnull=False), name="dlb_action_has_owner"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="dlb_action_progress_percent"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="dlb_action_weight_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:action-detail", args=[self.pk])


class ActionTransition(TransitionRecord):
    # not `action`: TransitionRecord's `action` is the step's name
    item = models.ForeignKey(Action, models.CASCADE, related_name="transitions", verbose_name=_("action"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
