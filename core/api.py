"""Base classes for the API: scoping applied once, here, never per view."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from .converters import IdConverter


class ScopedViewSetMixin:
    """`view_perm` scopes reads; `change_perm` gates writes. Out of scope is 404, no right is 403."""

    view_perm: str = ""
    change_perm: str = ""
    queryset = None
    lookup_value_regex = IdConverter.regex

    def get_queryset(self):
        return self.queryset.for_user(self.request.user, self.view_perm)

    def check_write(self, obj=None):
        user = self.request.user
        if not self.change_perm or not user.has_perm(self.change_perm, obj):
            raise PermissionDenied()

    def run_service(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages}) from e


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Create and update go through `perform_create`/`perform_update`, which call services."""

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        serializer.instance = self.run_service(self.update_service, serializer.instance, serializer.validated_data)

    def perform_create(self, serializer):
        serializer.instance = self.run_service(self.create_service, serializer.validated_data)
