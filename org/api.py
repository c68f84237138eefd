from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api import ScopedModelViewSet
from org import services
from org.filtersets import GridElementFilterSet, ResponsibleFilterSet, UnitFilterSet
from org.models import CHANGE_ELEMENT, CHANGE_UNIT, VIEW_UNIT, GridElement, Responsible, Unit
from org.serializers import GridElementSerializer, ResponsibleWriteSerializer, UnitSerializer


class UnitViewSet(ScopedModelViewSet):
    """组织单元: 街道 → 片区 → 居民区 → 网格 → 楼栋 → 房屋, scoped to the caller's subtrees."""

    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_class = UnitFilterSet
    view_perm, change_perm = VIEW_UNIT, CHANGE_UNIT

    def get_queryset(self):
        return super().get_queryset().prefetch_related("responsibles")

    def create_service(self, data):
        parent = data.get("parent")
        if parent is None or not self.request.user.has_perm(CHANGE_UNIT, parent):
            raise PermissionDenied()
        return services.unit_create(**data)

    def update_service(self, unit, data):
        data.pop("parent", None)
        return services.unit_update(unit=unit, **data)




class ResponsibleViewSet(mixins.DestroyModelMixin, ScopedModelViewSet):
    """人员清: the persons responsible for a unit (title, duty, work phone, account); kept by whoever may change the unit."""

    queryset = Responsible.objects.select_related("user")
    serializer_class = ResponsibleWriteSerializer
    filterset_class = ResponsibleFilterSet
    view_perm, change_perm = VIEW_UNIT, CHANGE_UNIT

    def create_service(self, data):
        if not self.request.user.has_perm(CHANGE_UNIT, data["unit"]):
            raise PermissionDenied()
        return services.responsible_create(**data)

    def update_service(self, responsible, data):
        data.pop("unit", None)
        return services.responsible_update(responsible=responsible, **data)

    def destroy(self, request, *args, **kwargs):
        responsible = self.get_object()
        self.check_write(responsible)
        services.responsible_delete(responsible=responsible)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GridElementViewSet(ScopedModelViewSet):
    """全要素: a grid's shops (商户), public places and street segments, which cases and patrols refer to."""

    queryset = GridElement.objects.select_related("grid")
    serializer_class = GridElementSerializer
    filterset_class = GridElementFilterSet
    view_perm, change_perm = VIEW_UNIT, CHANGE_ELEMENT

    def create_service(self, data):
        if not self.request.user.has_perm(CHANGE_ELEMENT, data["grid"]):
            raise PermissionDenied()
        return services.element_create(**data)

    def update_service(self, element, data):
        if "grid" in data and not self.request.user.has_perm(CHANGE_ELEMENT, data["grid"]):
            raise PermissionDenied()
        return services.element_update(element=element, **data)
