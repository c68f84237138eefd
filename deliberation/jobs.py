"""deliberation's periodic jobs (core.periodic)."""

from core.periodic import Job
from deliberation.services.summons import summonses_escalate_overdue


def escalate_summonses(now) -> str:
    done = summonses_escalate_overdue(now=now)
    lines = [f"{len(done)} unanswered 约请 escalated"] + [f"  #{s.pk} → {s.escalated_to.name}" for s in done]
    return "\n".join(lines)


JOBS = [Job("deliberation.escalate_summonses", 300, escalate_summonses)]
