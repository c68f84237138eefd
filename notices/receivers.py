"""Notices are a cross-cutting concern (DESIGN convention 10): a new record on a case's timeline,
written by any service through `core.workflow.transition`, tells the people concerned. The notices are
written in the same transaction as the step, so a step that is rolled back leaves no notice."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .case_events import notify_case_step


@receiver(post_save, sender="cases.CaseTransition", dispatch_uid="notices.case_step")
def case_step_recorded(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        notify_case_step(instance)
