"""The closed loop of a case (issue 4 item 2; DOMAIN-RULES §3), declared as data.

上报 → 立案 | 不予立案 | 合并 → 派遣 → 处置中 → 处置完成 → 核查: passed → 结案, failed → 处置中;
结案 → 回访/评价 (once, within `CASES_VISIT_WORKING_DAYS`); 督办 on any registered open case (the handler answers within
`CASES_SUPERVISION_WORKING_DAYS`); 延期: the handler asks for an extension with a reason, the dispatching or supervising
staff approve it (the case becomes a complex matter, due `CASES_COMPLEX_WORKING_DAYS` from 立案) or refuse it;
超期升级 (escalation one management level up) of a case past its 立案 or handling limit; 重新打开 within `CASES_REOPEN_DAYS` of closing.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.workflow import Step, Workflow


class CaseState(models.TextChoices):
    REPORTED = "reported", gettext_lazy("Reported")  # 上报
    ACCEPTED = "accepted", gettext_lazy("Registered")  # 立案
    REJECTED = "rejected", gettext_lazy("Not registered")  # 不予立案
    MERGED = "merged", gettext_lazy("Merged")  # 合并
    DISPATCHED = "dispatched", gettext_lazy("Dispatched")  # 派遣
    IN_PROGRESS = "in_progress", gettext_lazy("Being handled")  # 处置中
    COMPLETED = "completed", gettext_lazy("Handled")  # 处置完成, awaiting 核查
    CLOSED = "closed", gettext_lazy("Closed")  # 结案


S = CaseState
OPEN_STATES = (S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED)
DEFAULT_REOPEN_DAYS = 15


def reopen_days() -> int:
    return int(getattr(settings, "CASES_REOPEN_DAYS", DEFAULT_REOPEN_DAYS))


def within_reopen_period(case):
    days = reopen_days()
    if case.closed_at is None or timezone.now() > case.closed_at + datetime.timedelta(days=days):
        return _("A case can be reopened only within %(days)s days of closing.") % {"days": days}
    return None


def not_yet_rated(case):
    return _("This case has already been rated.") if case.rating else None


def no_extension_yet(case):
    if case.extension_state == "requested":
        return _("An extension has already been requested and awaits a decision.")
    if case.extension_state == "approved":
        return _("This case has already been given an extension.")
    return None


def extension_requested(case):
    return None if case.extension_state == "requested" else _("No extension has been requested for this case.")


CASE_WORKFLOW = Workflow(
    states=CaseState,
    initial=S.REPORTED,
    timeline="cases.CaseTransition",
    subject="case",
    tones={S.REPORTED: "neutral", S.ACCEPTED: "info", S.DISPATCHED: "info", S.IN_PROGRESS: "warning", S.COMPLETED: "progress", S.CLOSED: "success", S.REJECTED: "muted", S.MERGED: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("accept", {S.REPORTED}, S.ACCEPTED),
        Step("reject", {S.REPORTED}, S.REJECTED),
        Step("merge", {S.REPORTED, S.ACCEPTED}, S.MERGED),
        Step("dispatch", {S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS}, S.DISPATCHED),
        Step("start", {S.DISPATCHED}, S.IN_PROGRESS),
        Step("complete", {S.IN_PROGRESS}, S.COMPLETED),
        Step("verify_pass", {S.COMPLETED}, S.CLOSED),
        Step("verify_fail", {S.COMPLETED}, S.IN_PROGRESS),
        Step("rate", {S.CLOSED}, None, guards=[not_yet_rated]),
        Step("supervise", {S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED}, None),
        Step("request_extension", {S.DISPATCHED, S.IN_PROGRESS}, None, guards=[no_extension_yet]),
        Step("approve_extension", {S.DISPATCHED, S.IN_PROGRESS}, None, guards=[extension_requested]),
        Step("refuse_extension", {S.DISPATCHED, S.IN_PROGRESS}, None, guards=[extension_requested]),
        Step("escalate", {S.REPORTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.COMPLETED}, None),
        Step("reopen", {S.CLOSED}, S.DISPATCHED, guards=[within_reopen_period]),
        Step("repeat", OPEN_STATES, None),  # a repeated device alarm or camera detection on an open case (cases.intake)
    ],
)
