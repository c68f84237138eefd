from django.db.models import Count
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from accounts.roles import (
    CHANGE_HOUSEHOLD,
    CHANGE_OWNERSHIP,
    CHANGE_RESIDENT,
    VIEW_COMMUNITYROLE,
    VIEW_HOUSEHOLD,
    VIEW_OWNERSHIP,
    VIEW_PII,
    VIEW_RESIDENT,
)
from audit.context import client_ip
from core.api import ScopedModelViewSet, ScopedReadOnlyViewSet
from people import services
from people.filtersets import CommunityRoleFilterSet, HouseholdFilterSet, OwnershipFilterSet, ResidentFilterSet
from people.models import CommunityRole, Household, Ownership, Resident
from people.serializers import (
    CommunityRoleSerializer,
    HouseholdSerializer,
    OwnershipSerializer,
    ResidentSerializer,
    RevealedSerializer,
    RevealSerializer,
)


def require_at(user, perm, unit):
    if not user.has_perm(perm, unit):
        raise PermissionDenied()


class ResidentViewSet(ScopedModelViewSet):
    """居民: masked identifiers; search by name, pinyin initials (`q=zsf`), address or a full number."""

    queryset = Resident.objects.all()
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilterSet
    view_perm, change_perm = VIEW_RESIDENT, CHANGE_RESIDENT

    def create_service(self, data):
        require_at(self.request.user, CHANGE_RESIDENT, data["house"])
        return services.resident_create(**data)

    def update_service(self, resident, data):
        if "house" in data:
            require_at(self.request.user, CHANGE_RESIDENT, data["house"])
        return services.resident_update(resident=resident, **data)

    @extend_schema(request=RevealSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID or mobile number, for a caller with the right; every call is audited."""
        resident = self.get_object()
        if not request.user.has_perm(VIEW_PII, resident):
            raise PermissionDenied()
        s = RevealSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        field = s.validated_data["field"]
        value = services.resident_reveal(resident=resident, field=field, by=request.user, ip=client_ip(request))
        return Response({"field": field, "value": value})


class HouseholdViewSet(ScopedModelViewSet):
    queryset = Household.objects.all()
    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilterSet
    view_perm, change_perm = VIEW_HOUSEHOLD, CHANGE_HOUSEHOLD

    def get_queryset(self):
        return super().get_queryset().annotate(member_count=Count("members")).order_by("unit_path", "id")

    def create_service(self, data):
        require_at(self.request.user, CHANGE_HOUSEHOLD, data["house"])
        return services.household_create(**data)

    def update_service(self, household, data):
        data.pop("house", None)
        for k, v in data.items():
            setattr(household, k, v)
        household.save()
        return household


class OwnershipViewSet(ScopedModelViewSet):
    """产权: owners of each 房屋 with their share (co-owners' shares total at most 100%) and exactly one voting
    representative per house with owners: the first owner is it; `is_representative: true` on another owner makes
    that one the representative instead."""

    queryset = Ownership.objects.select_related("owner", "house")
    serializer_class = OwnershipSerializer
    filterset_class = OwnershipFilterSet
    view_perm, change_perm = VIEW_OWNERSHIP, CHANGE_OWNERSHIP

    def create_service(self, data):
        require_at(self.request.user, CHANGE_OWNERSHIP, data["house"])
        return services.ownership_create(**data)

    def update_service(self, ownership, data):
        fields = {k: data[k] for k in ("share_percent", "is_representative", "certificate_no", "registered_on") if k in data}
        return services.ownership_update(ownership=ownership, **fields)


class CommunityRoleViewSet(ScopedReadOnlyViewSet):
    queryset = CommunityRole.objects.select_related("resident")
    serializer_class = CommunityRoleSerializer
    filterset_class = CommunityRoleFilterSet
    view_perm = VIEW_COMMUNITYROLE

