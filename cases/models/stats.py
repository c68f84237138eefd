"""The daily rollup behind the case indicators (cases/indicators.py, kept by cases/rollup.py).

One `CaseDayStat` row per (unit path, day, category) holds the counts of three cohorts of the cases
under that unit: those reported that day, those closed that day, and the registered ones due that day.
One `CaseHoursStat` row per (unit path, day, category, whole hours) counts the cases closed that day
that took that many hours from registration to closing: the histogram the median is read from.

Rows exist only for the units near the top of the tree (depth ≤ `CASES_ROLLUP_DEPTH`, by default the
街道 and its 片区), where a year holds tens of thousands of cases; a 居民区 or a grid holds few enough to
count them from the cases directly. Counts are plain integers (not positive-only): the rollup is a
derived cache, and `manage.py cases_rollup` rebuilds it from the cases.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import PathField


class CaseDayStat(models.Model):
    path = PathField(_("unit path"))
    day = models.DateField(_("day"))
    category = models.ForeignKey("cases.CaseCategory", models.CASCADE, related_name="+", verbose_name=_("category"))
    # the cases reported that day
    reported = models.IntegerField(default=0)
    merged = models.IntegerField(default=0)  # ... since merged into another case (duplicates)
    reopened = models.IntegerField(default=0)  # ... reopened at least once since
    # the cases closed (结案) that day
    closed = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)  # ... never reopened
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)  # ... rated satisfied or basically satisfied
    # the registered cases (not merged) due that day
    due_on_time = models.IntegerField(default=0)  # closed by their due time
    due_late = models.IntegerField(default=0)  # closed after it
    due_open = models.IntegerField(default=0)  # not closed (yet)

    COUNTS = ("reported", "merged", "reopened", "closed", "resolved", "rated", "satisfied", "due_on_time", "due_late", "due_open")

    class Meta:
        verbose_name = _("daily case figures")
        verbose_name_plural = _("daily case figures")
        constraints = [models.UniqueConstraint(fields=["path", "day", "category"], name="cases_daystat_key")]


class CaseHoursStat(models.Model):
    path = PathField(_("unit path"))
    day = models.DateField(_("day"))
    category = models.ForeignKey("cases.CaseCategory", models.CASCADE, related_name="+", verbose_name=_("category"))
    hours = models.IntegerField(_("handling time (whole hours)"))
    cases = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily handling times")
        verbose_name_plural = _("daily handling times")
        constraints = [models.UniqueConstraint(fields=["path", "day", "category", "hours"], name="cases_hoursstat_key")]
