"""States and steps of talents, needs and matches, declared as data (core.workflow).

Talent: applied → active | rejected; active → retired; retired → active.
Need: open → matched (an agreement made) → served (a service record) → closed; open | matched → cancelled.
Match: proposed → agreed → served; proposed → declined; proposed | agreed → cancelled.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from core.workflow import Step, Workflow


class TalentState(models.TextChoices):
    APPLIED = "applied", gettext_lazy("Awaiting review")  # 待审核
    ACTIVE = "active", gettext_lazy("In the library")  # 已入库
    REJECTED = "rejected", gettext_lazy("Not accepted")
    RETIRED = "retired", gettext_lazy("Withdrawn")  # 已退出


T = TalentState
TALENT_WORKFLOW = Workflow(
    states=TalentState,
    initial=T.APPLIED,
    timeline="resources.TalentTransition",
    subject="talent",
    tones={T.APPLIED: "warning", T.ACTIVE: "success", T.REJECTED: "muted", T.RETIRED: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("approve", {T.APPLIED}, T.ACTIVE),
        Step("reject", {T.APPLIED}, T.REJECTED),
        Step("retire", {T.ACTIVE}, T.RETIRED),
        Step("reinstate", {T.RETIRED}, T.ACTIVE),
    ],
)


class NeedState(models.TextChoices):
    OPEN = "open", gettext_lazy("Awaiting a match")  # 待对接
    MATCHED = "matched", gettext_lazy("Agreed")  # 已对接
    SERVED = "served", gettext_lazy("Served")  # 已服务
    CLOSED = "closed", gettext_lazy("Closed")  # 已办结
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


N = NeedState
NEED_WORKFLOW = Workflow(
    states=NeedState,
    initial=N.OPEN,
    timeline="resources.NeedTransition",
    subject="need",
    tones={N.OPEN: "warning", N.MATCHED: "info", N.SERVED: "success", N.CLOSED: "muted", N.CANCELLED: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("agree", {N.OPEN}, N.MATCHED),
        Step("serve", {N.MATCHED, N.SERVED}, N.SERVED),
        Step("close", {N.SERVED}, N.CLOSED),
        Step("reopen", {N.MATCHED}, N.OPEN),  # its agreement was cancelled
        Step("cancel", {N.OPEN, N.MATCHED}, N.CANCELLED),
    ],
)


class MatchState(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposed match")  # 拟对接
    AGREED = "agreed", gettext_lazy("Agreed")  # 已达成协议
    SERVED = "served", gettext_lazy("Served")  # 已服务
    DECLINED = "declined", gettext_lazy("Declined")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")


M = MatchState
LIVE_MATCH_STATES = (M.PROPOSED, M.AGREED)
MATCH_WORKFLOW = Workflow(
    states=MatchState,
    initial=M.PROPOSED,
    timeline="resources.MatchTransition",
    subject="match",
    tones={M.PROPOSED: "progress", M.AGREED: "info", M.SERVED: "success", M.DECLINED: "muted", M.CANCELLED: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("agree", {M.PROPOSED}, M.AGREED),
        Step("decline", {M.PROPOSED}, M.DECLINED),
        Step("serve", {M.AGREED}, M.SERVED),
        Step("cancel", {M.PROPOSED, M.AGREED}, M.CANCELLED),
    ],
)
