"""The case system's reference data in the Django admin: the holiday calendar (a year's 国务院办公厅 notice,
entered when it is published) and the categories with their time limits."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.models import CaseCategory, Holiday


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(CaseCategory)
class CaseCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "handler_kind", "time_limit", "time_unit", "accept_minutes", "is_urgent", "is_active"]
    list_filter = ["handler_kind", "time_unit", "is_active"]
    fieldsets = [
        (None, {"fields": ["code", "name", "parent", "handler_kind", "time_limit", "time_unit", "accept_minutes", "is_active"]}),
        (_("Emergency: what to do first"), {"fields": ["emergency_advice", "emergency_numbers"]}),
    ]
    search_fields = ["code", "name"]
    ordering = ["code"]

    @admin.display(boolean=True, description=_("urgent"))
    def is_urgent(self, obj):
        return obj.is_urgent
