"""The API of 社区共享空间, organisations (共建单位, 公益慈善企业) and their charity projects (S2.2, S2.3).

Unit-scoped ModelViewSets: staff with resources.view_resource read the rows of their units; create and
update need resources.change_resource at the row's unit (403 without it, 404 out of sight) and go
through the services, which keep the booking engine's room and the matching catalogue in step. Bad
input (a wrong unified social credit code, a duplicate, a wrong type) is a 400 naming the field.
ROUTES are registered on the /api/ router by config/api.py."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied, ValidationError

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from accounts.scope import has_perm_anywhere
from core.api import ScopedModelViewSet
from resources.filtersets.spaces import OrganisationFilterSet, ProjectFilterSet, SharedSpaceFilterSet
from resources.models import Organisation, Project, SharedSpace
from resources.serializers.spaces import OrganisationSerializer, ProjectSerializer, SharedSpaceSerializer
from resources.services import orgs as services_orgs
from resources.services import spaces as services_spaces


class LibraryViewSet(ScopedModelViewSet):
    view_perm, change_perm = VIEW_RESOURCE, CHANGE_RESOURCE

    def create(self, request, *args, **kwargs):
        if not has_perm_anywhere(request.user, CHANGE_RESOURCE):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def require_at(self, obj):
        if not self.request.user.has_perm(CHANGE_RESOURCE, obj):
            raise PermissionDenied()


def _flat(data: dict) -> dict:
    """{"room": {"name": ...}, "fee": ...} → {"name": ..., "fee": ...} (the room's fields are the space's)."""
    data = dict(data)
    return {**data.pop("room", {}), **data}


class SharedSpaceViewSet(LibraryViewSet):
    """社区共享空间 in the caller's units. Book one through /api/bookings/ with a slot of its `room`."""

    queryset = SharedSpace.objects.all()
    serializer_class = SharedSpaceSerializer
    filterset_class = SharedSpaceFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("room__unit", "organisation").prefetch_related("types").order_by("unit_path", "id")

    def create_service(self, data):
        d = _flat(data)
        unit = d.pop("unit")
        self.require_at(unit)
        return services_spaces.space_create(unit=unit, name=d.pop("name"), capacity=d.pop("capacity"), types=d.pop("types"), by=self.request.user, **d)

    def update_service(self, space, data):
        d = _flat(data)
        unit = d.pop("unit", None)
        if unit is not None and unit.pk != space.room.unit_id:
            raise ValidationError({"unit": [_("A space cannot be moved to another residential district; enter it there anew.")]})
        return services_spaces.space_update(space=space, by=self.request.user, **d)


class OrganisationViewSet(LibraryViewSet):
    """共建单位, 公益慈善企业 (?kind=enterprise) and social organisations attached to the caller's units."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("unit").prefetch_related("districts").order_by("kind", "name", "id")

    def create_service(self, data):
        d = dict(data)
        unit = d.pop("unit")
        self.require_at(unit)
        return services_orgs.organisation_create(kind=d.pop("kind"), name=d.pop("name"), unit=unit, by=self.request.user, **d)

    def update_service(self, org, data):
        if "unit" in data:
            self.require_at(data["unit"])
        return services_orgs.organisation_update(organisation=org, by=self.request.user, **data)


class CharityProjectViewSet(LibraryViewSet):
    """公益服务项目清单: the projects of the organisations attached to the caller's units."""

    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilterSet

    def get_queryset(self):
        return super().get_queryset().select_related("organisation").prefetch_related("types", "districts").order_by("organisation_id", "name", "id")

    def create_service(self, data):
        d = dict(data)
        org = d.pop("organisation")
        self.require_at(org)
        return services_orgs.project_create(organisation=org, name=d.pop("name"), types=d.pop("types"), by=self.request.user, **d)

    def update_service(self, project, data):
        d = dict(data)
        org = d.pop("organisation", None)
        if org is not None and org.pk != project.organisation_id:
            raise ValidationError({"organisation": [_("A project stays with its organisation; enter it anew under the other one.")]})
        return services_orgs.project_update(project=project, by=self.request.user, **d)


ROUTES = [
    ("shared-spaces", SharedSpaceViewSet, "shared-space"),
    ("organisations", OrganisationViewSet, "organisation"),
    ("charity-projects", CharityProjectViewSet, "charity-project"),
]
PATHS = []  # [path(...)] for views that are not unit-scoped model viewsets
