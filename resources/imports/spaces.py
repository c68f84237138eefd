"""Importing 社区共享空间 (S2.2): each row becomes a services.Room of kind "shared" (no place; its unit is
the 居民区), so it is booked like any room, and the SharedSpace row the library adds, with its types
and its catalogue row. The new rooms' slots are made once, after the last row.

A space is the same as one already registered when its 居民区 has a shared space of the same name.
The offering organisation must be attached inside the importer's scope or above the 居民区.
"""

from django.utils.translation import gettext_noop

from doorstep.models import Room, RoomKind
from doorstep.services.places import slots_refresh
from imports.kinds.base import DUPLICATE_IN_FILE, OUT_OF_SCOPE, chunks
from resources.catalogue import sync
from resources.imports.base import SPACE_UNITS, ResourceImporter, split_names
from resources.imports.spec import RESOURCE_SPECS, SPACES
from resources.models import ResourceKind, SharedSpace

SPACE_TAKEN = gettext_noop("%(unit)s already has a shared space named %(value)s.")


class SpacesImporter(ResourceImporter):
    spec = RESOURCE_SPECS[SPACES]
    type_kind = ResourceKind.SPACE

    def clean(self, row):
        return {
            "name": self.text(row, "name"),
            "district": self.text(row, "district"),
            "types": self.names(row, "types"),
            "organisation": self.text(row, "organisation"),
            "address": self.text(row, "address") or "",
            "capacity": self.integer(row, "capacity", high=100_000),
            "area_m2": self.integer(row, "area_m2", high=1_000_000),
            "equipment": split_names(self.text(row, "equipment")),
            "opening_hours": self.weekly(row, "opening_hours"),
            "rules": self.text(row, "rules") or "",
            "fee": self.money(row, "fee"),
            "uses": self.integer(row, "uses", default=8),
            "active": self.choice(row, "active", default=True),
            "description": self.text(row, "description") or "",
        }

    def load(self, rows):
        data = [d for _r, d in rows]
        self.load_types()
        self.load_units(d["district"] for d in data)
        self.load_organisations(d["organisation"] for d in data)
        unit_ids = {u.pk for u in self.unit_codes.values()} | {u.pk for units in self.unit_names.values() for u in units}
        names = {d["name"] for d in data if d["name"]}
        self.taken = set()
        for ids in chunks(unit_ids):
            for part in chunks(names):
                self.taken.update(SharedSpace.objects.filter(room__unit_id__in=ids, room__name__in=part).values_list("room__unit_id", "room__name"))
        self.seen = {}
        self.rooms = []

    def relate(self, row, data):
        district = self.unit(row, "district", data["district"], SPACE_UNITS)
        org = self.organisation(row, "organisation", data["organisation"])
        if org is not None and district is not None and not (self.in_scope(org.unit_path) or district.path.startswith(org.unit_path)):
            self.add(row, "organisation", OUT_OF_SCOPE, code=data["organisation"])
        name = data["name"]
        if name and district is not None:
            if (district.pk, name) in self.taken:
                self.add(row, "name", SPACE_TAKEN, value=name, unit=district.name)
            else:
                first = self.seen.setdefault((district.pk, name), row.number)
                if first != row.number:
                    self.add(row, "name", DUPLICATE_IN_FILE, value=name, row=first)
        return {**data, "district": district, "org": org, "types": self.resource_types(row, "types", data["types"])}

    def write(self, item):
        district = item["district"]
        room = Room.objects.create(
            place=None, unit=district, unit_path=district.path, kind=RoomKind.SHARED, name=item["name"], capacity=item["capacity"],
            area_m2=item["area_m2"], equipment=item["equipment"], opening_hours=item["opening_hours"], rules=item["rules"],
        )  # fmt: skip
        space = SharedSpace.objects.create(
            room=room, unit_path=district.path, organisation=item["org"], address=item["address"], description=item["description"],
            fee=item["fee"], uses_per_period=item["uses"], is_active=item["active"],
        )  # fmt: skip
        space.types.set(item["types"])
        sync(space)
        self.rooms.append(room.pk)

    def finish(self):
        for part in chunks(self.rooms):
            slots_refresh(rooms=Room.objects.filter(pk__in=part))
