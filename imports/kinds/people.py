"""Importing households (creating their houses when needed) and residents.

Problems never quote an ID number or a mobile number: they are stored with the job.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from core.protect import digest
from core.validators import normalize_id_number, normalize_mobile, validate_id_number, validate_mobile
from imports.kinds.base import OUT_OF_SCOPE, REQUIRED, Importer, chunks
from imports.problems import source_messages
from imports.spec import HOUSEHOLDS, RESIDENTS, SPECS
from org.models import AreaSource, Unit, UnitKind
from org.services import unit_create
from people.models import Household, Resident, Tenure
from people.services import household_create, resident_create

HOUSE_CODE_LENGTH = Unit._meta.get_field("code").max_length

HOUSEHOLD_TAKEN = gettext_noop("The household number %(value)s is already registered.")
UNKNOWN_HOUSEHOLD = gettext_noop("No household has the number %(value)s.")
AREA_NEEDED = gettext_noop("Required for a new house: this building has no room of this name yet.")
AREA_DIFFERS = gettext_noop("This house already exists with an exclusive area of %(area)s m²; the area here differs.")
AREA_DIFFERS_IN_FILE = gettext_noop("The same house has a different area in row %(row)s.")
HOUSE_CODE_TAKEN = gettext_noop("The house code %(code)s (building code-room) is already used by another unit.")
HOUSE_CODE_TOO_LONG = gettext_noop("The house code (building code-room) would be longer than %(max)s characters; use a shorter room name.")
ID_AS_NUMBER = gettext_noop("Excel stored this ID number as a number and lost digits. Format the column as text and type the number again.")
ID_REGISTERED = gettext_noop("A resident with this ID number is already registered.")
ID_TWICE = gettext_noop("This ID number appears more than once in this file (first in row %(row)s).")


class HouseholdsImporter(Importer):
    spec = SPECS[HOUSEHOLDS]

    def clean(self, row):
        return {
            "building_code": self.text(row, "building_code"),
            "room": self.text(row, "room"),
            "area": self.area(row, "area"),
            "area_source": self.choice(row, "area_source", default=AreaSource.REGISTRY.value),
            "number": self.text(row, "number"),
            "tenure": self.choice(row, "tenure", default=Tenure.OWNER.value),
        }

    def load(self, rows):
        data = [d for _r, d in rows]
        self.buildings = self.units_by_code(d["building_code"] for d in data)
        building_ids = [u.pk for u in self.buildings.values() if u.kind == UnitKind.BUILDING]
        self.houses = {}
        for part in chunks(building_ids):
            for house in Unit.objects.filter(parent_id__in=part, kind=UnitKind.HOUSE).only("id", "code", "name", "kind", "path", "depth", "parent_id", "exclusive_area"):
                self.houses[(house.parent_id, house.name)] = house
        self.codes_taken = set(self.units_by_code(f"{d['building_code']}-{d['room']}" for d in data if d["building_code"] and d["room"]))
        self.numbers_taken = set()
        for part in chunks({d["number"] for d in data if d["number"]}):
            self.numbers_taken.update(Household.objects.filter(number__in=part).values_list("number", flat=True))
        self.seen_numbers, self.planned, self.created = {}, {}, {}

    def relate(self, row, data):
        number, building_code, room, area = data["number"], data["building_code"], data["room"], data["area"]
        if number:
            if number in self.numbers_taken:
                self.add(row, "number", HOUSEHOLD_TAKEN, value=number)
            else:
                self.duplicate(self.seen_numbers, number, row, "number")
        building = self.buildings.get(building_code) if building_code else None
        if building_code and not self.check_parent(row, "building_code", building, building_code, UnitKind.BUILDING):
            building = None
        item = {**data, "building": building, "house": None, "key": None, "house_code": ""}
        if building is None or not room:
            return item
        item["key"] = key = (building.pk, room)
        house = self.houses.get(key)
        if house is not None:
            if area is not None and area != house.exclusive_area:
                self.add(row, "area", AREA_DIFFERS, area=house.exclusive_area if house.exclusive_area is not None else "—")
            item["house"] = house
        elif key in self.planned:
            first_row, first_area = self.planned[key]
            if area is not None and area != first_area:
                self.add(row, "area", AREA_DIFFERS_IN_FILE, row=first_row)
        else:
            item["house_code"] = self.new_house_code(row, building_code, room)
            if area is None and row.values.get("area") is None:
                self.add(row, "area", AREA_NEEDED)
            self.planned[key] = (row.number, area)
        return item

    def new_house_code(self, row, building_code, room) -> str:
        code = f"{building_code}-{room}"
        if len(code) > HOUSE_CODE_LENGTH:
            self.add(row, "room", HOUSE_CODE_TOO_LONG, max=HOUSE_CODE_LENGTH)
        elif code in self.codes_taken:
            self.add(row, "room", HOUSE_CODE_TAKEN, code=code)
        return code

    def write(self, item):
        house = item["house"] or self.created.get(item["key"])
        if house is None:
            house = unit_create(
                parent=item["building"], kind=UnitKind.HOUSE, code=item["house_code"], name=item["room"],
                exclusive_area=item["area"], area_source=item["area_source"],
            )
            self.created[item["key"]] = house
        household_create(house=house, number=item["number"], tenure=item["tenure"])


class ResidentsImporter(Importer):
    spec = SPECS[RESIDENTS]

    def clean(self, row):
        id_number = self.id_number(row)
        return {
            "household_number": self.text(row, "household_number"),
            "name": self.text(row, "name"),
            "id_number": id_number,
            "digest": digest(id_number) if id_number else "",
            "mobile": self.mobile(row),
            "relation": self.choice(row, "relation"),
        }

    def id_number(self, row) -> str | None:
        value = row.values.get("id_number")
        if value is None:
            self.add(row, "id_number", REQUIRED)
            return None
        if isinstance(value, float):
            self.add(row, "id_number", ID_AS_NUMBER)
            return None
        value = normalize_id_number(str(value))
        try:
            validate_id_number(value)
        except ValidationError as e:
            for message in source_messages(e):
                self.add(row, "id_number", message)
            return None
        return value

    def mobile(self, row) -> str:
        value = row.values.get("mobile")
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = normalize_mobile(str(value))
        try:
            validate_mobile(value)
        except ValidationError as e:
            for message in source_messages(e):
                self.add(row, "mobile", message)
            return ""
        return value

    def load(self, rows):
        data = [d for _r, d in rows]
        self.households = {}
        for part in chunks({d["household_number"] for d in data if d["household_number"]}):
            for household in Household.objects.filter(number__in=part).select_related("house"):
                self.households[household.number] = household
        self.registered = set()
        for part in chunks({d["digest"] for d in data if d["digest"]}):
            self.registered.update(Resident.objects.filter(id_number_digest__in=part).values_list("id_number_digest", flat=True))
        self.seen_ids = {}

    def relate(self, row, data):
        number, key = data["household_number"], data["digest"]
        household = self.households.get(number) if number else None
        if number and household is None:
            self.add(row, "household_number", UNKNOWN_HOUSEHOLD, value=number)
        elif household is not None and not self.in_scope(household.unit_path):
            self.add(row, "household_number", OUT_OF_SCOPE, code=number)
        if key:
            first = self.seen_ids.setdefault(key, row.number)
            if key in self.registered:
                self.add(row, "id_number", ID_REGISTERED)
            elif first != row.number:
                self.add(row, "id_number", ID_TWICE, row=first)
        return {**data, "household": household}

    def write(self, item):
        household = item["household"]
        resident_create(
            house=household.house, household=household, name=item["name"], id_number=item["id_number"], mobile=item["mobile"], relation=item["relation"]
        )
