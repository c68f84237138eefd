"""States and steps of a resolution's action, a 三重一大 matter, a spending and a 约请, declared as data (core.workflow).

Action (落实事项): open → in_progress → done; open | in_progress → cancelled; "progress" and "escalate" keep the state.
Matter (三重一大): proposed → decided (a quorate meeting's adopted decision recorded) → executed; proposed → withdrawn.
Spending (资金使用): requested → approved → paid; requested → refused.
Summons (约请): sent → answered (a date given) → met (the meeting held); sent | answered → withdrawn; "escalate" keeps the state.
"""

from django.db import models
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.workflow import Step, Workflow


class ActionState(models.TextChoices):
    OPEN = "open", gettext_lazy("To do")  # 待落实
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")  # 落实中
    DONE = "done", gettext_lazy("Done")  # 已落实
    CANCELLED = "cancelled", gettext_lazy("Cancelled")  # 已撤销


A = ActionState
OPEN_ACTION_STATES = (A.OPEN, A.IN_PROGRESS)

ACTION_WORKFLOW = Workflow(
    states=ActionState,
    initial=A.OPEN,
    timeline="deliberation.ActionTransition",
    subject="action",
    tones={A.OPEN: "info", A.IN_PROGRESS: "progress", A.DONE: "success", A.CANCELLED: "muted"},
    steps=[
        Step("start", {A.OPEN}, A.IN_PROGRESS),
        Step("progress", {A.OPEN, A.IN_PROGRESS}),
        Step("open_case", {A.OPEN, A.IN_PROGRESS}),
        Step("escalate", {A.OPEN, A.IN_PROGRESS}),
        Step("finish", {A.OPEN, A.IN_PROGRESS}, A.DONE),
        Step("cancel", {A.OPEN, A.IN_PROGRESS}, A.CANCELLED),
    ],
)


class MatterState(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Awaiting decision")  # 待决策
    DECIDED = "decided", gettext_lazy("Decided")  # 已决策
    EXECUTED = "executed", gettext_lazy("Executed")  # 已执行
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")  # 已撤回


T = MatterState

MATTER_WORKFLOW = Workflow(
    states=MatterState,
    initial=T.PROPOSED,
    timeline="deliberation.MatterTransition",
    subject="matter",
    tones={T.PROPOSED: "warning", T.DECIDED: "info", T.EXECUTED: "success", T.WITHDRAWN: "muted"},
    steps=[
        Step("decide", {T.PROPOSED}, T.DECIDED),
        Step("execute", {T.DECIDED}, T.EXECUTED),
        Step("withdraw", {T.PROPOSED}, T.WITHDRAWN),
    ],
)


class SpendingState(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")  # 待审批
    APPROVED = "approved", gettext_lazy("Approved")  # 已批准
    PAID = "paid", gettext_lazy("Paid")  # 已支付
    REFUSED = "refused", gettext_lazy("Refused")  # 未批准


P = SpendingState

SPENDING_WORKFLOW = Workflow(
    states=SpendingState,
    initial=P.REQUESTED,
    timeline="deliberation.SpendingTransition",
    subject="spending",
    tones={P.REQUESTED: "warning", P.APPROVED: "info", P.PAID: "success", P.REFUSED: "muted"},
    steps=[
        Step("approve", {P.REQUESTED}, P.APPROVED),
        Step("refuse", {P.REQUESTED}, P.REFUSED),
        Step("pay", {P.APPROVED}, P.PAID),
    ],
)


class SummonsState(models.TextChoices):
    SENT = "sent", gettext_lazy("Awaiting an answer")  # 待答复
    ANSWERED = "answered", pgettext_lazy("约请", "Answered")  # 已答复
    MET = "met", gettext_lazy("Met")  # 已会商
    WITHDRAWN = "withdrawn", pgettext_lazy("约请", "Withdrawn")  # 已撤回


U = SummonsState

SUMMONS_WORKFLOW = Workflow(
    states=SummonsState,
    initial=U.SENT,
    timeline="deliberation.SummonsTransition",
    subject="summons",
    tones={U.SENT: "warning", U.ANSWERED: "info", U.MET: "success", U.WITHDRAWN: "muted"},
    steps=[
        Step("answer", {U.SENT}, U.ANSWERED),
        Step("escalate", {U.SENT}),
        Step("meet", {U.ANSWERED}, U.MET),
        Step("withdraw", {U.SENT, U.ANSWERED}, U.WITHDRAWN),
    ],
)
