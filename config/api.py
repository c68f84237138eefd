from django.urls import path
from rest_framework.routers import DefaultRouter

from accounts.api import RoleAssignmentViewSet
from audit.api import AuditLogViewSet
from cases.api import CaseViewSet
from cases.api_indicators import CaseIndicatorsView
from org.api import UnitViewSet
from people.api import CommunityRoleViewSet, HouseholdViewSet, OwnershipViewSet, ResidentViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("residents", ResidentViewSet, basename="resident")
router.register("households", HouseholdViewSet, basename="household")
router.register("ownerships", OwnershipViewSet, basename="ownership")
router.register("community-roles", CommunityRoleViewSet, basename="communityrole")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("cases", CaseViewSet, basename="case")
router.register("audit-logs", AuditLogViewSet, basename="auditlog")

urlpatterns = [*router.urls, path("case-indicators/", CaseIndicatorsView.as_view(), name="case-indicators")]  # figures, not a model: not in the router
