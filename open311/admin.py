"""Open311 in the Django admin: service descriptions and attributes (the service definitions), and API keys."""

from django.contrib import admin

from open311.models import ApiKey, ServiceAttribute, ServiceProfile


@admin.register(ServiceAttribute)
class ServiceAttributeAdmin(admin.ModelAdmin):
    list_display = ["category", "order", "code", "datatype", "required", "variable", "is_active"]
    list_filter = ["datatype", "required", "is_active", "category"]
    search_fields = ["code", "description", "category__name", "category__code"]
    ordering = ["category__code", "order", "id"]


@admin.register(ServiceProfile)
class ServiceProfileAdmin(admin.ModelAdmin):
    list_display = ["category", "keywords"]
    search_fields = ["category__name", "category__code", "keywords"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are made with `manage.py open311_key create NAME` (the key is shown once); here they are
    named, given an acting user, switched off or on."""

    list_display = ["name", "prefix", "user", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    search_fields = ["name", "prefix"]

    def has_add_permission(self, request):
        return False
