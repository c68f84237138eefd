from rest_framework import mixins, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts import services
from accounts.filtersets import RoleAssignmentFilterSet
from accounts.models import RoleAssignment
from accounts.roles import CHANGE_ROLEASSIGNMENT, VIEW_ROLEASSIGNMENT
from accounts.serializers import RoleAssignmentSerializer
from core.api import ScopedModelViewSet


class RoleAssignmentViewSet(mixins.DestroyModelMixin, ScopedModelViewSet):
    """角色授权: who holds which role at which unit. Granted by the security administrator."""

    queryset = RoleAssignment.objects.select_related("user", "unit")
    serializer_class = RoleAssignmentSerializer
    filterset_class = RoleAssignmentFilterSet
    view_perm, change_perm = VIEW_ROLEASSIGNMENT, CHANGE_ROLEASSIGNMENT
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_service(self, data):
        if not self.request.user.has_perm(CHANGE_ROLEASSIGNMENT, data["unit"]):
            raise PermissionDenied()
        return services.role_assign(by=self.request.user, **data)

    def destroy(self, request, *args, **kwargs):
        assignment = self.get_object()
        self.check_write(assignment)
        services.role_revoke(assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)
