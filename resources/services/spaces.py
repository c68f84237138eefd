"""Writes to 社区共享空间 (S2.2): a shared space IS a services.Room (kind "shared", no place, its unit the
居民区 where it is), so residents book it through the same engine as the stations' rooms (slots,
waitlists, no-show rule, iCalendar). The room is written through doorstep.services.places, which
makes (and, when the hours change, remakes) its slots; the SharedSpace row adds what the library
needs; the catalogue row (resources.catalogue.sync) follows in the same transaction. Permissions
(resources.change_resource at the space's 居民区) are checked at the edge."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from doorstep.models import Room, RoomKind
from doorstep.services.places import room_create, room_update
from doorstep.slots import hours_checked
from org.models import Unit, UnitKind
from resources.catalogue import sync
from resources.models import Organisation, ResourceKind, SharedSpace
from resources.services.orgs import check_types, coordinate

ROOM_FIELDS = {"name", "capacity", "area_m2", "equipment", "opening_hours", "rules", "slot_minutes", "bookable"}
SPACE_FIELDS = {"organisation", "address", "lat", "lng", "fee", "uses_per_period", "description"}


def _split(fields: dict) -> tuple[dict, dict]:
    unknown = set(fields) - ROOM_FIELDS - SPACE_FIELDS - {"types", "is_active"}
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    room_fields = {k: v for k, v in fields.items() if k in ROOM_FIELDS}
    if "opening_hours" in room_fields:
        try:
            room_fields["opening_hours"] = hours_checked(room_fields["opening_hours"] or {})
        except ValidationError as e:
            raise ValidationError({"opening_hours": e.messages}) from e
    return room_fields, {k: v for k, v in fields.items() if k in SPACE_FIELDS}


def _check_space(space: SharedSpace):
    if space.organisation is not None and not space.organisation.is_active and space.is_active:
        raise ValidationError({"organisation": _("“%(name)s” is no longer active; choose another organisation.") % {"name": space.organisation.name}})
    space.lat, space.lng = coordinate(space.lat), coordinate(space.lng)
    space.full_clean(exclude=["unit_path", "room", "organisation"])
    if space.fee < 0:
        raise ValidationError({"fee": _("The fee cannot be negative.")})
    if space.uses_per_period < 1:
        raise ValidationError({"uses_per_period": _("Offer at least one use per period.")})


def _check_capacity(room_fields: dict):
    if "capacity" in room_fields and (room_fields["capacity"] is None or int(room_fields["capacity"]) < 1):
        raise ValidationError({"capacity": _("A space holds at least one person.")})


def _check_bookable_hours(room: Room):
    if room.bookable and room.is_active and not room.opening_hours:
        raise ValidationError({"opening_hours": _("A space that can be booked needs opening hours on at least one day.")})


@transaction.atomic
def space_create(*, unit: Unit, name: str, capacity: int, types, by=None, organisation: Organisation | None = None, **fields) -> SharedSpace:
    """A new shared space at `unit` (a 居民区), offered by `organisation` or by the 居民区 itself (None),
    bookable from now on: its slots are made at once (and kept ahead by the daily job)."""
    if unit.kind != UnitKind.DISTRICT:
        raise ValidationError({"unit": _("A shared space is placed at a residential district (居民区).")})
    room_fields, space_fields = _split(fields)
    types = check_types(types, ResourceKind.SPACE)
    _check_capacity({"capacity": capacity})
    room_fields.setdefault("bookable", True)
    _check_bookable_hours(Room(opening_hours=room_fields.get("opening_hours") or {}, bookable=room_fields["bookable"], is_active=True))
    room = room_create(place=None, unit=unit, kind=RoomKind.SHARED, name=(name or "").strip(), capacity=capacity, by=by, **room_fields)
    space = SharedSpace(room=room, unit_path=room.unit_path, organisation=organisation, **space_fields)
    _check_space(space)
    space.save()
    space.types.set(types)
    sync(space)
    return space


@transaction.atomic
def space_update(*, space: SharedSpace, by=None, **fields) -> SharedSpace:
    """Change what the space offers; changed hours, slot length or bookability remake its free future
    slots (booked ones stay). `is_active` False takes it out of booking and matching."""
    room_fields, space_fields = _split(fields)
    types = check_types(fields["types"], ResourceKind.SPACE) if "types" in fields else None
    _check_capacity(room_fields)
    if "is_active" in fields:
        space.is_active = bool(fields["is_active"])
        room_fields["is_active"] = space.is_active
    room = space.room
    after = Room(opening_hours=room_fields.get("opening_hours", room.opening_hours), bookable=room_fields.get("bookable", room.bookable))
    after.is_active = room_fields.get("is_active", room.is_active)
    _check_bookable_hours(after)
    if "name" in room_fields:
        room_fields["name"] = (room_fields["name"] or "").strip()
    space.room = room_update(room=room, by=by, **room_fields)
    for k, v in space_fields.items():
        setattr(space, k, v)
    _check_space(space)
    space.save()
    if types is not None:
        space.types.set(types)
    sync(space)
    return space


@transaction.atomic
def space_deactivate(*, space: SharedSpace, by=None) -> SharedSpace:
    """No longer offered: not bookable (its free future slots go; booked ones stay) nor matched."""
    return space_update(space=space, by=by, is_active=False)
