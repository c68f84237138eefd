"""Writes to places, rooms, menu items and operators (S1.1-S1.2). Permissions are checked at the edge.

Changing a room's hours, slot length or bookability, or a service's hours or places, refreshes its
future slots: slots nobody has booked are dropped and made again from the new hours; slots with
bookings stay as they are (a service's places never drop below what is already booked)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from doorstep.models import Access, Operator, Place, PlaceKind, Room, RoomKind, Service, Slot
from doorstep.services.bookings import setting
from doorstep.slots import hours_checked, slots_generate
from org.models import Unit, UnitKind

PLACE_FIELDS = {"name", "address", "lat", "lng", "area_m2", "floors", "phone", "operator", "opening_hours", "duties", "personalised"}
ROOM_FIELDS = {"kind", "name", "floor", "capacity", "area_m2", "equipment", "opening_hours", "operator", "bookable", "slot_minutes", "rules", "is_active"}
SERVICE_FIELDS = {"group", "name", "description", "room", "provider", "provider_name", "schedule", "capacity", "eligibility", "access", "fee", "is_active"}
OPERATOR_FIELDS = {"name", "credit_code", "phone", "contract_start", "contract_end"}
PLACE_UNIT_KINDS = {PlaceKind.CENTRE: UnitKind.SUBDISTRICT, PlaceKind.STATION: UnitKind.DISTRICT}


def _set(obj, allowed: set, fields: dict):
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(obj, name, value)


def _clean_lists(obj):
    if hasattr(obj, "opening_hours"):
        obj.opening_hours = hours_checked(obj.opening_hours or {})
    if hasattr(obj, "equipment"):
        obj.equipment = [str(e).strip() for e in (obj.equipment or []) if str(e).strip()]


# --- places ---------------------------------------------------------------------------------------


@transaction.atomic
def place_create(*, kind: str, unit: Unit, name: str, by=None, **fields) -> Place:
    if PLACE_UNIT_KINDS.get(kind) != unit.kind:
        raise ValidationError({"unit": _("A centre belongs to a subdistrict and a station to a residential district.")})
    place = Place(kind=kind, unit=unit, unit_path=unit.path, name=name)
    _set(place, PLACE_FIELDS, fields)
    _clean_lists(place)
    place.full_clean(exclude=["unit_path"])
    place.save()
    return place


@transaction.atomic
def place_update(*, place: Place, by=None, **fields) -> Place:
    before = place.opening_hours
    _set(place, PLACE_FIELDS, fields)
    _clean_lists(place)
    place.full_clean(exclude=["unit_path"])
    place.save()
    if place.opening_hours != before:
        slots_refresh(rooms=place.rooms.filter(opening_hours={}), services=place.services.filter(room__isnull=True))
    return place


# --- rooms ----------------------------------------------------------------------------------------


@transaction.atomic
def room_create(*, place: Place | None, kind: str, name: str, capacity: int, unit: Unit | None = None, by=None, **fields) -> Room:
    """A room of `place`; or, with no place, a shared space (kind "shared") at `unit`, the 居民区 where it
    is (S2.2: resources.services.spaces keeps its library row)."""
    if place is None and (unit is None or kind != RoomKind.SHARED):
        raise ValidationError({"place": _("A room belongs to a place; only a shared space stands on its own, at a residential district.")})
    unit = place.unit if place is not None else unit
    room = Room(place=place, unit=unit, unit_path=unit.path, kind=kind, name=name, capacity=capacity)
    _set(room, ROOM_FIELDS, fields)
    _clean_lists(room)
    room.full_clean(exclude=["unit_path"])
    room.save()
    slots_refresh(rooms=Room.objects.filter(pk=room.pk))
    return room


@transaction.atomic
def room_update(*, room: Room, by=None, **fields) -> Room:
    before = (room.opening_hours, room.slot_minutes, room.bookable, room.is_active)
    _set(room, ROOM_FIELDS, fields)
    _clean_lists(room)
    room.full_clean(exclude=["unit_path"])
    room.save()
    if (room.opening_hours, room.slot_minutes, room.bookable, room.is_active) != before:
        slots_refresh(rooms=Room.objects.filter(pk=room.pk))
    return room


# --- the menu -------------------------------------------------------------------------------------


def _check_service_room(service: Service):
    if service.room_id and service.room.place_id != service.place_id:
        raise ValidationError({"room": _("Choose a room of this place.")})


@transaction.atomic
def service_create(*, place: Place, group: str, name: str, by=None, **fields) -> Service:
    service = Service(place=place, unit_path=place.unit_path, group=group, name=name)
    _set(service, SERVICE_FIELDS, fields)
    _check_service_room(service)
    service.full_clean(exclude=["unit_path"])
    service.save()
    slots_refresh(services=Service.objects.filter(pk=service.pk))
    return service


@transaction.atomic
def service_update(*, service: Service, by=None, **fields) -> Service:
    before = (service.room_id, service.capacity, service.access, service.is_active)
    _set(service, SERVICE_FIELDS, fields)
    _check_service_room(service)
    service.full_clean(exclude=["unit_path"])
    service.save()
    if service.capacity != before[1]:
        Slot.objects.filter(service=service, start__gt=timezone.now()).update(capacity=Greatest(F("booked"), service.capacity))
    if (service.room_id, service.access, service.is_active) != (before[0], before[2], before[3]):
        slots_refresh(services=Service.objects.filter(pk=service.pk))
    return service


# --- operators ------------------------------------------------------------------------------------


@transaction.atomic
def operator_save(*, operator: Operator | None = None, by=None, **fields) -> Operator:
    operator = operator or Operator()
    if "credit_code" in fields:
        fields["credit_code"] = (fields["credit_code"] or "").strip().upper()
    _set(operator, OPERATOR_FIELDS, fields)
    if operator.contract_start and operator.contract_end and operator.contract_end < operator.contract_start:
        raise ValidationError({"contract_end": _("The contract cannot end before it starts.")})
    operator.full_clean()
    operator.save()
    return operator


# --- slots ----------------------------------------------------------------------------------------


def slots_refresh(*, rooms=None, services=None):
    """Drop the future slots of these rooms/services (and of the rooms the services use) that nobody
    ever booked, then generate them again."""
    now = timezone.now()
    rooms = rooms if rooms is not None else Room.objects.none()
    services = services if services is not None else Service.objects.none()
    room_ids = set(rooms.values_list("pk", flat=True)) | set(services.exclude(room=None).values_list("room_id", flat=True))
    Slot.objects.filter(service__in=services, start__gt=now, bookings__isnull=True).delete()
    Slot.objects.filter(room_id__in=room_ids, start__gt=now, bookings__isnull=True).delete()
    slots_generate(
        weeks=setting("SERVICES_SLOT_WEEKS"),
        now=now,
        rooms=Room.objects.filter(pk__in=room_ids, is_active=True, bookable=True),
        services=services.filter(is_active=True, access=Access.BOOK),
    )
