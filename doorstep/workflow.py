"""States and steps of a booking and of a 睦邻点, declared as data (core.workflow).

Booking: booked | waitlisted → cancelled; waitlisted → booked (promoted when a place frees up);
booked → checked_in | no_show.
睦邻点: proposed → active (approved) | declined; active → flagged (inactive by the activity record, or
by staff) → under_review → retired | active (kept); a model point (示范睦邻点) is a flag, not a state.
"""

from django.db import models
from django.utils.translation import gettext_lazy

from core.workflow import Step, Workflow


class BookingState(models.TextChoices):
    BOOKED = "booked", gettext_lazy("Booked")
    WAITLISTED = "waitlisted", gettext_lazy("On the waitlist")
    CANCELLED = "cancelled", gettext_lazy("Cancelled")
    CHECKED_IN = "checked_in", gettext_lazy("Checked in")
    NO_SHOW = "no_show", gettext_lazy("Did not come")


B = BookingState
LIVE_BOOKING_STATES = (B.BOOKED, B.WAITLISTED, B.CHECKED_IN)
HOLDS_PLACE = (B.BOOKED, B.CHECKED_IN)

BOOKING_WORKFLOW = Workflow(
    states=BookingState,
    initial=B.BOOKED,
    timeline="services.BookingTransition",
    subject="booking",
    tones={B.BOOKED: "info", B.WAITLISTED: "warning", B.CHECKED_IN: "success", B.CANCELLED: "muted", B.NO_SHOW: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("cancel", {B.BOOKED, B.WAITLISTED}, B.CANCELLED),
        Step("promote", {B.WAITLISTED}, B.BOOKED),
        Step("check_in", {B.BOOKED}, B.CHECKED_IN),
        Step("no_show", {B.BOOKED}, B.NO_SHOW),
    ],
)


class PointState(models.TextChoices):
    PROPOSED = "proposed", gettext_lazy("Proposed")  # 拟新建
    ACTIVE = "active", gettext_lazy("Active")  # 运行中
    DECLINED = "declined", gettext_lazy("Not approved")
    FLAGGED = "flagged", gettext_lazy("Flagged as inactive")  # 活跃度不足, proposed for retirement
    UNDER_REVIEW = "under_review", gettext_lazy("Under review")  # 清退审核中
    RETIRED = "retired", gettext_lazy("Retired")  # 已清退


P = PointState
RECORDING_STATES = (P.PROPOSED, P.ACTIVE, P.FLAGGED, P.UNDER_REVIEW)  # a declined or retired point keeps its history

POINT_WORKFLOW = Workflow(
    states=PointState,
    initial=P.PROPOSED,
    timeline="services.PointTransition",
    subject="point",
    tones={P.PROPOSED: "progress", P.ACTIVE: "success", P.DECLINED: "muted", P.FLAGGED: "warning", P.UNDER_REVIEW: "warning", P.RETIRED: "muted"},  # what each state's badge shows (templates/components/state_badge.html)
    steps=[
        Step("approve", {P.PROPOSED}, P.ACTIVE),
        Step("decline", {P.PROPOSED}, P.DECLINED),
        Step("flag", {P.ACTIVE}, P.FLAGGED),
        Step("review", {P.FLAGGED}, P.UNDER_REVIEW),
        Step("keep", {P.FLAGGED, P.UNDER_REVIEW}, P.ACTIVE),
        Step("retire", {P.UNDER_REVIEW}, P.RETIRED),
    ],
)
