"""三级服务体系 (S1.1-S1.3): the 幸福里 centre, the 好邻居 stations, their rooms and service menu,
bookings, duty and reception, and the 睦邻点 neighbourhood points."""

from doorstep.models.bookings import Booking, BookingTransition, Slot
from doorstep.models.calendar import CalendarFeedKey
from doorstep.models.duty import DutyKind, DutyShift, ReceptionLog
from doorstep.models.menu import Access, Service, ServiceGroup
from doorstep.models.places import Committee, CommitteeKind, CommitteeMember, CommitteeRole, Operator, Place, PlaceKind, Room, RoomKind
from doorstep.models.points import NeighbourhoodPoint, PointActivity, PointRecord, PointRecordKind, PointTransition, StarRating, SupervisionVisit
from doorstep.workflow import BookingState, PointState

__all__ = [
    "Access",
    "Booking",
    "BookingState",
    "BookingTransition",
    "CalendarFeedKey",
    "Committee",
    "CommitteeKind",
    "CommitteeMember",
    "CommitteeRole",
    "DutyKind",
    "DutyShift",
    "NeighbourhoodPoint",
    "Operator",
    "Place",
    "PlaceKind",
    "PointActivity",
    "PointRecord",
    "PointRecordKind",
    "PointState",
    "PointTransition",
    "ReceptionLog",
    "Room",
    "RoomKind",
    "Service",
    "ServiceGroup",
    "Slot",
    "StarRating",
    "SupervisionVisit",
]
