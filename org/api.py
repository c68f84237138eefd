from rest_framework.exceptions import PermissionDenied

from accounts.roles import CHANGE_UNIT, VIEW_UNIT
from core.api import ScopedModelViewSet

from . import services
from .filtersets import UnitFilterSet
from .models import Unit
from .serializers import UnitSerializer


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
