"""约请 (S3.2): a party holding a seat on a body summons another party of the same body to meet on a matter.

The summoned party answers with a date within `DELIBERATION_SUMMONS_DAYS` working days (the case system's
working-day calendar); unanswered, the summons escalates to the 居民区's party secretary (level 1), then to the
片区 (level 2). The summons, its answer and the meeting it leads to are one thread (`meeting`, `item`)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from deliberation.workflow import SUMMONS_WORKFLOW, SummonsState


class Summons(TimeStamped):
    workflow = SUMMONS_WORKFLOW

    body = models.ForeignKey("meetings.Body", models.PROTECT, related_name="summonses", verbose_name=_("body"))
    unit_path = PathField()
    from_seat = models.ForeignKey("meetings.Seat", models.PROTECT, related_name="summonses_sent", verbose_name=_("summoned by"))
    to_seat = models.ForeignKey("meetings.Seat", models.PROTECT, related_name="summonses_received", verbose_name=_("summoned party"))
    subject = models.CharField(_("matter"), max_length=200)
    description = models.TextField(_("details"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sent by"))
    state = models.CharField(_("state"), max_length=16, choices=SummonsState.choices, default=SummonsState.SENT)
    answer_due_at = models.DateTimeField(_("to be answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answered by"))
    proposed_at = models.DateTimeField(_("proposed meeting time"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    meeting = models.ForeignKey("meetings.Meeting", models.SET_NULL, null=True, blank=True, related_name="summonses", verbose_name=_("meeting"))
    item = models.ForeignKey("meetings.AgendaItem", models.SET_NULL, null=True, blank=True, related_name="summonses", verbose_name=_("agenda item"))
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    escalated_to = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="escalated_summonses", verbose_name=_("escalated to"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("约请")
        verbose_name_plural = _("约请")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="dlb_summons_path"),
            models.Index(fields=["state", "answer_due_at"], name="dlb_summons_state_due"),
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("deliberation:summons-detail", args=[self.pk])


class SummonsTransition(TransitionRecord):
    summons = models.ForeignKey(Summons, models.CASCADE, related_name="transitions", verbose_name=_("约请"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("约请 step")
        verbose_name_plural = _("约请 steps")
