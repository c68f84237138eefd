"""Base classes for the API: scoping applied once, here, never per view.

Writes are checked in this order, before the body is validated, so that no answer depends on data the
caller may not see: the object out of scope is 404; without the write right anywhere (create) or on the
object (update) 403; an object the body references (a foreign key) that is not within the caller's write
scope, or does not exist, is 404; only then the body is validated (400), uniqueness included."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Manager
from django.utils.translation import gettext as _
from rest_framework import mixins, relations, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from .converters import IdConverter
from .scoping import ScopedQuerySet, has_perm_anywhere

WRITE_ACTIONS = {"create", "update", "partial_update"}


def _queryset(rel):
    qs = getattr(rel, "queryset", None)
    return qs.all() if isinstance(qs, Manager) else qs  # ModelSerializer gives the model's manager


def _relations(serializer):
    """(name, related field, many) for every writable foreign key of `serializer` whose queryset is scoped."""
    for name, field in serializer.fields.items():
        many = isinstance(field, relations.ManyRelatedField)
        rel = field.child_relation if many else field
        if field.read_only or not isinstance(rel, relations.RelatedField) or not isinstance(_queryset(rel), ScopedQuerySet):
            continue
        yield name, rel, many


def scope_references(serializer, user, perm: str) -> None:
    """Resolve the serializer's foreign keys through the caller's scope for `perm`: an object outside it
    is, to this request, an object that does not exist."""
    for _name, rel, _many in _relations(serializer):
        rel.queryset = _queryset(rel).for_user(user, perm)


def check_references(serializer, data) -> None:
    """404 when the body references an object outside the caller's scope (or none at all), before any
    other validation: the answer is the same whether the object exists elsewhere or not."""
    if not hasattr(data, "get"):
        return
    for name, rel, many in _relations(serializer):
        if name not in data:
            continue
        values = (data.getlist(name) if hasattr(data, "getlist") else data[name]) if many else [data[name]]
        if not isinstance(values, list | tuple):
            continue  # the wrong shape: the validation says so
        for value in values:
            if value is None or value == "" or isinstance(value, dict | list | bool):
                continue
            try:
                rel.to_internal_value(value)
            except ValidationError as e:
                if any(getattr(d, "code", "") == "does_not_exist" for d in e.detail):
                    raise NotFound({name: [_("Not found where you may write.")]}) from e


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

    def check_create(self):
        """403 before the body is read when the caller holds the write right nowhere."""
        if not self.change_perm or not has_perm_anywhere(self.request.user, self.change_perm):
            raise PermissionDenied()

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if getattr(self, "action", None) in WRITE_ACTIONS and "data" in kwargs and self.change_perm:
            scope_references(serializer, self.request.user, self.change_perm)
            check_references(serializer, kwargs["data"])
        return serializer

    def run_service(self, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict if hasattr(e, "error_dict") else {"non_field_errors": e.messages}) from e


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Create and update go through `perform_create`/`perform_update`, which call services. The right and
    the scope are checked before the body is validated (see the module's note)."""

    def create(self, request, *args, **kwargs):
        self.check_create()
        return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        self.check_write(self.get_object())  # 404 out of scope, then 403 without the right
        return super().update(request, *args, **kwargs)

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        serializer.instance = self.run_service(self.update_service, serializer.instance, serializer.validated_data)

    def perform_create(self, serializer):
        serializer.instance = self.run_service(self.create_service, serializer.validated_data)
