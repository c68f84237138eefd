"""States and steps of a meeting, a vote and the minutes, declared as data (core.workflow).

Meeting: planned → open (sign-in and business) → closed; planned → cancelled.
Decision (one agenda item's vote): open → adopted | rejected (closing the vote counts it); a consensus is
recorded straight as adopted.
Minutes (纪要): draft → approved (by the chair) → published (公示 to the unit's residents for a number of days).
"""

from django.db import models
from django.utils.translation import gettext, gettext_lazy

from core.workflow import Step, Workflow


class MeetingState(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planned")  # 已安排
    OPEN = "open", gettext_lazy("In session")  # 进行中
    CLOSED = "closed", gettext_lazy("Closed")  # 已结束
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


M = MeetingState


def no_vote_open(meeting) -> str | None:
    """A meeting is not closed while one of its votes is still open (the chair closes and counts it first)."""
    from meetings.models import Decision

    if Decision.objects.filter(meeting=meeting, state=DecisionState.VOTING).exists():
        return gettext("A vote is still open: close and count it before closing the meeting.")
    return None


MEETING_WORKFLOW = Workflow(
    states=MeetingState,
    initial=M.PLANNED,
    timeline="meetings.MeetingTransition",
    subject="meeting",
    tones={M.PLANNED: "info", M.OPEN: "progress", M.CLOSED: "success", M.CANCELLED: "muted"},
    steps=[
        Step("open", {M.PLANNED}, M.OPEN),
        Step("close", {M.OPEN}, M.CLOSED, guards=[no_vote_open]),
        Step("cancel", {M.PLANNED}, M.CANCELLED),
        Step("reschedule", {M.PLANNED}),
    ],
)


class DecisionState(models.TextChoices):
    VOTING = "voting", gettext_lazy("Voting")  # 表决中
    ADOPTED = "adopted", gettext_lazy("Adopted")  # 通过
    REJECTED = "rejected", gettext_lazy("Not adopted")  # 未通过


D = DecisionState

DECISION_WORKFLOW = Workflow(
    states=DecisionState,
    initial=D.VOTING,
    timeline="meetings.DecisionTransition",
    subject="decision",
    tones={D.VOTING: "progress", D.ADOPTED: "success", D.REJECTED: "danger"},
    steps=[
        Step("adopt", {D.VOTING}, D.ADOPTED),
        Step("reject", {D.VOTING}, D.REJECTED),
    ],
)


class MinutesState(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")  # 草稿
    APPROVED = "approved", gettext_lazy("Approved by the chair")  # 主持人审定
    PUBLISHED = "published", gettext_lazy("Published")  # 已公示


N = MinutesState

MINUTES_WORKFLOW = Workflow(
    states=MinutesState,
    initial=N.DRAFT,
    timeline="meetings.MinutesTransition",
    subject="minutes",
    tones={N.DRAFT: "neutral", N.APPROVED: "info", N.PUBLISHED: "success"},
    steps=[
        Step("edit", {N.DRAFT}),
        Step("approve", {N.DRAFT}, N.APPROVED),
        Step("reopen", {N.APPROVED}, N.DRAFT),
        Step("publish", {N.APPROVED}, N.PUBLISHED),
    ],
)
