from django.contrib import admin

from evaluation.models import Indicator, IndicatorValue, Period, Plan, Rating, Result


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "threshold", "rectification_days", "is_active")
    inlines = [IndicatorInline]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("plan", "unit", "year", "quarter", "state", "computed_at", "published_at")
    list_filter = ("plan", "state", "year")
    raw_id_fields = ("unit",)


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    readonly_fields = ("indicator", "position", "name", "weight", "source", "raw", "samples", "score")
    can_delete = False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("period", "estate", "subject_name", "score", "rank", "below_threshold")
    list_filter = ("period__plan", "below_threshold")
    raw_id_fields = ("period", "estate", "organisation", "body", "action")
    inlines = [IndicatorValueInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("period", "estate", "organisation", "body", "rater", "score")
    raw_id_fields = ("period", "estate", "organisation", "body", "rater")
