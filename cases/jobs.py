"""The case system's periodic jobs (core.periodic)."""

from cases import pending
from cases.services import cases_escalate_overdue
from core.periodic import Job


def escalate(now) -> str:
    done = cases_escalate_overdue(now=now)
    lines = [f"{len(done)} overdue cases escalated"] + [f"  {case.number} → {case.escalated_to.name}" for case in done]
    return "\n".join(lines)


def pending_purge(now) -> str:
    return f"{pending.purge(now)} kept patrol photos older than a day dropped"


JOBS = [Job("cases.escalate", 300, escalate), Job("cases.pending_purge", 3600, pending_purge)]
