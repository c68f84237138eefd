"""Base classes for the API: scoping applied once, here, never per view.

Writes are checked in this order, before the body is validated, so that no answer depends on data the
caller may not see: the object out of scope is 404; without the write right anywhere (create) or on the
object (update) 403; an object the body references (a foreign key) that is not within the caller's write
scope, or does not exist, is 404; only then the body is validated (400), uniqueness included."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Manager
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, relations, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from core.converters import IdConverter
from core.scoping import ScopedQuerySet, has_perm_anywhere
from core.serializers import ConflictSerializer

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


def conflict(description: str, serializer=ConflictSerializer) -> OpenApiResponse:
    """The schema of a 409 answer (`core.exceptions.Conflict`), described for the operation."""
    return OpenApiResponse(serializer, description=description)


def step_schema(request, summary: str, response, conflict_description: str, code: int = 200, conflict_serializer=ConflictSerializer):
    """The schema of a workflow step: its body (`request`, None for none), `code` with `response`, or 409."""
    return extend_schema(request=request, responses={code: response, 409: conflict(conflict_description, conflict_serializer)}, summary=summary)


@dataclass(frozen=True)
class ApiStep:
    """One workflow step on the API, declared in a viewset's `steps` table (`ScopedViewSetMixin`):

        steps = {
            "accept": ApiStep(svc.case_accept, perm=step_perm("accept"), request=AcceptInputSerializer,
                              summary="Register (立案)"),
            "check_in": ApiStep(svc.booking_check_in, summary="Check in", url_path="check-in"),
        }

    makes `POST /api/<prefix>/{id}/accept/`, which fetches the object through the viewset's scoped queryset
    (404), checks `perm` (403: a permission name checked on the object, a predicate `perm(user, obj)`, or
    None for the viewset's `change_perm`), validates the body with `request` (400), calls
    `service(<step_subject>=obj, by=user, **validated)` (a service's ValidationError 400, an illegal step
    409, both by `core.exceptions.api_exception_handler`) and answers the object's detail
    (`detail_response`), or `respond(view, obj, result)` when given."""

    service: Callable[..., Any]
    summary: str
    perm: str | Callable[[Any, Any], bool] | None = None
    request: type | None = None
    url_path: str | None = None
    url_name: str | None = None
    response: Any = None  # the schema of the answer: the viewset's `detail_serializer_class` by default
    status: int = status.HTTP_200_OK
    respond: Callable[..., Response] | None = None


def _step_action(name: str, step: ApiStep, viewset):
    def handler(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check_step(step, obj)
        data = {}
        if step.request is not None:
            s = step.request(data=request.data)
            s.is_valid(raise_exception=True)
            data = dict(s.validated_data)
        result = step.service(**{self.step_subject: obj}, by=request.user, **data)
        if step.respond is not None:
            return step.respond(self, obj, result)
        return self.detail_response(obj, step.status)

    handler.__name__ = handler.__qualname__ = name
    handler = action(detail=True, methods=["post"], url_path=step.url_path or name, url_name=step.url_name or step.url_path or name.replace("_", "-"))(handler)
    response = step.response or viewset.detail_serializer_class
    return step_schema(step.request, step.summary, response, viewset.conflict_description, step.status, viewset.conflict_serializer)(handler)


class ScopedViewSetMixin:
    """`view_perm` scopes reads; `change_perm` gates writes. Out of scope is 404, no right is 403."""

    # (The docstring is the schema's description of the viewsets without one of their own: keep it as it is.)
    # Workflow steps are declared in `steps` ({method name: `ApiStep`}); each becomes a POST action on the
    # object. `detail_response` answers an object's detail after a write: `detail_serializer_class` over
    # `detail_queryset()` (by default the scoped queryset).

    view_perm: str = ""
    change_perm: str = ""
    queryset = None
    lookup_value_regex = IdConverter.regex
    steps: dict[str, ApiStep] = {}
    step_subject: str = ""  # the keyword the step services take the object by: "case", "booking", ...
    detail_serializer_class = None
    conflict_description = "The object's state does not allow this; nothing changed."
    conflict_serializer = ConflictSerializer  # the 409's schema component

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, step in cls.__dict__.get("steps", {}).items():
            setattr(cls, name, _step_action(name, step, cls))

    def check_step(self, step: ApiStep, obj) -> None:
        user = self.request.user
        if step.perm is None:
            self.check_write(obj)
        elif not (user.has_perm(step.perm, obj) if isinstance(step.perm, str) else step.perm(user, obj)):
            raise PermissionDenied()

    def detail_queryset(self):
        return self.get_queryset()

    def detail_response(self, obj, code=status.HTTP_200_OK):
        fresh = self.detail_queryset().get(pk=obj.pk)
        return Response(self.detail_serializer_class(fresh, context=self.get_serializer_context()).data, status=code)

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
        """Call a service; its ValidationError is a 400 and an illegal step a 409 (core.exceptions)."""
        return fn(*args, **kwargs)


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
