"""deliberation's periodic jobs (core.periodic).

- `escalate_actions`: an action past its deadline and still open goes one management level up (网格 → 居民区 →
  片区 → 街道), with a timeline record and a notice to the staff there who follow actions up; again every
  DELIBERATION_ESCALATE_EVERY_DAYS while still overdue (deliberation.services.actions.action_escalate).
- `escalate_summonses`: an unanswered 约请 past its answer date goes to the 居民区's party secretary, then to the 片区
  (deliberation.services.summons.summonses_escalate_overdue)."""

import datetime

from core.periodic import Job
from deliberation.models import Action
from deliberation.services.actions import action_escalate, escalation_due
from deliberation.services.summons import summonses_escalate_overdue

BATCH = 500


def escalate_actions(now: datetime.datetime) -> str:
    moved = top = 0
    for action in escalation_due(now).select_related("unit", "escalated_to").order_by("deadline", "id")[:BATCH]:
        if action_escalate(action=action, now=now) is None:  # at the top: asked again in ESCALATE_EVERY_DAYS
            Action.objects.filter(pk=action.pk).update(escalated_at=now)
            top += 1
        else:
            moved += 1
    return f"actions: {moved} escalated, {top} already at the top"


def escalate_summonses(now) -> str:
    done = summonses_escalate_overdue(now=now)
    lines = [f"{len(done)} unanswered 约请 escalated"] + [f"  #{s.pk} → {s.escalated_to.name}" for s in done]
    return "\n".join(lines)


JOBS = [
    Job("deliberation.escalate_actions", 3600, escalate_actions),  # resolutions' actions
    Job("deliberation.escalate_summonses", 300, escalate_summonses),  # 约请
]
