"""Meetings of a body: schedule, room, agenda, sign-in, decisions by recorded vote, minutes, attachments (S3.2).

A meeting in a room holds it through the booking engine (`rooms`: the room's slots it booked). Sign-in is by
the QR code shown at the door (`sign_in_token`) or by staff ticking the list: one `Attendance` per member and
meeting (the database refuses a second). A `Decision` is one agenda item's outcome: a recorded vote (one `Vote`
per member, for, against or abstain, refused twice by the database) or a consensus recorded as such; it is only
made while the meeting is quorate, and its counts are written when the vote is closed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord
from meetings.models.bodies import Body, Membership
from meetings.workflow import DECISION_WORKFLOW, MEETING_WORKFLOW, MINUTES_WORKFLOW, DecisionState, MeetingState, MinutesState


def new_token() -> str:
    return secrets.token_urlsafe(16)


class MeetingQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Meeting(TimeStamped):
    workflow = MEETING_WORKFLOW

    body = models.ForeignKey(Body, models.PROTECT, related_name="meetings", verbose_name=_("body"))
    unit_path = PathField()  # the body's
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    room = models.ForeignKey("services.Room", models.SET_NULL, null=True, blank=True, related_name="meetings", verbose_name=_("room"))
    bookings = models.ManyToManyField("services.Booking", blank=True, related_name="meetings", verbose_name=_("room bookings"))
    location = models.CharField(_("place"), max_length=200, blank=True)  # when not in a bookable room
    state = models.CharField(_("state"), max_length=16, choices=MeetingState.choices, default=MeetingState.PLANNED)
    sign_in_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("called by"))
    ical_uid = models.CharField(max_length=64, unique=True, editable=False, default=new_token)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["unit_path", "starts_at"], name="mtg_meeting_path_start"),
            models.Index(fields=["body", "starts_at"], name="mtg_meeting_body_start"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="mtg_meeting_ends_after_start")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.pk])


class MeetingTransition(TransitionRecord):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="transitions", verbose_name=_("meeting"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("meeting step")
        verbose_name_plural = _("meeting steps")


class ItemSource(models.TextChoices):
    MEMBER = "member", _("Proposed by a member")  # 成员提议
    CASE_CLUSTER = "case_cluster", _("Recurring cases")  # 案件聚类
    SUMMONS = "summons", _("约请 (summons)")  # 约请
    REPRESENTATIVE = "representative", _("Representative's suggestion")  # 代表建议
    OTHER = "other", _("Other")


class MajorMatter(models.TextChoices):
    """三重一大: the four kinds of matter that need a recorded decision of the competent body."""

    DECISION = "decision", _("Major decision")  # 重大决策
    PERSONNEL = "personnel", _("Important appointment or removal")  # 重要人事任免
    PROJECT = "project", _("Major project")  # 重大项目安排
    FUNDS = "funds", _("Large sum of money")  # 大额资金使用


class AgendaItem(TimeStamped):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="items", verbose_name=_("meeting"))
    unit_path = PathField()
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=ItemSource.choices, default=ItemSource.MEMBER)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposed by"))
    # a cluster of cases: the category and the place (a building or a grid) the recurring cases share
    case_category = models.ForeignKey("cases.CaseCategory", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("case category"))
    case_place = models.ForeignKey("org.Unit", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("building or grid"))
    cases = models.ManyToManyField("cases.Case", blank=True, related_name="agenda_items", verbose_name=_("cases"))
    major = models.CharField(_("三重一大"), max_length=16, choices=MajorMatter.choices, blank=True)
    notes = models.TextField(_("discussion notes"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting_id", "order", "id"]

    def __str__(self):
        return self.title


class SignInMethod(models.TextChoices):
    QR = "qr", _("QR code at the door")  # 扫码签到
    STAFF = "staff", _("Ticked by staff")  # 工作人员代签


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances", verbose_name=_("meeting"))
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="attendances", verbose_name=_("member"))
    signed_in_at = models.DateTimeField(_("signed in at"))
    method = models.CharField(_("how"), max_length=8, choices=SignInMethod.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticked by"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting_id", "signed_in_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "membership"], name="mtg_attendance_once")]


class DecisionMode(models.TextChoices):
    VOTE = "vote", _("Recorded vote")  # 表决
    CONSENSUS = "consensus", _("Consensus")  # 协商一致


class DecisionQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Decision(TimeStamped):
    """The outcome of one agenda item (决议). `text` is what was resolved. The counts and `present` (members present
    when the vote was opened, at least the quorum) are written when the vote is closed."""

    workflow = DECISION_WORKFLOW

    item = models.OneToOneField(AgendaItem, models.CASCADE, related_name="decision", verbose_name=_("agenda item"))
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    unit_path = PathField()
    mode = models.CharField(_("how"), max_length=16, choices=DecisionMode.choices, default=DecisionMode.VOTE)
    text = models.TextField(_("resolution"))
    state = models.CharField(_("state"), max_length=16, choices=DecisionState.choices, default=DecisionState.VOTING)
    present = models.PositiveSmallIntegerField(_("members present"), default=0)
    seats = models.PositiveSmallIntegerField(_("seats"), default=0)
    votes_for = models.PositiveSmallIntegerField(_("for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    is_public = models.BooleanField(_("shown to residents"), default=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit_path", "id"], name="mtg_decision_path")]

    def __str__(self):
        return self.text[:60]


class DecisionTransition(TransitionRecord):
    decision = models.ForeignKey(Decision, models.CASCADE, related_name="transitions", verbose_name=_("decision"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("decision step")
        verbose_name_plural = _("decision steps")


class VoteChoice(models.TextChoices):
    FOR = "for", pgettext_lazy("vote", "For")  # 赞成 ("For" alone is a round's 范围)
    AGAINST = "against", _("Against")  # 反对
    ABSTAIN = "abstain", _("Abstain")  # 弃权


class Vote(models.Model):
    decision = models.ForeignKey(Decision, models.CASCADE, related_name="votes", verbose_name=_("decision"))
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="votes", verbose_name=_("member"))
    choice = models.CharField(_("vote"), max_length=8, choices=VoteChoice.choices)
    cast_at = models.DateTimeField(_("cast at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by"))

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["decision_id", "id"]
        constraints = [models.UniqueConstraint(fields=["decision", "membership"], name="mtg_vote_once")]


class Minutes(TimeStamped):
    """纪要: drafted by the secretary, approved by the chair, then published to the unit's residents until
    `published_until`."""

    workflow = MINUTES_WORKFLOW

    meeting = models.OneToOneField(Meeting, models.CASCADE, related_name="minutes", verbose_name=_("meeting"))
    unit_path = PathField()
    text = models.TextField(_("minutes"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=MinutesState.choices, default=MinutesState.DRAFT)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_until = models.DateField(_("published until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        indexes = [models.Index(fields=["unit_path", "published_until"], name="mtg_minutes_path_pub")]


class MinutesTransition(TransitionRecord):
    minutes = models.ForeignKey(Minutes, models.CASCADE, related_name="transitions", verbose_name=_("minutes"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("minutes step")
        verbose_name_plural = _("minutes steps")


class Attachment(models.Model):
    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attachments", verbose_name=_("meeting"))
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["meeting_id", "id"]
