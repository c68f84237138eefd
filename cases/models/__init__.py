"""一网统管: every problem in the grid as one tracked case (issue 4; DOMAIN-RULES §2, §3)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.workflow import CASE_WORKFLOW, OPEN_STATES, CaseState
from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet
from core.workflow import TransitionRecord


class HandlerKind(models.TextChoices):
    """Who handles a category of problem."""

    GRID = "grid", _("Grid worker")
    COMMITTEE = "committee", _("Residents' committee")  # 居委会
    PROPERTY = "property", _("Property company")  # 物业
    DEPARTMENT = "department", _("Government department")  # 职能部门
    POLICE = "police", _("Police")  # 派出所


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")
    CLOCK_HOURS = "clock_hours", _("hours round the clock")  # 自然小时: urgent safety matters


class Source(models.TextChoices):
    RESIDENT = "resident", _("Resident report")
    PATROL = "patrol", _("Grid patrol")
    HOTLINE = "hotline", _("12345 hotline")
    DEVICE = "device", _("Device alarm")
    CAMERA = "camera", _("Camera detection")
    SUGGESTION = "suggestion", _("Representative's suggestion")
    OPEN311 = "open311", _("Open311 client")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASIC = "basic", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class Holiday(models.Model):
    """An exception to the Monday-to-Friday week: a holiday, or a make-up working day (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"), default=False, help_text=_("Tick for a make-up working day on a weekend."))
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class CaseCategory(models.Model):
    """A kind of problem (乱停车, 电梯故障, ...), in a tree, with who handles it and in how long."""

    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent category"))
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    handler_kind = models.CharField(_("handled by"), max_length=16, choices=HandlerKind.choices, default=HandlerKind.COMMITTEE)
    time_limit = models.PositiveIntegerField(_("time limit"), default=5)
    time_unit = models.CharField(_("time limit unit"), max_length=16, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAYS)
    # 受理/立案 limit, running from the report: minutes round the clock for urgent matters; empty: `limits.accept_working_hours()`
    accept_minutes = models.PositiveIntegerField(
        _("registration limit (minutes)"), null=True, blank=True, help_text=_("For urgent matters: minutes round the clock from the report. Empty: the site's number of working hours.")
    )
    # 紧急情况: what to do first, shown above the report form before anything else (issue 15 item 5)
    emergency_advice = models.TextField(
        _("emergency advice"), blank=True, help_text=_("For life-safety matters: what to do first, in plain words. Shown above the report form.")
    )
    emergency_numbers = models.JSONField(
        _("emergency numbers"),
        default=list,
        blank=True,
        help_text=_('Numbers to call first, shown as tap-to-call links, e.g. [{"label": "电梯应急", "number": "96333"}].'),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        rows = self.emergency_numbers
        if rows in (None, ""):
            self.emergency_numbers = rows = []
        good = isinstance(rows, list) and all(isinstance(r, dict) and str(r.get("number", "")).strip() for r in rows)
        if not good:
            raise ValidationError({"emergency_numbers": _('Write a list of numbers like [{"label": "火警", "number": "119"}].')})

    @property
    def is_urgent(self) -> bool:
        """Flagged urgent as data: it has advice or numbers to call before reporting."""
        return bool(self.emergency_advice.strip() or self.emergency_numbers)

    def emergency_calls(self) -> list[dict]:
        """The numbers to call, cleaned for a tel: link: [{"label": ..., "number": ...}]."""
        calls = []
        for row in self.emergency_numbers or []:
            number = "".join(ch for ch in str((row or {}).get("number", "")) if ch.isdigit() or ch == "+") if isinstance(row, dict) else ""
            if number:
                calls.append({"label": str(row.get("label") or ""), "number": number})
        return calls

    def time_limit_kwargs(self) -> dict:
        key = {TimeUnit.WORKING_HOURS: "hours", TimeUnit.CLOCK_HOURS: "clock_hours"}.get(self.time_unit, "days")
        return {key: self.time_limit}

    def accept_limit_kwargs(self) -> dict:
        """The time allowed from the report to 立案, as `add_working_time` arguments."""
        from cases.limits import accept_working_hours

        return {"clock_minutes": self.accept_minutes} if self.accept_minutes else {"hours": accept_working_hours()}


class ExtensionState(models.TextChoices):
    """延期: a complex matter's extension, asked for by the handler and decided by the dispatching or supervising staff."""

    REQUESTED = "requested", _("Extension requested")
    APPROVED = "approved", _("Extension approved")
    REFUSED = "refused", _("Extension refused")


# the states in which a 督办's three working days run (the handler has not reported completion yet)
SUPERVISED_STATES = (CaseState.ACCEPTED, CaseState.DISPATCHED, CaseState.IN_PROGRESS)


def late_q(now) -> models.Q:
    """Cases past one of their running clocks: 立案 (from the report), handling (`due_at`), or a 督办's reply."""
    return (
        models.Q(state__in=OPEN_STATES, due_at__lt=now)
        | models.Q(state=CaseState.REPORTED, accept_due_at__lt=now)
        | models.Q(state__in=SUPERVISED_STATES, supervision_due_at__lt=now)
    )


class CaseQuerySet(ScopedQuerySet):
    scope_field = "unit_path"

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, now):
        return self.open().filter(late_q(now))

    def visits_overdue(self, now):
        """Closed cases whose 回访 (the rating) is past its limit."""
        return self.filter(state=CaseState.CLOSED, rating="", visit_due_at__lt=now)


class Case(TimeStamped):
    workflow = CASE_WORKFLOW

    number = models.CharField(_("case number"), max_length=32, unique=True, null=True, editable=False)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    category = models.ForeignKey(CaseCategory, models.PROTECT, related_name="cases", verbose_name=_("category"))
    description = models.TextField(_("description"), max_length=4000)
    # where: a map pin and/or an address; the grid is found from the pin
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="grid_cases", verbose_name=_("grid"))
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="cases", verbose_name=_("unit"))
    unit_path = PathField()
    # 全要素: the shop, public place or street segment of the grid the case is about
    element = models.ForeignKey("org.GridElement", models.SET_NULL, null=True, blank=True, related_name="cases", verbose_name=_("shop or public place"))
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="reported_cases", verbose_name=_("reporter"))
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="followed_cases", verbose_name=_("followers"))
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    # the loop
    state = models.CharField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.REPORTED)
    handler_kind = models.CharField(_("handled by"), max_length=16, choices=HandlerKind.choices, blank=True)
    handling_unit = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="handled_cases", verbose_name=_("handling unit"))
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged_cases", verbose_name=_("merged into"))
    accept_due_at = models.DateTimeField(_("to be registered by"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # the handling deadline: from the report, the latest it can be (registered on time); from 立案, the category's limit
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    supervision_count = models.PositiveSmallIntegerField(_("times supervised"), default=0)
    supervision_due_at = models.DateTimeField(_("supervision to be answered by"), null=True, blank=True)
    visit_due_at = models.DateTimeField(_("return visit due by"), null=True, blank=True)
    extension_state = models.CharField(_("extension"), max_length=16, choices=ExtensionState.choices, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    escalated_to = models.ForeignKey("org.Unit", models.PROTECT, null=True, blank=True, related_name="escalated_cases", verbose_name=_("escalated to"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    # where it came from outside: a 12345 ticket number, a device or camera id, an Open311 client's id
    external_ref = models.CharField(_("external reference"), max_length=64, blank=True)
    # a caller's contact for a hotline ticket or an anonymous report: personal data, stored encrypted and masked
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone_enc = models.TextField(blank=True, editable=False)
    contact_phone_masked = models.CharField(_("contact phone"), max_length=20, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()
    # audit.personal: the caller's contact and the place a resident typed or pinned; str() is the case number
    audit_personal_fields, audit_keeps_str = ("contact_name", "contact_phone_masked", "address", "lat", "lng"), True

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="cases_case_path"),
            models.Index(fields=["state", "due_at"], name="cases_case_state_due"),
            models.Index(fields=["category", "created_at"], name="cases_case_cat_created"),
            models.Index(fields=["source", "external_ref"], name="cases_case_external"),
        ]

    def __str__(self):
        return self.number or f"#{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def running_deadline(self):
        """The earliest deadline of the clocks running now (立案, handling, a 督办's reply); None when none runs."""
        if self.state not in OPEN_STATES:
            return None
        times = [self.due_at]
        if self.state == CaseState.REPORTED:
            times.append(self.accept_due_at)
        if self.state in SUPERVISED_STATES:
            times.append(self.supervision_due_at)
        times = [t for t in times if t is not None]
        return min(times) if times else None

    def is_late(self, now) -> bool:
        deadline = self.running_deadline()
        return deadline is not None and deadline < now

    @property
    def is_overdue(self) -> bool:
        """Past one of its running clocks now (for templates; querysets use `late_q`)."""
        return self.is_late(timezone.now())


class CaseTransition(TransitionRecord):
    case = models.ForeignKey(Case, models.CASCADE, related_name="transitions", verbose_name=_("case"))

    class Meta(TransitionRecord.Meta):
        verbose_name = _("case transition")
        verbose_name_plural = _("case transitions")
        indexes = [models.Index(fields=["case", "at"], name="cases_transition_case_at")]


class PhotoKind(models.TextChoices):
    REPORT = "report", _("Photo of the problem")
    EVIDENCE = "evidence", _("Evidence of handling")


def photo_path(photo, filename):
    return f"cases/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class CasePhoto(models.Model):
    """A photo of a case, re-encoded as JPEG (at most 1600 px, metadata such as GPS stripped) by `cases.photos`."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="photos", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=16, choices=PhotoKind.choices, default=PhotoKind.REPORT)
    image = models.ImageField(_("photo"), upload_to=photo_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(_("thumbnail"), upload_to=photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["uploaded_at", "id"]


from cases.models.stats import CaseDayStat, CaseHoursStat  # noqa: E402, F401  the indicators rollup
