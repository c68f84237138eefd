"""States and steps of a resolution's action, a 三重一大 matter, a spending and a 约请, declared as data (core.workflow).

Action (落实事项): open → in_progress → done; open | in_progress → cancelled; "progress" and "escalate" keep the state.
Matter (三重一大): proposed → decided (a quorate meeting's adopted decision recorded) → executed (guarded: refused without that
decision, `matter_decision_refusal`); proposed → withdrawn.
Spending (资金使用): requested → approved (guarded from the unit's large-sum threshold: `spending_funds_refusal`) → paid;
requested → refused.
Summons (约请): sent → answered (a date given) → met (the meeting held); sent | answered → withdrawn; "escalate" keeps the state.
"""

from django.db import models
from django.utils.translation import gettext as _
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
    subject="item",
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


def matter_decision_refusal(matter) -> str | None:
    """三重一大: executed only with an adopted decision (adopted implies a quorate meeting) of the competent body."""
    decision = matter.decision
    if decision is None:
        return _("“%(title)s” cannot be executed: record the decision of a quorate meeting of %(body)s first.") % {
            "title": matter.title,
            "body": matter.body.name,
        }
    if decision.state != "adopted" or decision.meeting.body_id != matter.body_id:
        return _("“%(title)s” cannot be executed: its decision is not an adopted decision of %(body)s.") % {
            "title": matter.title,
            "body": matter.body.name,
        }
    return None


MATTER_WORKFLOW = Workflow(
    states=MatterState,
    initial=T.PROPOSED,
    timeline="deliberation.MatterTransition",
    subject="matter",
    tones={T.PROPOSED: "warning", T.DECIDED: "info", T.EXECUTED: "success", T.WITHDRAWN: "muted"},
    steps=[
        Step("decide", {T.PROPOSED}, T.DECIDED),
        Step("execute", {T.PROPOSED, T.DECIDED}, T.EXECUTED, guards=(matter_decision_refusal,)),
        Step("withdraw", {T.PROPOSED}, T.WITHDRAWN),
    ],
)


class SpendingState(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")  # 待审批
    APPROVED = "approved", gettext_lazy("Approved")  # 已批准
    PAID = "paid", gettext_lazy("Paid")  # 已支付
    REFUSED = "refused", gettext_lazy("Refused")  # 未批准


P = SpendingState


def spending_funds_refusal(spending) -> str | None:
    """大额资金使用: from the unit's threshold a spending is approved only when linked to a FUNDS matter decided or executed."""
    from deliberation.models.matters import funds_threshold  # the models import this module

    threshold = funds_threshold(spending.unit)
    if spending.amount < threshold:
        return None
    matter = spending.matter
    if matter is not None and matter.kind == "funds" and matter.state in (T.DECIDED, T.EXECUTED):
        return None
    return _(
        "%(amount)s yuan is a large sum (from %(threshold)s yuan at %(unit)s): it can only be approved when linked to a "
        "三重一大 matter of large funds that the competent body has decided."
    ) % {"amount": f"{spending.amount:,.2f}", "threshold": f"{threshold:,.2f}", "unit": spending.unit.name}


SPENDING_WORKFLOW = Workflow(
    states=SpendingState,
    initial=P.REQUESTED,
    timeline="deliberation.SpendingTransition",
    subject="spending",
    tones={P.REQUESTED: "warning", P.APPROVED: "info", P.PAID: "success", P.REFUSED: "muted"},
    steps=[
        Step("approve", {P.REQUESTED}, P.APPROVED, guards=(spending_funds_refusal,)),
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
