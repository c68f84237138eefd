"""The meetings engine's reference data in the Django admin: the kinds of body and their seat templates (data, not
code: a new kind of body is added here). Bodies, members and meetings are kept on the pages, through the services."""

from django.contrib import admin

from meetings.models import BodyKind, SeatTemplate


class SeatTemplateInline(admin.TabularInline):
    model = SeatTemplate
    extra = 0
    fields = ["order", "code", "name", "group", "count", "required"]


@admin.register(BodyKind)
class BodyKindAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit_kind", "quorum", "majority", "majority_base", "order"]
    inlines = [SeatTemplateInline]
    search_fields = ["code", "name"]
