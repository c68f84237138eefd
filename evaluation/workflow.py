"""An evaluation period's states and steps (core.workflow): draft → computed (run again while not
published) → published. Publishing makes the scores visible to the estates' residents and opens a
rectification action for every score under the plan's threshold. Each step is on the period's timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.workflow import Step, Workflow


class PeriodState(models.TextChoices):
    DRAFT = "draft", _("Not yet computed")
    COMPUTED = "computed", _("Computed")
    PUBLISHED = "published", _("Published")


P = PeriodState

PERIOD_WORKFLOW = Workflow(
    states=PeriodState,
    initial=P.DRAFT,
    timeline="evaluation.PeriodTransition",
    subject="period",
    steps=[
        Step("run", {P.DRAFT, P.COMPUTED}, P.COMPUTED),
        Step("publish", {P.COMPUTED}, P.PUBLISHED),
    ],
    tones={P.DRAFT: "muted", P.COMPUTED: "info", P.PUBLISHED: "success"},
)
