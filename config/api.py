from django.urls import path
from rest_framework.routers import DefaultRouter

import core.converters  # noqa: F401  registers <id:...>
from accounts.api import RoleAssignmentViewSet
from audit.api import AuditLogViewSet
from cases.api import CaseViewSet
from cases.api.indicators import CaseIndicatorsView
from deliberation.api import actions as api_actions
from deliberation.api import matters as api_matters
from deliberation.api import summons as api_summons
from doorstep.api.bookings import (
    BookableRoomDetailView,
    BookableRoomListView,
    BookingViewSet,
    MenuDetailView,
    MenuListView,
    PlaceViewSet,
    RoomViewSet,
    SlotViewSet,
)
from doorstep.api.committees import CommitteeMemberViewSet
from doorstep.api.points import DutyShiftViewSet, PointViewSet, ReceptionViewSet
from evaluation import api as api_evaluation
from meetings.api import bodies as api_bodies
from meetings.api import decisions as api_decisions
from org.api import GridElementViewSet, ResponsibleViewSet, UnitViewSet
from people.api import CommunityRoleViewSet, HouseholdViewSet, OwnershipViewSet, ResidentViewSet
from resources.api import map as api_map
from resources.api import matches as api_matches
from resources.api import needs as api_needs
from resources.api import rounds as api_rounds
from resources.api import spaces as api_spaces
from resources.api import talents as api_talents
from smart.api import AlarmViewSet, DeviceTypeList, DeviceViewSet
from smart.api.rules import AlarmRuleDetailView, AlarmRuleListView
from surveys.api import SurveyViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("responsibles", ResponsibleViewSet, basename="responsible")  # 人员清
router.register("grid-elements", GridElementViewSet, basename="grid-element")  # 全要素
router.register("residents", ResidentViewSet, basename="resident")
router.register("households", HouseholdViewSet, basename="household")
router.register("ownerships", OwnershipViewSet, basename="ownership")
router.register("community-roles", CommunityRoleViewSet, basename="communityrole")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("cases", CaseViewSet, basename="case")
router.register("places", PlaceViewSet, basename="place")
router.register("rooms", RoomViewSet, basename="room")
router.register("slots", SlotViewSet, basename="slot")
router.register("bookings", BookingViewSet, basename="booking")
router.register("audit-logs", AuditLogViewSet, basename="auditlog")
router.register("devices", DeviceViewSet, basename="device")
router.register("alarms", AlarmViewSet, basename="alarm")
router.register("surveys", SurveyViewSet, basename="survey")
router.register("points", PointViewSet, basename="point")  # 睦邻点
router.register("duty-shifts", DutyShiftViewSet, basename="duty-shift")
router.register("receptions", ReceptionViewSet, basename="reception")
router.register("committee-members", CommitteeMemberViewSet, basename="committee-member")  # the stations' four committees
RESOURCE_APIS = (api_talents, api_spaces, api_needs, api_matches, api_rounds, api_map)  # 三大资源库: each module lists its own routes and paths
RESOURCE_APIS += (api_bodies, api_decisions)  # 议事协商: the meetings engine
RESOURCE_APIS += (api_actions, api_matters, api_summons)  # resolutions' actions, 三重一大, 约请
RESOURCE_APIS += (api_evaluation,)  # 民主监督评议 and 物业服务评价
for module in RESOURCE_APIS:
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = [*router.urls, path("case-indicators/", CaseIndicatorsView.as_view(), name="case-indicators")]  # figures, not a model: not in the router
urlpatterns += [path("device-types/", DeviceTypeList.as_view(), name="device-types")]  # data, not scoped: not in the router
urlpatterns += [  # alarm rules belong to device types, not to units: not in the router
    path("alarm-rules/", AlarmRuleListView.as_view(), name="alarmrule-list"),
    path("alarm-rules/<id:pk>/", AlarmRuleDetailView.as_view(), name="alarmrule-detail"),
]
urlpatterns += [  # the public service menu and bookable rooms: everyone sees them all, so not in the router
    path("service-menu/", MenuListView.as_view(), name="service-menu"),
    path("service-menu/<int:pk>/", MenuDetailView.as_view(), name="service-menu-detail"),
    path("bookable-rooms/", BookableRoomListView.as_view(), name="bookable-rooms"),
    path("bookable-rooms/<int:pk>/", BookableRoomDetailView.as_view(), name="bookable-room-detail"),
]
urlpatterns += [p for module in RESOURCE_APIS for p in module.PATHS]
